import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { connectClient, keyVerifier, MemoryAudit, memoryCredentials, startTestServer, verified } from '../../test/support/harness.js';
import { createApiCache } from './index.js';

/** Read answers served again through the real call path: hits, tenant isolation, invalidation by writes, audit marks. */
describe('the API cache in the call path', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let audit: MemoryAudit;
  let tenantA: Client;
  let tenantB: Client;
  const listsReaching = (token: string) => fake.requests.filter((r) => r.method === 'GET' && r.headers['authorization'] === `Bearer ${token}`).length;

  beforeAll(async () => {
    fake = await startNotesFake(['tok-a', 'tok-b']);
    audit = new MemoryAudit();
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      audit,
      cache: createApiCache({ store: 'memory' }),
      settings: { API_CACHE_TTL_SECONDS: 30 },
      verifier: keyVerifier({ 'emcp_a': verified('tenant-a', 'key-a'), 'emcp_b': verified('tenant-b', 'key-b') }),
      credentials: memoryCredentials({
        'tenant-a': { notes: { apiToken: 'tok-a', baseUrl: fake.url } },
        'tenant-b': { notes: { apiToken: 'tok-b', baseUrl: fake.url } },
      }),
    });
    tenantA = await connectClient(server.mcpUrl, { authorization: 'Bearer emcp_a' });
    tenantB = await connectClient(server.mcpUrl, { authorization: 'Bearer emcp_b' });
  });
  afterAll(async () => {
    await tenantA.close();
    await tenantB.close();
    await server.close();
    await fake.close();
  });

  const listNotes = async (client: Client) => {
    const result = await client.callTool({ name: 'notes_list_notes', arguments: {} });
    expect(result.isError).toBeFalsy();
    return (result.structuredContent as { notes: Array<{ text: string }> }).notes.map((note) => note.text);
  };

  it('answers a repeated read from the cache, audited as cached, and never across tenants', async () => {
    await tenantA.callTool({ name: 'notes_create_note', arguments: { text: 'from a' } });
    expect(await listNotes(tenantA)).toEqual(['from a']);
    expect(await listNotes(tenantA)).toEqual(['from a']);
    expect(listsReaching('tok-a')).toBe(1);
    expect(await listNotes(tenantB)).toEqual([]);
    expect(listsReaching('tok-b')).toBe(1);

    const lists = audit.records.filter((row) => row.toolName === 'notes_list_notes');
    expect(lists.map((row) => [row.tenantId, row.cached, row.status])).toEqual([
      ['tenant-a', false, 'ok'],
      ['tenant-a', true, 'ok'],
      ['tenant-b', false, 'ok'],
    ]);
  });

  it("empties a tenant's cache for the ecosystem on any of its writes, and only that tenant's", async () => {
    const before = { a: listsReaching('tok-a'), b: listsReaching('tok-b') };
    await listNotes(tenantB);
    expect(listsReaching('tok-b')).toBe(before.b);
    await tenantA.callTool({ name: 'notes_create_note', arguments: { text: 'second' } });
    expect(await listNotes(tenantA)).toEqual(['from a', 'second']);
    expect(listsReaching('tok-a')).toBe(before.a + 1);
    // Tenant b's answer was not touched by tenant a's write.
    await listNotes(tenantB);
    expect(listsReaching('tok-b')).toBe(before.b);
  });

  it('keys the cache by the arguments, and does not keep failed answers', async () => {
    const before = listsReaching('tok-a');
    const withArg = await tenantA.callTool({ name: 'notes_list_notes', arguments: { apiKey: 'not-used' } });
    expect(withArg.isError).toBeFalsy();
    expect(listsReaching('tok-a')).toBe(before + 1);
    await tenantA.callTool({ name: 'notes_create_note', arguments: { text: 'third' } });
    fake.failNext({ path: '/notes', method: 'GET', status: 503, body: { error: 'down' } });
    const failed = await tenantA.callTool({ name: 'notes_list_notes', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(await listNotes(tenantA)).toEqual(['from a', 'second', 'third']);
  });
});
