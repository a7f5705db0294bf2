/**
 * Amazon's Selling Partner API through the whole server: the platform's
 * request ids in the audit row and the call's log line, the usage plans
 * re-rated by what Amazon reports, and listing previews confirmed on any replica.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { amazonEcosystem } from '@enterprise-mcp/amazon';
import { startFake, type AmazonFake } from '@enterprise-mcp/amazon/testing';
import type { AnyEcosystem } from '@enterprise-mcp/core';
import { openDatabase, type Database } from '@enterprise-mcp/database';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { callTool } from '../../test/support/connections.js';
import { keyVerifier, MemoryAudit, startTestServer, verified } from '../../test/support/harness.js';
import { databasePendingStates } from './pending.js';

const KEY = 'emcp_amazon_requestids';
const OTHER_TENANT_KEY = 'emcp_amazon_other_tenant';

let amazon: AmazonFake;
let server: Awaited<ReturnType<typeof startTestServer>>;
const audit = new MemoryAudit();

beforeAll(async () => {
  // The fake reports (in x-amzn-RateLimit-Limit) a slower rate than getCatalogItem's default plan of 2 a second.
  amazon = await startFake({ rates: { 'catalog.getCatalogItem': 0.1 }, rateLimits: 'off' });
  server = await startTestServer({
    ecosystems: [amazonEcosystem as AnyEcosystem],
    verifier: keyVerifier({ [KEY]: verified('seller-tenant', 'key-amazon') }),
    audit,
    credentials: { configFor: async (_tenant, ecosystem) => (ecosystem === 'amazon' ? { mode: 'refreshToken', ...amazon.configs.refreshToken } : undefined) },
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await amazon?.close();
});

function toolCallLines(tool: string) {
  return server.log.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'tool call' && line['tool'] === tool);
}

describe("Amazon's x-amzn-RequestId", () => {
  it('is kept in the audit row and the log line of a successful call', async () => {
    const before = amazon.requestIds.length;
    const answer = await callTool(server.mcpUrl, KEY, 'amazon_list_marketplace_participations');
    expect(answer.isError).toBe(false);
    const sent = amazon.requestIds.slice(before);
    expect(sent).toHaveLength(1);
    const row = audit.records.find((r) => r.toolName === 'amazon_list_marketplace_participations');
    expect(row).toMatchObject({ status: 'ok', upstreamRequestIds: sent });
    expect(toolCallLines('amazon_list_marketplace_participations')).toEqual([
      expect.objectContaining({ requestId: expect.any(String), tenantId: 'seller-tenant', status: 'ok', upstreamRequestIds: sent }),
    ]);
  });

  it('is kept in the audit row and the log line of a call Amazon refused', async () => {
    const before = amazon.requestIds.length;
    const answer = await callTool(server.mcpUrl, KEY, 'amazon_get_order', { orderId: '999-0000000-0000000' });
    expect(answer.isError).toBe(true);
    const [notFound] = amazon.requestIds.slice(before);
    expect(answer.text).toContain(notFound);
    const row = audit.records.find((r) => r.toolName === 'amazon_get_order');
    expect(row).toMatchObject({ status: 'tool_error', errorCode: 'not_found', upstreamRequestIds: [notFound] });
    expect(toolCallLines('amazon_get_order')).toEqual([expect.objectContaining({ status: 'tool_error', upstreamRequestIds: [notFound] })]);
  });

  it('is a fresh id on every answer of the fake, as Amazon sends', async () => {
    const before = amazon.requestIds.length;
    await callTool(server.mcpUrl, KEY, 'amazon_list_marketplace_participations');
    await callTool(server.mcpUrl, KEY, 'amazon_list_marketplace_participations');
    const sent = amazon.requestIds.slice(before);
    expect(new Set(sent).size).toBe(2);
    const rows = audit.records.filter((r) => r.toolName === 'amazon_list_marketplace_participations').slice(-2);
    expect(rows.map((r) => r.upstreamRequestIds)).toEqual(sent.map((id) => [id]));
  });
});

describe("Amazon's x-amzn-RateLimit-Limit", () => {
  it('re-rates the next call: past the burst, it is 0.1 requests per second, not the default 2', async () => {
    const call = () => callTool(server.mcpUrl, KEY, 'amazon_get_catalog_item', { asin: 'B0DEMO0001' });
    // The first answer re-rates the budget (burst 2 at 0.1/s: 2 per 20 s), which the next two use.
    for (let i = 0; i < 3; i++) expect((await call()).isError).toBe(false);
    const refused = await call();
    expect(refused).toEqual({ isError: true, text: expect.stringContaining('applies 0.1 requests per second now') });
    // The default plan would free a request within a second; at the reported rate it is many seconds away.
    expect(Number(/retry after (\d+) seconds/i.exec(refused.text)?.[1])).toBeGreaterThanOrEqual(10);
    expect(audit.records.at(-1)).toMatchObject({ toolName: 'amazon_get_catalog_item', status: 'rate_limited', upstreamRequestIds: [] });
  });
});

describe('listing previews on two replicas sharing one database', () => {
  let t: TestDatabase;
  let secondDb: Database;
  const replicas: Array<Awaited<ReturnType<typeof startTestServer>>> = [];
  const price = (value: number) => [{ op: 'replace', path: '/attributes/purchasable_offer', value: [{ marketplace_id: 'ATVPDKIKX0DER', currency: 'USD', our_price: [{ schedule: [{ value_with_tax: value }] }] }] }];
  const offerOf = (sku: string) => amazon.state.listings.get(sku)!.attributes['purchasable_offer'];

  /** A replica of the server: its own process state, the shared database for pending values (and, optionally, a clock). */
  const replica = async (db: Database, now?: () => number) => {
    const started = await startTestServer({
      ecosystems: [amazonEcosystem as AnyEcosystem],
      verifier: keyVerifier({ [KEY]: verified('seller-tenant', 'key-amazon'), [OTHER_TENANT_KEY]: verified('other-tenant', 'key-other') }),
      credentials: { configFor: async (_tenant, ecosystem) => (ecosystem === 'amazon' ? { mode: 'refreshToken', ...amazon.configs.refreshToken } : undefined) },
      pending: databasePendingStates(db.prisma, { now }),
    });
    replicas.push(started);
    return started;
  };
  const preview = async (on: { mcpUrl: string }, value: number) => {
    const answer = await callTool(on.mcpUrl, KEY, 'amazon_update_listing', { sku: 'SUN-BOTTLE-750', productType: 'WATER_BOTTLE', patches: price(value) });
    expect(answer.isError).toBe(false);
    return (JSON.parse(answer.text) as { previewId: string }).previewId;
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    secondDb = t.url ? await openDatabase({ databaseUrl: t.url, poolSize: 2 }) : t.db;
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    if (secondDb !== t.db) await secondDb.close();
    await t.cleanup();
  });

  it('previews on one replica and submits on the other; a second confirmation is refused with "preview again"', async () => {
    const [first, second] = [await replica(t.db), await replica(secondDb)];
    const previewId = await preview(first, 19.99);
    expect(offerOf('SUN-BOTTLE-750')).not.toEqual(price(19.99)[0]!.value);
    const confirmed = await callTool(second.mcpUrl, KEY, 'amazon_update_listing', { previewId });
    expect(confirmed).toEqual({ isError: false, text: expect.stringContaining('"stage":"submitted"') });
    expect(offerOf('SUN-BOTTLE-750')).toEqual(price(19.99)[0]!.value);
    const again = await callTool(first.mcpUrl, KEY, 'amazon_update_listing', { previewId });
    expect(again).toEqual({ isError: true, text: expect.stringContaining('preview again') });
    // The value stayed in the database, not in a log line.
    for (const server of [first, second]) expect(server.log.text()).not.toContain('19.99');
  });

  it("does not know another tenant's preview id, which its own tenant can still confirm", async () => {
    const [first, second] = replicas;
    const previewId = await preview(first!, 18.5);
    const stranger = await callTool(second!.mcpUrl, OTHER_TENANT_KEY, 'amazon_update_listing', { previewId });
    expect(stranger).toEqual({ isError: true, text: expect.stringContaining(`No listing preview ${previewId} is waiting`) });
    expect(offerOf('SUN-BOTTLE-750')).not.toEqual(price(18.5)[0]!.value);
    expect((await callTool(second!.mcpUrl, KEY, 'amazon_update_listing', { previewId })).isError).toBe(false);
    expect(offerOf('SUN-BOTTLE-750')).toEqual(price(18.5)[0]!.value);
  });

  it('refuses an expired preview id: a replica whose clock is past the 15 minutes', async () => {
    const previewId = await preview(replicas[0]!, 17.25);
    const later = await replica(secondDb, () => Date.now() + 16 * 60_000);
    const expired = await callTool(later.mcpUrl, KEY, 'amazon_update_listing', { previewId });
    expect(expired).toEqual({ isError: true, text: expect.stringContaining('expired') });
    expect(expired.text).toContain('preview again');
    expect(offerOf('SUN-BOTTLE-750')).not.toEqual(price(17.25)[0]!.value);
  });
});
