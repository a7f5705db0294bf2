import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startResettingServer, type ResettingServer } from '@enterprise-mcp/core/testing';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_redisdown_key';

/**
 * SECURITY.md: "if Redis is unreachable each replica falls back to its own
 * memory counters rather than failing requests". REDIS_URL points at a port that
 * is held open but resets every connection, so Redis never answers.
 */
describe('rate limits with REDIS_URL set but Redis unreachable', () => {
  let redis: ResettingServer;
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    redis = await startResettingServer();
    fake = await startNotesFake(['tok']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-r', 'key-r') }),
      credentials: memoryCredentials({ 'tenant-r': { notes: { apiToken: 'tok', baseUrl: fake.url } } }),
      settings: { REDIS_URL: `redis://127.0.0.1:${redis.port}`, RATE_LIMIT_REQUESTS_PER_MINUTE: 3 },
    });
  }, 30_000);
  afterAll(async () => {
    await server?.close();
    await Promise.all([fake?.close(), redis?.close()]);
  });

  it('warns at start, serves requests, and still limits them with per-process memory counters', async () => {
    expect(redis.connections).toBeGreaterThan(0);
    expect(server.log.lines.map((line) => JSON.parse(line) as { level: number; msg: string })).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'Redis is not reachable yet: rate limits use per-process memory until it is' }),
    );
    const call = () =>
      postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {} } }, { authorization: `Bearer ${KEY}` });
    for (let i = 0; i < 3; i++) {
      const response = await call();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ result: { structuredContent: { notes: [] } } });
    }
    const over = await call();
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
