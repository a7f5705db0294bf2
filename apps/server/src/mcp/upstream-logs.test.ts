import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_logsprefix0_s3cretpart';

describe('upstream log lines', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    fake = await startNotesFake(['tok-logs']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-logs', 'key-logs') }),
      credentials: memoryCredentials({ 'tenant-logs': { notes: { apiToken: 'tok-logs', baseUrl: fake.url } } }),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('carry the request id, tenant and key of the call that made them, also when the client is reused', async () => {
    for (const requestId of ['req-upstream-1', 'req-upstream-2']) {
      const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {} } };
      const response = await postMcp(server.mcpUrl, call, { authorization: `Bearer ${KEY}`, 'x-request-id': requestId });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const upstream = server.log.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'upstream response');
    expect(upstream).toEqual([
      expect.objectContaining({ requestId: 'req-upstream-1', tenantId: 'tenant-logs', keyId: 'key-logs', platform: 'Notes', status: 200 }),
      expect.objectContaining({ requestId: 'req-upstream-2', tenantId: 'tenant-logs', keyId: 'key-logs', platform: 'Notes', status: 200 }),
    ]);
    expect(server.log.text()).not.toContain('tok-logs');
  });
});
