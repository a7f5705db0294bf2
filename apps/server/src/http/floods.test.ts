import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InboundRateLimits } from '../rate-limits/inbound.js';
import { createLimiterStore } from '../rate-limits/store.js';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, MemoryAudit, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';

const SCOPED = 'emcp_scopedprefx_s3cret';
const OTHER_KEY = 'emcp_otherprefix_s3cret';
const TENANT_BUDGET = 20;
const BATCH = 10;

/** A batch of tool calls this key may not make: unknown names (some hostile) and a tool outside its scope. */
function refusedBatch(round: number): unknown[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    jsonrpc: '2.0',
    id: `${round}-${i}`,
    method: 'tools/call',
    params: {
      name: i % 3 === 0 ? 'notes_delete_note' : i % 3 === 1 ? `nope_${round}\n2026-01-01  acme  notes_delete_note  ok\u001b[2J` : `x${'y'.repeat(10_000)}`,
      arguments: { id: '1' },
    },
  }));
}

// eslint-disable-next-line no-control-regex -- the rows must hold none of these
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('Floods: bounded rows', () => {
  let fake: NotesFake;
  let audit: MemoryAudit;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    fake = await startNotesFake(['tok-a']);
    audit = new MemoryAudit();
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      audit,
      verifier: keyVerifier({
        [SCOPED]: verified('tenant-flood', 'key-scoped', { tools: ['notes_list_*'] }),
        [OTHER_KEY]: verified('tenant-lists', 'key-lists'),
      }),
      credentials: memoryCredentials({ 'tenant-flood': { notes: { apiToken: 'tok-a', baseUrl: fake.url } } }),
      settings: { RATE_LIMIT_REQUESTS_PER_MINUTE: TENANT_BUDGET, MCP_MAX_BATCH_MESSAGES: BATCH, MAX_BODY_BYTES: 1024 * 1024 },
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('keeps rows and work within the limits when batches of refused calls flood in', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 50; round++) {
      const response = await postMcp(server.mcpUrl, refusedBatch(round), { authorization: `Bearer ${SCOPED}` });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    // Each call of a batch is one message of the tenant's budget, refused ones too: two batches get through.
    expect(statuses.filter((status) => status === 200)).toHaveLength(TENANT_BUDGET / BATCH);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50 - TENANT_BUDGET / BATCH);

    const rows = audit.records.filter((record) => record.tenantId === 'tenant-flood');
    const denied = rows.filter((record) => record.status === 'denied');
    const limited = rows.filter((record) => record.status === 'rate_limited');
    // 500 calls were sent; the invoker ran (and audited) only the budget's worth, and refusals have a budget of their own.
    expect(denied).toHaveLength(TENANT_BUDGET);
    expect(limited.length).toBeLessThanOrEqual(TENANT_BUDGET);
    expect(rows.length).toBeLessThanOrEqual(2 * TENANT_BUDGET);
    expect(fake.requests).toHaveLength(0);

    for (const row of rows) {
      expect(row.toolName.length).toBeLessThanOrEqual(128);
      expect(row.toolName).not.toMatch(CONTROL);
      expect(row.ecosystem).not.toMatch(CONTROL);
      expect(row.errorMessage ?? '').not.toMatch(CONTROL);
    }
    expect(rows.map((row) => row.toolName)).toContain('nope_0\\n2026-01-01  acme  notes_delete_note  ok\\x1b[2J');
    expect(server.log.text()).toContain('rate-limited tool calls not audited one by one');
  });

  it('refuses a batch larger than MCP_MAX_BATCH_MESSAGES before any call runs', async () => {
    const before = audit.records.length;
    const batch = Array.from({ length: 100 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'tools/list' }));
    const response = await postMcp(server.mcpUrl, batch, { authorization: `Bearer ${OTHER_KEY}` });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32600, message: `A batch may hold at most ${BATCH} messages; this one has 100` } });
    expect(audit.records.length).toBe(before);
  });

  it('answers a tools/list batch within the cap, each message counted', async () => {
    const batch = Array.from({ length: BATCH }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'tools/list' }));
    const first = await postMcp(server.mcpUrl, batch, { authorization: `Bearer ${OTHER_KEY}` });
    expect(first.status).toBe(200);
    expect((await first.json()) as unknown[]).toHaveLength(BATCH);
    const second = await postMcp(server.mcpUrl, batch, { authorization: `Bearer ${OTHER_KEY}` });
    expect(second.status).toBe(200);
    await second.arrayBuffer();
    const third = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: `Bearer ${OTHER_KEY}` });
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: { message: expect.stringContaining("tenant (all its keys share one budget)"), data: { budget: 'tenant' } } });
  });
});

describe('request budgets per API key and per tenant', () => {
  const KEY_A = 'emcp_keyaprefix0_s3cret';
  const KEY_B = 'emcp_keybprefix0_s3cret';
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY_A]: verified('tenant-two-keys', 'key-a'), [KEY_B]: verified('tenant-two-keys', 'key-b') }),
      credentials: memoryCredentials({}),
      settings: { RATE_LIMIT_REQUESTS_PER_MINUTE: 100, RATE_LIMIT_KEY_REQUESTS_PER_MINUTE: 3 },
    });
  });
  afterAll(() => server.close());

  it("stops one key at its own budget while the tenant's other keys go on", async () => {
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    for (let i = 0; i < 3; i++) expect((await postMcp(server.mcpUrl, list, { authorization: `Bearer ${KEY_A}` })).status).toBe(200);
    const refused = await postMcp(server.mcpUrl, list, { authorization: `Bearer ${KEY_A}` });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringMatching(/^Too many requests for this API key: retry after \d+ seconds$/), data: { budget: 'key' } } });
    expect((await postMcp(server.mcpUrl, list, { authorization: `Bearer ${KEY_B}` })).status).toBe(200);
  });
});

describe(`message budgets on the ${process.env['TEST_REDIS_URL'] ? 'redis' : 'memory'} store`, () => {
  it('charges a batch one point per message, key budget first, and says which budget refused', async () => {
    const store = createLimiterStore(process.env['TEST_REDIS_URL'] || undefined, `emcp-test-${randomUUID()}`);
    try {
      expect(await store.ready()).toBe(true);
      const inbound = new InboundRateLimits(store, { requestsPerMinute: 5, keyRequestsPerMinute: 4, toolCallsPerMinute: 100 });
      expect(await inbound.admitRequest('tenant', 'key-1', 3, undefined)).toBeUndefined();
      expect(await inbound.admitRequest('tenant', 'key-1', 3, undefined)).toMatchObject({ budget: 'key', retryAfter: expect.any(Number) });
      expect(await inbound.admitRequest('tenant', 'key-2', 2, undefined)).toBeUndefined();
      expect(await inbound.admitRequest('tenant', 'key-3', 1, undefined)).toMatchObject({ budget: 'tenant' });
      expect(await inbound.mayAuditRefusals('tenant', 5, undefined)).toBe(true);
      expect(await inbound.mayAuditRefusals('tenant', 1, undefined)).toBe(false);
    } finally {
      await store.close();
    }
  });
});
