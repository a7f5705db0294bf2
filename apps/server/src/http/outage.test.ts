import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DatabaseUnavailableError } from '@enterprise-mcp/database';
import type { ToolExecutionRecord } from '@enterprise-mcp/core';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';
import type { KeyVerifier } from '../data-plane/types.js';

const CACHED = 'emcp_aaaaaaaaaaaa_cached';
const UNCACHED = 'emcp_bbbbbbbbbbbb_uncached';

/** A sink whose storage can be switched to "full": the writer's accepting() in miniature. */
class SwitchableAudit {
  readonly records: ToolExecutionRecord[] = [];
  full = false;
  record(record: ToolExecutionRecord): void {
    this.records.push(record);
  }
  async flush(): Promise<void> {}
  accepting(): boolean {
    return !this.full;
  }
}

describe('a database outage over HTTP', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const audit = new SwitchableAudit();

  beforeAll(async () => {
    fake = await startNotesFake(['tok-a']);
    // As the real verifier does in an outage: cached keys answer, others cannot be checked.
    const verifier: KeyVerifier = {
      verify: async (presented) => {
        if (presented === CACHED) return verified('tenant-a', 'key-a');
        throw new DatabaseUnavailableError('API keys cannot be verified: the database is unreachable', { cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') });
      },
    };
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier,
      credentials: memoryCredentials({ 'tenant-a': { notes: { apiToken: 'tok-a', baseUrl: fake.url } } }),
      audit,
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  const call = (key: string, id = 1) =>
    postMcp(server.mcpUrl, { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {} } }, { authorization: `Bearer ${key}` });

  it('answers 503 with Retry-After and a JSON-RPC error carrying retryAfterSeconds, without a stack per request in the log', async () => {
    const before = server.log.lines.length;
    for (let i = 0; i < 3; i++) {
      const response = await call(UNCACHED);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await response.json()) as { error: { code: number; message: string; data: { retryAfterSeconds: number } } };
      expect(body.error).toMatchObject({ code: -32000, data: { retryAfterSeconds: Number(response.headers.get('retry-after')) } });
      expect(body.error.message).toMatch(/database is unreachable.*retry after/i);
    }
    const logged = server.log.lines.slice(before).join('\n');
    expect(logged).not.toContain('unhandled error');
    expect(logged).not.toContain('ECONNREFUSED');
  });

  it('keeps serving a key the verifier still has, and audits its calls', async () => {
    const response = await call(CACHED);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).not.toContain('isError');
    expect(audit.records.at(-1)).toMatchObject({ toolName: 'notes_list_notes', status: 'ok' });
  });

  it('refuses a tool call before it runs, with a retryable error, when the audit trail cannot keep its record', async () => {
    audit.full = true;
    const platformCalls = fake.requests.length;
    const recorded = audit.records.length;
    const response = await call(CACHED, 7);
    audit.full = false;
    const body = (await response.json()) as { result: { isError: boolean; content: Array<{ text: string }> } };
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]!.text).toMatch(/was not run: the audit trail cannot record.*Retry after \d+ seconds/);
    expect(fake.requests.length).toBe(platformCalls);
    expect(audit.records.length).toBe(recorded);
  });
});
