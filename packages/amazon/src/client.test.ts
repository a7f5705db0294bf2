import { afterEach, describe, expect, it } from '@jest/globals';
import { createEcosystemClient, parseEcosystemConfig, RateLimitedError, ReconnectRequiredError, type OutboundRequest } from '@enterprise-mcp/core';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { SpApiBuckets } from './buckets.js';
import { amazonConsentUrl, amazonEcosystem } from './ecosystem.js';
import { getMarketplaceParticipations } from './sellers.api.js';
import { startFake, type AmazonFake, type AmazonFakeOptions } from './testing/index.js';

const running: AmazonFake[] = [];
const start = async (options: AmazonFakeOptions = {}) => {
  const fake = await startFake(options);
  running.push(fake);
  return fake;
};
afterEach(() => Promise.all(running.splice(0).map((fake) => fake.close())));

const privateApp = (fake: AmazonFake, extra: Record<string, unknown> = {}) =>
  createEcosystemClient(amazonEcosystem, parseEcosystemConfig(amazonEcosystem, { ...fake.configs.refreshToken, ...extra }));
const tokenRequests = (fake: AmazonFake) => fake.requests.filter((r) => r.path === '/auth/o2/token');

describe('refreshToken mode: the package trades the refresh token at LWA', () => {
  it('sends the form grant with the app credentials once, and reuses the access token', async () => {
    const fake = await start();
    const client = privateApp(fake);
    await getMarketplaceParticipations(client);
    await getMarketplaceParticipations(client);
    const grants = tokenRequests(fake);
    expect(grants).toHaveLength(1);
    const form = new URLSearchParams(grants[0]!.body as string);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(fake.configs.refreshToken.refreshToken);
    expect(form.get('client_id')).toBe(fake.configs.refreshToken.clientId);
    expect(grants[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    // The refresh token is never sent to SP-API itself.
    expect(fake.requests.filter((r) => r.headers['x-amz-access-token'] === fake.configs.refreshToken.refreshToken)).toEqual([]);
  });

  it("refreshes once after Amazon's 403 for an expired token and sends the call again", async () => {
    const fake = await start();
    const client = privateApp(fake);
    await getMarketplaceParticipations(client);
    fake.lwa.provider.expireAccessTokens();
    expect(await getMarketplaceParticipations(client)).toHaveLength(2);
    expect(tokenRequests(fake)).toHaveLength(2);
  });

  it('turns invalid_grant into reconnect_required, with no secret in the message', async () => {
    const fake = await start();
    const client = privateApp(fake, { refreshToken: 'Atzr|revoked-or-wrong' });
    const error = await getMarketplaceParticipations(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconnectRequiredError);
    expect((error as Error).message).toMatch(/invalid grant parameter : refresh_token/);
    expect((error as Error).message).not.toContain('Atzr|revoked');
    const invalidClient = await getMarketplaceParticipations(privateApp(fake, { clientSecret: 'wrong' })).catch((e: unknown) => e);
    expect((invalidClient as { code: string }).code).toBe('authentication_failed');
  });
});

describe('oauth mode: tokens from the host, the seller from the connection', () => {
  it("uses the host's provider and the connection's selling partner id for Listings", async () => {
    const fake = await start();
    const resolved = parseEcosystemConfig(amazonEcosystem, { ...fake.configs.oauth, mode: 'oauth' });
    const harness = toolHarness(amazonEcosystem, fake, { mode: 'oauth', deps: { connection: fake.connection } });
    expect(resolved.mode).toBe('oauth');
    const outcome = await harness.run('amazon_get_listing', { sku: 'SUN-PACK-28' });
    expect(outcome.status).toBe('ok');
    expect(fake.requests.at(-1)!.path).toBe(`/listings/2021-08-01/items/${fake.sellerId}/SUN-PACK-28`);
  });

  it('identifies the seller from the callback and builds the consent URL for a draft app', () => {
    const identity = amazonEcosystem.authModes.oauth.oauth!.identify({ tokens: { accessToken: 'a', raw: {} }, params: { selling_partner_id: 'A2SELLER', state: 's' } });
    expect(identity.externalIds).toEqual({ sellingPartnerId: 'A2SELLER' });
    expect(() => amazonEcosystem.authModes.oauth.oauth!.identify({ tokens: { accessToken: 'a', raw: {} }, params: {} })).toThrow(/selling_partner_id/);
    const url = new URL(amazonConsentUrl({ applicationId: 'amzn1.sp.solution.x', state: 'st', region: 'EU', marketplaceId: 'A1PA6795UKMFR9', draftApp: true }));
    expect(url.origin).toBe('https://sellercentral-europe.amazon.com');
    expect(Object.fromEntries(url.searchParams)).toEqual({ application_id: 'amzn1.sp.solution.x', state: 'st', version: 'beta' });
  });

  it('without a seller id, Listings calls say where to find it', async () => {
    const fake = await start();
    const { sellerId: _sellerId, ...withoutSeller } = fake.configs.refreshToken;
    const harness = toolHarness(amazonEcosystem, { configs: { refreshToken: withoutSeller } }, 'refreshToken');
    const outcome = await harness.run('amazon_get_listing', { sku: 'SUN-PACK-28' });
    expect(outcome.error?.code).toBe('credentials_missing');
    expect(outcome.error?.message).toMatch(/AMAZON_SELLER_ID.*Merchant Token/);
  });
});

describe('limits', () => {
  it('a 429 on a slow plan fails fast with the retry time rather than waiting past the bound', async () => {
    const fake = await start();
    const client = privateApp(fake);
    await getMarketplaceParticipations(client);
    fake.failNext({ status: 429, path: '/sellers/v1/marketplaceParticipations', body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] } });
    // getMarketplaceParticipations refills at 0.016/s: a retry would wait over 31 s, past the 20 s bound.
    const error = await getMarketplaceParticipations(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(31);
  });

  it('waits out a 429 on a fast operation and sends it again', async () => {
    const fake = await start();
    const harness = toolHarness(amazonEcosystem, fake, 'refreshToken');
    fake.failNext({ status: 429, path: '/catalog/2022-04-01/items/B0DEMO0001', body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] } });
    const started = Date.now();
    const outcome = await harness.run('amazon_get_catalog_item', { asin: 'B0DEMO0001' });
    expect(outcome.status).toBe('ok');
    expect(fake.requests.filter((r) => r.path === '/catalog/2022-04-01/items/B0DEMO0001')).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('keeps a bucket per seller, region and operation, fails fast with the retry time, and adopts x-amzn-RateLimit-Limit', async () => {
    const fake = await start({ rates: { 'catalog.getCatalogItem': 4 } });
    const harness = toolHarness(amazonEcosystem, fake, 'refreshToken');
    for (let i = 0; i < 2; i++) expect((await harness.run('amazon_get_catalog_item', { asin: 'B0DEMO0001' })).status).toBe('ok');
    expect(harness.client.bucket('catalog.getCatalogItem')).toMatchObject({ rate: 4, burst: 2 });
    const buckets = new SpApiBuckets(() => 0);
    await buckets.take('s|op', { rate: 0.0056, burst: 1 }, 1000);
    const spent = await buckets.take('s|op', { rate: 0.0056, burst: 1 }, 1000).catch((e: unknown) => e);
    expect(spent).toBeInstanceOf(RateLimitedError);
    expect((spent as RateLimitedError).retryAfterSeconds).toBe(179);
  });

  it("calls the host's limiter with the operation name, which core's specs key per operation", async () => {
    const fake = await start();
    const seen: string[] = [];
    const harness = toolHarness(amazonEcosystem, fake, { mode: 'refreshToken', deps: { rateLimiter: { acquire: async (r: OutboundRequest) => void seen.push(r.operation) } } });
    await harness.run('amazon_list_inventory', {});
    expect(seen).toEqual(['fbaInventory.getInventorySummaries']);
    const spec = amazonEcosystem.rateLimits.find((s) => s.operations?.includes('orders.searchOrders'))!;
    expect(spec).toMatchObject({ points: 20, durationSeconds: 3571, perOperation: true, scope: 'credential' });
  });
});

describe('a host limiter', () => {
  it("is the one limiter: it sees each response's x-amzn-RateLimit-Limit and 429, and the buckets here count nothing", async () => {
    const fake = await start({ rateLimits: 'off', rates: { 'catalog.getCatalogItem': 7 } });
    const observed: Array<[string, number | undefined, number | undefined]> = [];
    const rateLimiter = {
      acquire: async () => {},
      observe: (operation: string, headers: Record<string, string | string[] | undefined>, status?: number) =>
        void observed.push([operation, Number(headers['x-amzn-ratelimit-limit']), status]),
    };
    const harness = toolHarness(amazonEcosystem, fake, { mode: 'refreshToken', deps: { rateLimiter } });
    // Five at once: past the burst of 2 Amazon's own bucket would hold back.
    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => harness.run('amazon_get_catalog_item', { asin: 'B0DEMO0001' })));
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('ok'));
    expect(Date.now() - started).toBeLessThan(450);
    expect(harness.client.bucket('catalog.getCatalogItem')).toBeUndefined();
    fake.failNext({ status: 429, path: '/catalog/2022-04-01/items/B0DEMO0001', body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] } });
    expect((await harness.run('amazon_get_catalog_item', { asin: 'B0DEMO0001' })).status).toBe('ok');
    expect(observed.slice(-2)).toEqual([
      ['catalog.getCatalogItem', 7, 429],
      ['catalog.getCatalogItem', 7, 200],
    ]);
  });
});

describe('grantless tokens', () => {
  it('are client_credentials grants for a scope, cached', async () => {
    const fake = await start();
    const client = privateApp(fake);
    const token = await client.grantlessToken(['sellingpartnerapi::notifications']);
    expect(await client.grantlessToken(['sellingpartnerapi::notifications'])).toBe(token);
    const grants = tokenRequests(fake).map((r) => new URLSearchParams(r.body as string));
    expect(grants).toHaveLength(1);
    expect(grants[0]!.get('grant_type')).toBe('client_credentials');
    expect(grants[0]!.get('scope')).toBe('sellingpartnerapi::notifications');
    expect(fake.lwa.grantless(token)).toEqual(['sellingpartnerapi::notifications']);
  });
});
