import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import {
  connectClient,
  connectClientV2,
  keyVerifier,
  MemoryAudit,
  memoryCredentials,
  postMcp,
  startTestServer,
  verified,
} from '../../test/support/harness.js';

const KEY = 'emcp_eras_key';
const READ_ONLY = 'emcp_eras_ro_key';
const MODERN = '2026-07-28';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** The `_meta` envelope every 2026-07-28 request carries. */
const envelope = (extra: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'raw-modern', version: '9.9.9' },
  'io.modelcontextprotocol/clientCapabilities': {},
  ...extra,
});

/** The standard headers 2026-07-28 requires beside the body. */
const modernHeaders = (method: string, name?: string) => ({
  'mcp-protocol-version': MODERN,
  'mcp-method': method,
  ...(name ? { 'mcp-name': name } : {}),
});

describe('both protocol eras from one definition, over Streamable HTTP', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const audit = new MemoryAudit();
  const auth = (key = KEY) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    fake = await startNotesFake(['tok-eras']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      audit,
      verifier: keyVerifier({
        [KEY]: verified('tenant-eras', 'key-eras'),
        [READ_ONLY]: verified('tenant-eras', 'key-eras-ro', { readOnly: true }),
      }),
      credentials: memoryCredentials({ 'tenant-eras': { notes: { apiToken: 'tok-eras', baseUrl: fake.url } } }),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it.each([
    ['SDK v1 client (2025-11-25, initialize)', () => connectClient(server.mcpUrl, auth(), 'v1-client')],
    ['SDK v2 client, 2025 era (initialize)', () => connectClientV2(server.mcpUrl, auth(), 'legacy', 'v2-legacy-client')],
    ['SDK v2 client, 2026-07-28 (server/discover)', () => connectClientV2(server.mcpUrl, auth(), 'modern', 'v2-modern-client')],
  ])('%s lists the same tools and calls one through the guards, audited with its name', async (_label, connect) => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['notes_list_notes', 'notes_create_note', 'notes_delete_note']);
    expect(tools[1]).toMatchObject({ inputSchema: { type: 'object', required: ['text'] }, annotations: { readOnlyHint: false } });
    const created = await client.callTool({ name: 'notes_create_note', arguments: { text: `from ${_label}` } });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toMatchObject({ text: `from ${_label}` });
    const expectedName = _label.startsWith('SDK v1') ? 'v1-client' : _label.includes('2026') ? 'v2-modern-client' : 'v2-legacy-client';
    expect(audit.records.at(-1)).toMatchObject({ status: 'ok', toolName: 'notes_create_note', apiKeyId: 'key-eras', clientName: expectedName });
    // Invalid arguments are a tool result the model can read, not a protocol error.
    const invalid = await client.callTool({ name: 'notes_create_note', arguments: { text: '' } });
    expect(invalid.isError).toBe(true);
    expect(audit.records.at(-1)).toMatchObject({ status: 'tool_error', errorCode: 'validation_failed' });
    await client.close();
  });

  it('the v2 client lands on the era it asked for', async () => {
    const modern = await connectClientV2(server.mcpUrl, auth(), 'modern');
    const legacy = await connectClientV2(server.mcpUrl, auth(), 'legacy');
    expect(modern.getProtocolEra()).toBe('modern');
    expect(legacy.getProtocolEra()).toBe('legacy');
    expect(modern.getServerVersion()).toMatchObject({ name: 'enterprise-mcp' });
    await Promise.all([modern.close(), legacy.close()]);
  });

  it('answers server/discover with the modern revision and the tools capability', async () => {
    const response = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: envelope() } },
      { ...auth(), ...modernHeaders('server/discover') },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: Record<string, unknown> };
    expect(body.result).toMatchObject({ supportedVersions: [MODERN], capabilities: { tools: {} } });
    expect(body.result['_meta']).toMatchObject({ 'io.modelcontextprotocol/serverInfo': { name: 'enterprise-mcp' } });
  });

  it('sends tools/list with cache hints (private, per key) in a fixed order on 2026-07-28', async () => {
    const list = () =>
      postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: envelope() } }, { ...auth(), ...modernHeaders('tools/list') }).then(
        (response) => response.json() as Promise<{ result: { tools: Array<{ name: string }>; ttlMs: number; cacheScope: string } }>,
      );
    const [first, second] = await Promise.all([list(), list()]);
    expect(first.result).toMatchObject({ ttlMs: 300_000, cacheScope: 'private' });
    expect(first.result.tools.map((tool) => tool.name)).toEqual(second.result.tools.map((tool) => tool.name));
    const readOnly = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: envelope() } },
      { ...auth(READ_ONLY), ...modernHeaders('tools/list') },
    );
    expect(((await readOnly.json()) as typeof first).result.tools.map((tool) => tool.name)).toEqual(['notes_list_notes']);
  });

  it('rejects a body whose Mcp-Method or Mcp-Name header disagrees with it: HeaderMismatch, HTTP 400', async () => {
    const call = { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {}, _meta: envelope() } };
    const wrongMethod = await postMcp(server.mcpUrl, call, { ...auth(), ...modernHeaders('tools/list', 'notes_list_notes') });
    expect(wrongMethod.status).toBe(400);
    expect(await wrongMethod.json()).toMatchObject({ id: 4, error: { code: -32020 } });
    const wrongName = await postMcp(server.mcpUrl, call, { ...auth(), ...modernHeaders('tools/call', 'notes_delete_note') });
    expect(wrongName.status).toBe(400);
    expect(await wrongName.json()).toMatchObject({ id: 4, error: { code: -32020, message: expect.stringContaining('Mcp-Name') } });
    const missingName = await postMcp(server.mcpUrl, call, { ...auth(), ...modernHeaders('tools/call') });
    expect(missingName.status).toBe(400);
    expect(await missingName.json()).toMatchObject({ error: { code: -32020 } });
    const base64Name = await postMcp(server.mcpUrl, call, {
      ...auth(),
      ...modernHeaders('tools/call', `=?base64?${Buffer.from('notes_list_notes').toString('base64')}?=`),
    });
    expect(base64Name.status).toBe(200);
    expect(audit.records.at(-1)).toMatchObject({ toolName: 'notes_list_notes', status: 'ok' });
  });

  it('refuses a 2026-07-28 request without its envelope, and an unknown revision', async () => {
    const bare = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 5, method: 'tools/list', params: {} }, { ...auth(), ...modernHeaders('tools/list') });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ error: { code: -32602 } });
    const future = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 6, method: 'tools/list', params: { _meta: envelope({ 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }) } },
      { ...auth(), 'mcp-protocol-version': '2099-01-01', 'mcp-method': 'tools/list' },
    );
    expect(future.status).toBe(400);
    expect(await future.json()).toMatchObject({ id: 6, error: { code: -32022, data: { supported: [MODERN] } } });
  });

  it('has no sessions: GET and DELETE are 405 and no answer carries Mcp-Session-Id', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.mcpUrl, { method, headers: { ...auth(), accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    const init = await postMcp(server.mcpUrl, initialize('2025-11-25'), auth());
    expect(init.headers.get('mcp-session-id')).toBeNull();
  });

  it.each(['2025-11-25', '2025-06-18', '2025-03-26'])('negotiates %s with a 2025-era initialize', async (version) => {
    const response = await postMcp(server.mcpUrl, initialize(version), auth());
    expect(await response.json()).toMatchObject({ result: { protocolVersion: version, serverInfo: { name: 'enterprise-mcp' } } });
    const list = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...auth(), 'mcp-protocol-version': version });
    expect(((await list.json()) as { result: { tools: unknown[] } }).result.tools).toHaveLength(3);
  });

  it('accepts 2025-era notifications and posted responses with 202 and no body, and answers only the requests of a batch', async () => {
    for (const message of [{ jsonrpc: '2.0', method: 'notifications/initialized' }, { jsonrpc: '2.0', id: 7, result: {} }]) {
      const response = await postMcp(server.mcpUrl, message, auth());
      expect(response.status).toBe(202);
      expect(await response.text()).toBe('');
    }
    const batch = [
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 'a', method: 'tools/list' },
      { jsonrpc: '2.0', id: 'b', method: 'ping' },
    ];
    const answers = (await (await postMcp(server.mcpUrl, batch, auth())).json()) as Array<{ id: string; result: unknown }>;
    expect(answers.map((answer) => answer.id)).toEqual(['a', 'b']);
    expect(answers[1]!.result).toEqual({});
  });

  it('answers concurrent callers with colliding JSON-RPC ids each with their own answer', async () => {
    const calls = Array.from({ length: 12 }, (_, i) =>
      postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_create_note', arguments: { text: `n${i}` } } }, auth()).then(
        (response) => response.json() as Promise<{ id: number; result: { structuredContent: { text: string } } }>,
      ),
    );
    const answers = await Promise.all(calls);
    expect(answers.map((answer) => answer.id)).toEqual(Array(12).fill(1));
    expect(answers.map((answer) => answer.result.structuredContent.text)).toEqual(Array.from({ length: 12 }, (_, i) => `n${i}`));
  });

  it('takes traceparent from _meta into the request logs and the audit row', async () => {
    const call = {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'notes_list_notes', arguments: {}, _meta: envelope({ traceparent: TRACEPARENT }) },
    };
    const response = await postMcp(server.mcpUrl, call, { ...auth(), ...modernHeaders('tools/call', 'notes_list_notes'), 'x-request-id': 'req-traced' });
    expect(response.status).toBe(200);
    expect(audit.records.at(-1)).toMatchObject({ requestId: 'req-traced', traceparent: TRACEPARENT, clientName: 'raw-modern', status: 'ok' });
    // A malformed value is not stored: the column holds only what a trace backend can join on.
    await postMcp(server.mcpUrl, { ...call, params: { ...call.params, _meta: envelope({ traceparent: 'not-a-trace' }) } }, {
      ...auth(),
      ...modernHeaders('tools/call', 'notes_list_notes'),
    });
    expect(audit.records.at(-1)).toMatchObject({ traceparent: null });
    // The legacy era carries _meta too.
    await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {}, _meta: { traceparent: TRACEPARENT } } }, auth());
    expect(audit.records.at(-1)).toMatchObject({ traceparent: TRACEPARENT });
    expect(server.log.lines.some((line) => line.includes(TRACEPARENT) && line.includes('"req-traced"'))).toBe(true);
  });
});

function initialize(protocolVersion: string) {
  return { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-legacy', version: '1.0.0' } } };
}
