/**
 * Amazon's Selling Partner API through the whole server: the platform's
 * request ids in the audit row and the call's log line, and the usage plans
 * re-rated by what Amazon reports.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { amazonEcosystem } from '@enterprise-mcp/amazon';
import { startFake, type AmazonFake } from '@enterprise-mcp/amazon/testing';
import type { AnyEcosystem } from '@enterprise-mcp/core';
import { callTool } from '../../test/support/connections.js';
import { keyVerifier, MemoryAudit, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_amazon_requestids';

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
