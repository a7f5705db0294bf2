import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { amazonEcosystem } from './ecosystem.js';
import { startFake, type AmazonFake } from './testing/index.js';

let fake: AmazonFake;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());

const harness = (extra: Record<string, unknown> = {}) => toolHarness(amazonEcosystem, { configs: { refreshToken: { ...fake.configs.refreshToken, ...extra } } }, 'refreshToken');
const weekAgo = () => new Date(Date.now() - 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const structured = (outcome: { result: { structuredContent?: unknown } }) => outcome.result.structuredContent as Record<string, unknown>;

describe('amazon_search_orders', () => {
  it('finds the orders created in a window, filtered by status, with the LWA token and a proper User-Agent', async () => {
    const outcome = await harness().run('amazon_search_orders', { createdAfter: weekAgo(), fulfillmentStatuses: ['SHIPPED'] });
    expect(outcome.status).toBe('ok');
    const orders = structured(outcome).orders as Array<{ orderId: string; fulfillment?: unknown }>;
    expect(orders.map((o) => o.orderId)).toEqual(['113-4820193-0001002', '113-4820193-0001003']);
    // No includedData: no sections beyond the core fields.
    expect(orders[0]!.fulfillment).toBeUndefined();
    const request = fake.requests.findLast((r) => r.path === '/orders/2026-01-01/orders')!;
    expect(request.headers['x-amz-access-token']).toMatch(/^at-/);
    expect(request.headers['authorization']).toBeUndefined();
    expect(request.headers['user-agent']).toMatch(/^enterprise-mcp\/\S+ \(Language=JavaScript; Platform=Node\.js\\\/[\d.]+; Library=@enterprise-mcp\\\/amazon\\\/[\d.]+\)$/);
    expect(request.query.get('marketplaceIds')).toBe('ATVPDKIKX0DER');
  });

  it('walks pages up to the limit and hands back the token to continue', async () => {
    const first = structured(await harness().run('amazon_search_orders', { createdAfter: weekAgo(), limit: 2 }));
    expect((first.orders as unknown[]).length).toBe(2);
    expect(first.nextToken).toEqual(expect.any(String));
    const rest = structured(await harness().run('amazon_search_orders', { createdAfter: weekAgo(), paginationToken: first.nextToken, limit: 10 }));
    expect((rest.orders as Array<{ orderId: string }>).map((o) => o.orderId)).toEqual(['113-4820193-0001003', '113-4820193-0001004']);
    expect(rest.nextToken).toBeUndefined();
  });

  it('includes the sections asked for', async () => {
    const outcome = await harness().run('amazon_search_orders', { lastUpdatedAfter: weekAgo(), includedData: ['FULFILLMENT', 'PROCEEDS'], fulfilledBy: ['MERCHANT'] });
    const orders = structured(outcome).orders as Array<{ fulfillment: { fulfilledBy: string }; proceeds: unknown; buyer?: unknown }>;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.fulfillment.fulfilledBy === 'MERCHANT' && o.proceeds && o.buyer === undefined)).toBe(true);
  });

  it("refuses buyers' personal data unless the server allows it, and returns it when it does", async () => {
    const refused = await harness().run('amazon_search_orders', { createdAfter: weekAgo(), includedData: ['BUYER'] });
    expect(refused.status).toBe('tool_error');
    expect(refused.error?.code).toBe('permission_denied');
    expect(refused.error?.message).toMatch(/AMAZON_ALLOW_PERSONAL_DATA/);
    const allowed = await harness({ allowPersonalData: true }).run('amazon_search_orders', { createdAfter: weekAgo(), includedData: ['BUYER'], limit: 1 });
    expect((structured(allowed).orders as Array<{ buyer: { buyerName: string } }>)[0]!.buyer.buyerName).toBe('Jordan Lee');
  });

  it("releases personal data only to a caller holding the personal_data level, even where the deployment allows it", async () => {
    const allowedHere = harness({ allowPersonalData: true });
    const withoutLevel = await allowedHere.run('amazon_search_orders', { createdAfter: weekAgo(), includedData: ['BUYER'], limit: 1 }, { permissions: new Set() });
    expect(withoutLevel.error?.code).toBe('permission_denied');
    expect(withoutLevel.error?.message).toMatch(/amazon:personal_data/);
    const tokenRequests = fake.requests.filter((r) => r.path === '/tokens/2021-03-01/restrictedDataToken').length;
    const regulated = await allowedHere.run('amazon_get_order_regulated_info', { orderId: '902-3159896-1390916' }, { permissions: new Set() });
    expect(regulated.error?.code).toBe('permission_denied');
    // No restricted data token was even asked for.
    expect(fake.requests.filter((r) => r.path === '/tokens/2021-03-01/restrictedDataToken').length).toBe(tokenRequests);
    const withLevel = await allowedHere.run('amazon_search_orders', { createdAfter: weekAgo(), includedData: ['BUYER'], limit: 1 }, { permissions: new Set(['personal_data']) });
    expect(withLevel.status).toBe('ok');
  });

  it('searches the last week when no window is given, and names the field when only an end is', async () => {
    const outcome = await harness().run('amazon_search_orders', { fulfillmentStatuses: ['PENDING'] });
    expect((structured(outcome).orders as Array<{ orderId: string }>).map((o) => o.orderId)).toEqual([]);
    expect(Date.parse(fake.requests.at(-1)!.query.get('createdAfter')!)).toBeGreaterThan(Date.now() - 7 * 86_400_000 - 60_000);
    const before = fake.requests.length;
    const endOnly = await harness().run('amazon_search_orders', { createdBefore: weekAgo() });
    expect(endOnly.error?.message).toContain('createdAfter: give createdAfter or lastUpdatedAfter');
    expect(fake.requests.length).toBe(before);
  });

  it("passes on Amazon's own rule: the window must end 2 minutes ago, with the request id in the error", async () => {
    const outcome = await harness().run('amazon_search_orders', { createdAfter: weekAgo(), createdBefore: new Date().toISOString() });
    expect(outcome.error?.code).toBe('validation_failed');
    expect(outcome.error?.message).toMatch(/createdBefore must be at least 2 minutes before.*\(Amazon InvalidInput\)/);
    expect(outcome.error?.message).toMatch(/x-amzn-RequestId [0-9a-f-]{36}/);
  });

  it("replays the model's sandbox case for a Japanese search exactly", async () => {
    const client = toolHarness(amazonEcosystem, { configs: { refreshToken: { ...fake.configs.refreshToken, region: 'FE' } } }, 'refreshToken');
    const outcome = await client.run('amazon_search_orders', {
      createdAfter: '2024-12-25T00:00:00Z',
      marketplaceIds: ['A1VC38T7YXB528'],
      includedData: ['BUYER', 'RECIPIENT', 'PROCEEDS', 'EXPENSE', 'PROMOTION', 'CANCELLATION', 'FULFILLMENT', 'PACKAGES'],
    });
    // BUYER needs personal data: the same call with it allowed gets Amazon's example.
    expect(outcome.error?.code).toBe('permission_denied');
    const allowed = toolHarness(amazonEcosystem, { configs: { refreshToken: { ...fake.configs.refreshToken, region: 'FE', allowPersonalData: true } } }, 'refreshToken');
    const replayed = await allowed.run('amazon_search_orders', {
      createdAfter: '2024-12-25T00:00:00Z',
      marketplaceIds: ['A1VC38T7YXB528'],
      includedData: ['BUYER', 'RECIPIENT', 'PROCEEDS', 'EXPENSE', 'PROMOTION', 'CANCELLATION', 'FULFILLMENT', 'PACKAGES'],
    });
    expect(replayed.error?.message).toBeUndefined();
    expect(replayed.status).toBe('ok');
    const orders = structured(replayed).orders as Array<{ orderId: string; salesChannel: { marketplaceId: string } }>;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.salesChannel.marketplaceId === 'A1VC38T7YXB528')).toBe(true);
  });

  it('refuses a marketplace of another region, naming the field', async () => {
    const outcome = await harness().run('amazon_search_orders', { createdAfter: weekAgo(), marketplaceIds: ['A1PA6795UKMFR9'] });
    expect(outcome.error?.message).toMatch(/not in the NA region.*marketplaceIds/);
  });
});

describe('amazon_get_order', () => {
  it('reads an order with its items', async () => {
    const outcome = await harness().run('amazon_get_order', { orderId: '113-4820193-0001003' });
    const order = structured(outcome).order as { orderItems: Array<{ product: { sellerSku: string } }>; fulfillment: { fulfillmentStatus: string } };
    expect(order.orderItems.map((i) => i.product.sellerSku)).toEqual(['SUN-BOTTLE-750', 'SUN-PACK-28']);
    expect(order.fulfillment.fulfillmentStatus).toBe('SHIPPED');
  });

  it("replays the model's sandbox order exactly", async () => {
    const outcome = await harness().run('amazon_get_order', { orderId: '114-9876543-1234567', includedData: ['RECIPIENT', 'PROCEEDS', 'FULFILLMENT'] });
    // RECIPIENT is personal data.
    expect(outcome.error?.code).toBe('permission_denied');
    const allowed = await harness({ allowPersonalData: true }).run('amazon_get_order', { orderId: '114-9876543-1234567', includedData: ['RECIPIENT', 'PROCEEDS', 'FULFILLMENT'] });
    expect((structured(allowed).order as { orderId: string }).orderId).toBe('114-9876543-1234567');
  });

  it('maps an unknown order to not_found and the sandbox TEST_CASE_400 to validation_failed', async () => {
    expect((await harness().run('amazon_get_order', { orderId: '999-0000000-0000000' })).error?.code).toBe('not_found');
    expect((await harness().run('amazon_get_order', { orderId: 'TEST_CASE_400', includedData: [] })).error?.code).toBe('validation_failed');
  });
});

describe('amazon_get_order_regulated_info (v0, restricted data token)', () => {
  it('is refused without personal data, and sends no request', async () => {
    const before = fake.requests.length;
    const outcome = await harness().run('amazon_get_order_regulated_info', { orderId: '902-3159896-1390916' });
    expect(outcome.error?.code).toBe('permission_denied');
    expect(fake.requests.length).toBe(before);
  });

  it('fetches a restricted data token for exactly that resource and calls with it', async () => {
    const outcome = await harness({ allowPersonalData: true }).run('amazon_get_order_regulated_info', { orderId: '902-3159896-1390916' });
    expect(outcome.status).toBe('ok');
    expect((structured(outcome).regulatedInfo as { AmazonOrderId: string }).AmazonOrderId).toBe('902-3159896-1390916');
    const [tokenRequest, call] = fake.requests.slice(-2);
    expect(tokenRequest!.path).toBe('/tokens/2021-03-01/restrictedDataToken');
    expect(tokenRequest!.body).toEqual({ restrictedResources: [{ method: 'GET', path: '/orders/v0/orders/902-3159896-1390916/regulatedInfo' }] });
    expect(call!.headers['x-amz-access-token']).toMatch(/^Atz\.sprdt\|/);
  });
});
