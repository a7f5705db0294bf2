import {
  AuthenticationError,
  createEcosystemClient,
  NotFoundError,
  parseEcosystemConfig,
  PermissionDeniedError,
  RateLimitedError,
  ValidationError,
  type ClientDependencies,
  type OutboundRateLimiter,
} from '@enterprise-mcp/core';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GODADDY_BASE_URLS, GoDaddyClient } from './client.js';
import { addRecords, listRecords } from './dns.api.js';
import { getDomainDetail, listDomainSummaries } from './domains.api.js';
import { godaddyEcosystem, type GoDaddyResolvedConfig } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

const fail = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

// GoDaddy's 429 carries its wait in the body (retryAfterSec), not in Retry-After, so core's retries after
// 1 s and 2 s only slow the rate-limit test down; everything else uses the ecosystem's own client.
const withoutRetries = {
  ...godaddyEcosystem,
  createClient: (resolved: GoDaddyResolvedConfig, deps: ClientDependencies) => new GoDaddyClient(resolved, deps, { retries: 0 }),
};

describe('GoDaddyClient against the fake', () => {
  let fake: GoDaddyFake;
  let client: GoDaddyClient;
  const clientWith = (input: Record<string, unknown>, deps: Partial<ClientDependencies> = {}) =>
    createEcosystemClient(godaddyEcosystem, parseEcosystemConfig(godaddyEcosystem, { ...fake.configs.key, ...input }), deps);

  beforeAll(async () => {
    fake = await startFake();
    client = toolHarness(godaddyEcosystem, fake).client;
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seed();
    fake.restrictAccess(false);
    fake.setRateLimit(60);
  });

  it('picks the base URL from the environment unless overridden', () => {
    const at = (input: Record<string, unknown>) =>
      createEcosystemClient(godaddyEcosystem, parseEcosystemConfig(godaddyEcosystem, { apiKey: 'k', apiSecret: 's', ...input }));
    expect(at({}).baseUrl).toBe('https://api.godaddy.com');
    expect(at({ environment: 'ote' })).toMatchObject({ baseUrl: GODADDY_BASE_URLS.ote, environment: 'ote' });
    expect(at({ environment: 'ote', baseUrl: fake.url })).toMatchObject({ baseUrl: fake.url, environment: 'ote' });
  });

  it('key mode: reaches the fake with "sso-key <key>:<secret>" and no X-Shopper-Id unless one is configured', async () => {
    await listDomainSummaries(client);
    const { apiKey, apiSecret } = fake.configs.key;
    expect(fake.requests.at(-1)!.headers).toMatchObject({ authorization: `sso-key ${apiKey}:${apiSecret}` });
    expect(fake.requests.at(-1)!.headers).not.toHaveProperty('x-shopper-id');
    const reseller = clientWith({ shopperId: ' 555000111 ' });
    expect((await listDomainSummaries(reseller)).map((d) => d.domain)).toEqual(['harbor-cafe.com']);
    expect(fake.requests.at(-1)!.headers).toMatchObject({ authorization: `sso-key ${apiKey}:${apiSecret}`, 'x-shopper-id': '555000111' });
  });

  it('names every request by its endpoint template, so the host keys one budget per endpoint', async () => {
    const operations: string[] = [];
    const rateLimiter: OutboundRateLimiter = { acquire: async ({ operation }) => void operations.push(operation) };
    const limited = clientWith({}, { rateLimiter });
    await listRecords(limited, 'acme-bakery.com', { type: 'MX' });
    await listRecords(limited, 'acme-bakery.shop', { type: 'A', name: '@' });
    await getDomainDetail(limited, 'acme-bakery.com');
    expect(operations).toEqual([
      'GET /v1/domains/{domain}/records/{type}',
      'GET /v1/domains/{domain}/records/{type}/{name}',
      'GET /v1/domains/{domain}',
    ]);
  });

  it('maps a wrong secret to AuthenticationError, once and without echoing the secret', async () => {
    const wrong = clientWith({ apiSecret: 'not-the-secret' });
    const before = fake.requests.length;
    const error = await fail(listDomainSummaries(wrong));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).platformCode).toBe('UNABLE_TO_AUTHENTICATE');
    expect((error as AuthenticationError).toToolMessage()).not.toContain('not-the-secret');
    // A fixed key cannot be refreshed, so a 401 is not retried.
    expect(fake.requests.length).toBe(before + 1);
  });

  it('maps the production access restriction to PermissionDeniedError with the OTE hint, and not on OTE', async () => {
    fake.restrictAccess(true);
    const error = await fail(listDomainSummaries(client));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).platformCode).toBe('ACCESS_DENIED');
    expect((error as PermissionDeniedError).hint).toContain('GODADDY_ENVIRONMENT=ote');
    const onOte = await fail(listDomainSummaries(clientWith({ environment: 'ote' })));
    expect((onOte as PermissionDeniedError).hint).not.toContain('GODADDY_ENVIRONMENT=ote');
  });

  it('maps the per-endpoint limit to RateLimitedError with retryAfterSec, counting endpoints apart', async () => {
    const once = toolHarness(withoutRetries, fake).client;
    fake.setRateLimit(2);
    await listDomainSummaries(once);
    await listDomainSummaries(once);
    const error = await fail(listDomainSummaries(once));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(60);
    await expect(getDomainDetail(once, 'acme-bakery.com')).resolves.toMatchObject({ domain: 'acme-bakery.com' });
  });

  it('maps unknown domains to NotFoundError and bad records to ValidationError with fields', async () => {
    expect(await fail(getDomainDetail(client, 'not-mine.com'))).toBeInstanceOf(NotFoundError);
    const error = await fail(addRecords(client, 'acme-bakery.com', [{ type: 'A', name: 'api', data: 'not-an-ip' }]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ path: 'records.0.data', code: 'MISMATCH_FORMAT', message: 'must be an IPv4 address' }]);
  });

  it('refuses a request template without a value for one of its placeholders', async () => {
    await expect(client.request('GET', '/v1/domains/{domain}')).rejects.toThrow('no value for {domain}');
  });
});
