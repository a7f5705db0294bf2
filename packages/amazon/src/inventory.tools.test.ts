import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { amazonEcosystem } from './ecosystem.js';
import { startFake, type AmazonFake } from './testing/index.js';

let fake: AmazonFake;
beforeAll(async () => {
  fake = await startFake({ rateLimits: 'off' });
});
afterAll(() => fake.close());

const run = (args: Record<string, unknown>) => toolHarness(amazonEcosystem, fake, 'refreshToken').run('amazon_list_inventory', args);
const inventory = (outcome: { result: { structuredContent?: unknown } }) => (outcome.result.structuredContent as { inventory: Array<Record<string, unknown>> }).inventory;

describe('amazon_list_inventory', () => {
  it('lists FBA stock per SKU with the breakdown, in the granularity Amazon wants', async () => {
    const rows = inventory(await run({ sellerSkus: ['SUN-BOTTLE-750'] }));
    expect(rows).toEqual([expect.objectContaining({ sellerSku: 'SUN-BOTTLE-750', fulfillable: 112, inboundShipped: 48, reserved: 6, unfulfillable: 2, totalQuantity: 168 })]);
    const query = fake.requests.at(-1)!.query;
    expect(Object.fromEntries(query)).toMatchObject({ granularityType: 'Marketplace', granularityId: 'ATVPDKIKX0DER', marketplaceIds: 'ATVPDKIKX0DER', details: 'true', sellerSkus: 'SUN-BOTTLE-750' });
  });

  it('lists what changed since a time, ignoring SKUs as Amazon does', async () => {
    const since = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const rows = inventory(await run({ changedSince: since, sellerSkus: ['SUN-PACK-40/BLUE'] }));
    expect(rows.map((r) => r['sellerSku']).sort()).toEqual(['SUN-BOTTLE-750', 'SUN-PACK-28']);
    expect(fake.requests.at(-1)!.query.has('sellerSkus')).toBe(false);
  });

  it('without details, only totals', async () => {
    const rows = inventory(await run({ details: false }));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r['fulfillable'] === undefined && typeof r['totalQuantity'] === 'number')).toBe(true);
  });

  it('refuses a marketplace outside the region', async () => {
    const outcome = await run({ marketplaceId: 'A1VC38T7YXB528' });
    expect(outcome.error?.message).toMatch(/marketplaceId: must be marketplaces of the NA region/);
  });

  it('maps an expired token that cannot be refreshed to reconnect_required', async () => {
    const own = await startFake();
    try {
      own.lwa.provider.revokeAll();
      const outcome = await toolHarness(amazonEcosystem, own, 'refreshToken').run('amazon_list_inventory', {});
      expect(outcome.error?.code).toBe('reconnect_required');
    } finally {
      await own.close();
    }
  });
});
