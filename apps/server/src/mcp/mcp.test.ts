import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import {
  connectClient,
  keyVerifier,
  MemoryAudit,
  memoryCredentials,
  postMcp,
  startTestServer,
  verified,
} from '../../test/support/harness.js';

const FULL = 'emcp_full_key';
const READ_ONLY = 'emcp_ro_key';
const SCOPED = 'emcp_scoped_key';
const LIMITED = 'emcp_limited_key';
const OTHER = 'emcp_other_tenant_key';
const NO_NOTES = 'emcp_tenant_without_notes';

describe('MCP over Streamable HTTP', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let audit: MemoryAudit;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    fake = await startNotesFake(['tok-a', 'tok-b']);
    audit = new MemoryAudit();
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      audit,
      verifier: keyVerifier({
        [FULL]: verified('tenant-a', 'key-full'),
        [READ_ONLY]: verified('tenant-a', 'key-ro', { readOnly: true }),
        [SCOPED]: verified('tenant-a', 'key-scoped', { tools: ['notes_list_*'] }),
        [LIMITED]: verified('tenant-limited', 'key-limited', {}, { rateLimits: { requestsPerMinute: 4, perTool: { notes_list_notes: 1 } } }),
        [OTHER]: verified('tenant-b', 'key-b'),
        [NO_NOTES]: verified('tenant-a', 'key-no-notes', {}, { enabledEcosystems: ['cloudflare'] }),
      }),
      credentials: memoryCredentials({
        'tenant-a': { notes: { apiToken: 'tok-a', baseUrl: fake.url } },
        'tenant-b': { notes: { apiToken: 'tok-b', baseUrl: fake.url } },
        'tenant-limited': { notes: { apiToken: 'tok-a', baseUrl: fake.url } },
      }),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('lists every tool for a full key, with JSON Schemas and annotations', async () => {
    const client = await connectClient(server.mcpUrl, auth(FULL));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['notes_list_notes', 'notes_create_note', 'notes_delete_note']);
    const create = tools.find((tool) => tool.name === 'notes_create_note')!;
    expect(create.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string', minLength: 1 } }, required: ['text'] });
    expect(create.outputSchema).toMatchObject({ type: 'object' });
    expect(create.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, openWorldHint: true, title: 'Create note' });
    expect(client.getServerVersion()).toMatchObject({ name: 'enterprise-mcp' });
    await client.close();
  });

  it('shows read-only keys only read-only tools and tool-scoped keys only their tools', async () => {
    const readOnly = await connectClient(server.mcpUrl, auth(READ_ONLY));
    expect((await readOnly.listTools()).tools.map((tool) => tool.name)).toEqual(['notes_list_notes']);
    const scoped = await connectClient(server.mcpUrl, auth(SCOPED));
    expect((await scoped.listTools()).tools.map((tool) => tool.name)).toEqual(['notes_list_notes']);
    await Promise.all([readOnly.close(), scoped.close()]);
  });

  it("hides ecosystems the tenant's settings do not enable", async () => {
    const client = await connectClient(server.mcpUrl, auth(NO_NOTES));
    expect((await client.listTools()).tools).toEqual([]);
    expect((await client.callTool({ name: 'notes_list_notes', arguments: {} })).isError).toBe(true);
    expect(audit.records.at(-1)).toMatchObject({ status: 'denied', apiKeyId: 'key-no-notes' });
    await client.close();
  });

  it('denies and audits a call to a tool the key cannot see', async () => {
    const client = await connectClient(server.mcpUrl, auth(READ_ONLY));
    const result = await client.callTool({ name: 'notes_create_note', arguments: { text: 'nope' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('not available with this API key');
    expect(fake.notesByToken.get('tok-a')).toEqual([]);
    expect(audit.records.at(-1)).toMatchObject({
      tenantId: 'tenant-a',
      apiKeyId: 'key-ro',
      toolName: 'notes_create_note',
      ecosystem: 'notes',
      status: 'denied',
      errorCode: 'permission_denied',
    });
    await client.close();
  });

  it('calls a tool with the tenant credentials and audits it with client info and redacted arguments', async () => {
    const client = await connectClient(server.mcpUrl, { ...auth(FULL), 'x-request-id': 'req-audit-1', 'mcp-client': 'claude-desktop/0.9.1' });
    const created = await client.callTool({ name: 'notes_create_note', arguments: { text: 'hello' } });
    expect(created.structuredContent).toEqual({ id: '1', text: 'hello' });
    // The platform takes 80 ms to answer the list: the audited duration covers that wait (less a timer’s slack).
    fake.setLatency(80);
    const listed = await client.callTool({ name: 'notes_list_notes', arguments: { apiKey: 'sk-should-not-be-stored' } });
    fake.setLatency(0);
    expect(listed.structuredContent).toEqual({ notes: [{ id: '1', text: 'hello' }] });
    const [create, list] = audit.records.slice(-2);
    expect(create).toMatchObject({ status: 'ok', toolName: 'notes_create_note', requestId: 'req-audit-1', clientName: 'claude-desktop', clientVersion: '0.9.1', arguments: { text: 'hello' } });
    expect(list?.arguments).toEqual({ apiKey: '[REDACTED]' });
    expect(list?.durationMs).toBeGreaterThanOrEqual(75);
    await client.close();
  });

  it('takes the client name from the initialize handshake when no header names it', async () => {
    const client = await connectClient(server.mcpUrl, auth(SCOPED), 'handshake-client');
    await client.callTool({ name: 'notes_list_notes', arguments: {} });
    expect(audit.records.at(-1)).toMatchObject({ clientName: 'handshake-client', clientVersion: '1.2.3', status: 'ok' });
    await client.close();
  });

  it('keeps tenants apart: each reaches the platform with its own credential only', async () => {
    const clientB = await connectClient(server.mcpUrl, auth(OTHER));
    await clientB.callTool({ name: 'notes_create_note', arguments: { text: 'from b' } });
    const seenByB = await clientB.callTool({ name: 'notes_list_notes', arguments: {} });
    expect(seenByB.structuredContent).toEqual({ notes: [{ id: '1', text: 'from b' }] });
    expect(fake.notesByToken.get('tok-a')!.map((note) => note.text)).not.toContain('from b');
    const tokensUsedByB = fake.requests
      .filter((request) => request.body && (request.body as { text?: string }).text === 'from b')
      .map((request) => request.headers['authorization']);
    expect(tokensUsedByB).toEqual(['Bearer tok-b']);
    await clientB.close();
  });

  it('reports a failed platform call as an error result and audits it', async () => {
    fake.failNext({ status: 503, body: { error: 'maintenance' }, path: '/notes', method: 'POST' });
    const client = await connectClient(server.mcpUrl, auth(FULL));
    const result = await client.callTool({ name: 'notes_create_note', arguments: { text: 'x' } });
    expect(result.isError).toBe(true);
    expect(audit.records.at(-1)).toMatchObject({ status: 'upstream_error', errorCode: 'upstream_unavailable' });
    const invalid = await client.callTool({ name: 'notes_create_note', arguments: { text: '' } });
    expect(invalid.isError).toBe(true);
    expect(audit.records.at(-1)).toMatchObject({ status: 'tool_error', errorCode: 'validation_failed' });
    await client.close();
  });

  it('limits tool calls per tenant and tool with an error result saying when to retry', async () => {
    const before = audit.records.length;
    const client = await connectClient(server.mcpUrl, auth(LIMITED));
    const first = await client.callTool({ name: 'notes_list_notes', arguments: {} });
    expect(first.isError).toBeFalsy();
    const second = await client.callTool({ name: 'notes_list_notes', arguments: {} });
    expect(second.isError).toBe(true);
    expect(JSON.stringify(second.content)).toMatch(/retry after \d+ seconds/);
    expect(audit.records.slice(before).map((record) => record.status)).toEqual(['ok', 'rate_limited']);
    await client.close().catch(() => {});
  });

  it('limits whole requests per tenant with 429 and Retry-After, auditing refused tool calls', async () => {
    // The previous test spent all 4 of this tenant's requests (initialize, initialized, two calls).
    const call = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'notes_create_note', arguments: { text: 'late' } } };
    const response = await postMcp(server.mcpUrl, call, auth(LIMITED));
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('retry after') } });
    expect(audit.records.at(-1)).toMatchObject({ status: 'rate_limited', toolName: 'notes_create_note', apiKeyId: 'key-limited' });
  });
});
