import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { connectClient, connectClientV2, keyVerifier, MemoryAudit, memoryCredentials, startTestServer, verified } from '../../test/support/harness.js';

const COMPACT = 'emcp_compact_key';
const COMPACT_RO = 'emcp_compact_ro_key';
const FULL = 'emcp_full_key';

describe('the compact tool surface (a key setting)', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const audit = new MemoryAudit();
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    fake = await startNotesFake(['tok-compact']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      audit,
      verifier: keyVerifier({
        [COMPACT]: verified('tenant-c', 'key-compact', { toolSurface: 'compact' }),
        [COMPACT_RO]: verified('tenant-c', 'key-compact-ro', { toolSurface: 'compact', readOnly: true }),
        [FULL]: verified('tenant-c', 'key-full'),
      }),
      credentials: memoryCredentials({ 'tenant-c': { notes: { apiToken: 'tok-compact', baseUrl: fake.url } } }),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it.each([
    ['2025 era (SDK v1)', () => connectClient(server.mcpUrl, auth(COMPACT))],
    ['2026-07-28 (SDK v2)', () => connectClientV2(server.mcpUrl, auth(COMPACT), 'modern')],
  ])('lists three meta-tools instead of every tool, %s', async (_era, connect) => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_tools', 'describe_tool', 'call_tool']);
    expect(tools[2]!.annotations).toMatchObject({ destructiveHint: true });
    await client.close();
  });

  it('finds tools by words, describes one, and calls it through the guards: the audit row names the real tool', async () => {
    const client = await connectClientV2(server.mcpUrl, auth(COMPACT), 'modern', 'compact-client');
    const found = await client.callTool({ name: 'search_tools', arguments: { query: 'create a note' } });
    const hits = (found.structuredContent as { tools: Array<{ name: string; readOnly: boolean }>; total: number });
    expect(hits.tools[0]).toMatchObject({ name: 'notes_create_note', readOnly: false });
    expect(hits.total).toBe(3);
    const described = await client.callTool({ name: 'describe_tool', arguments: { name: 'notes_create_note' } });
    expect(described.structuredContent).toMatchObject({ name: 'notes_create_note', inputSchema: { required: ['text'] } });
    const before = audit.records.length;
    const called = await client.callTool({ name: 'call_tool', arguments: { name: 'notes_create_note', arguments: { text: 'compact' } } });
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toMatchObject({ text: 'compact' });
    // Only the real call is audited, under its own name; searching and describing reach no platform.
    expect(audit.records.slice(before)).toEqual([
      expect.objectContaining({ toolName: 'notes_create_note', ecosystem: 'notes', status: 'ok', apiKeyId: 'key-compact', clientName: 'compact-client' }),
    ]);
    await client.close();
  });

  it('keeps the key’s scopes: a read-only compact key neither finds nor calls a write tool', async () => {
    const client = await connectClient(server.mcpUrl, auth(COMPACT_RO));
    const found = await client.callTool({ name: 'search_tools', arguments: { query: 'note' } });
    expect((found.structuredContent as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name)).toEqual(['notes_list_notes']);
    const described = await client.callTool({ name: 'describe_tool', arguments: { name: 'notes_delete_note' } });
    expect(described.isError).toBe(true);
    const refused = await client.callTool({ name: 'call_tool', arguments: { name: 'notes_delete_note', arguments: { id: '1' } } });
    expect(refused.isError).toBe(true);
    expect(audit.records.at(-1)).toMatchObject({ toolName: 'notes_delete_note', status: 'denied', apiKeyId: 'key-compact-ro' });
    await client.close();
  });

  it('answers bad meta-tool arguments with a tool error naming the field', async () => {
    const client = await connectClient(server.mcpUrl, auth(COMPACT));
    const result = await client.callTool({ name: 'search_tools', arguments: { query: '', limit: 500 } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/query.*limit/);
    const invalid = await client.callTool({ name: 'call_tool', arguments: { name: 'notes_create_note', arguments: { text: '' } } });
    expect(invalid.isError).toBe(true);
    expect(audit.records.at(-1)).toMatchObject({ toolName: 'notes_create_note', status: 'tool_error', errorCode: 'validation_failed' });
    await client.close();
  });

  it('leaves full keys as they were: every tool listed, meta-tool names unknown', async () => {
    const client = await connectClient(server.mcpUrl, auth(FULL));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['notes_list_notes', 'notes_create_note', 'notes_delete_note']);
    expect((await client.callTool({ name: 'search_tools', arguments: { query: 'note' } })).isError).toBe(true);
    await client.close();
  });
});
