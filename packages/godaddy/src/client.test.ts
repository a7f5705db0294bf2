import { AuthenticationError, NotFoundError, PermissionDeniedError, RateLimitedError, ValidationError } from '@enterprise-mcp/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GODADDY_BASE_URLS, GoDaddyClient } from './client.js';
import { startGoDaddyFake, type GoDaddyFake } from './testing/index.js';

describe('GoDaddyClient against the fake', () => {
  let fake: GoDaddyFake;
  let client: GoDaddyClient;
  const fail = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

  beforeAll(async () => {
    fake = await startGoDaddyFake();
    client = new GoDaddyClient({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url, retries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seed();
    fake.restrictAccess(false);
    fake.setRateLimit(60);
  });

  it('picks the base URL from the environment unless overridden', () => {
    expect(new GoDaddyClient({ apiKey: 'k', apiSecret: 's' }).baseUrl).toBe('https://api.godaddy.com');
    expect(new GoDaddyClient({ apiKey: 'k', apiSecret: 's', environment: 'ote' }).baseUrl).toBe(GODADDY_BASE_URLS.ote);
    expect(new GoDaddyClient({ apiKey: 'k', apiSecret: 's', environment: 'ote', baseUrl: fake.url }).baseUrl).toBe(fake.url);
  });

  it('authenticates with sso-key and sends statuses comma-separated with marker and limit', async () => {
    const page = await client.listDomains({ statuses: ['ACTIVE', 'EXPIRED'], limit: 2, marker: 'acme-bakery.com' });
    expect(page.map((d) => d.domain)).toEqual(['acme-bakery.shop', 'bluefin-consulting.io']);
    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`sso-key ${fake.apiKey}:${fake.apiSecret}`);
    expect(request.query.get('statuses')).toBe('ACTIVE,EXPIRED');
    expect(request.query.get('limit')).toBe('2');
  });

  it('reads DNS records by type and name through the path', async () => {
    const records = await client.listRecords('acme-bakery.com', { type: 'TXT', name: '_dmarc' });
    expect(records).toEqual([{ type: 'TXT', name: '_dmarc', data: 'v=DMARC1; p=quarantine', ttl: 3600 }]);
    expect(fake.requests.at(-1)?.path).toBe('/v1/domains/acme-bakery.com/records/TXT/_dmarc');
  });

  it('refuses a name filter without a type', async () => {
    await expect(client.listRecords('acme-bakery.com', { name: 'www' })).rejects.toThrow('needs a record type');
  });

  it('maps a wrong secret to AuthenticationError without echoing the secret', async () => {
    const wrong = new GoDaddyClient({ apiKey: fake.apiKey, apiSecret: 'not-the-secret', baseUrl: fake.url, retries: 0 });
    const error = await fail(wrong.listDomains());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).platformCode).toBe('UNABLE_TO_AUTHENTICATE');
    expect((error as AuthenticationError).toToolMessage()).not.toContain('not-the-secret');
  });

  it('maps the production access restriction to PermissionDeniedError with the OTE hint', async () => {
    fake.restrictAccess(true);
    const error = await fail(client.listDomains());
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).platformCode).toBe('ACCESS_DENIED');
    expect((error as PermissionDeniedError).hint).toContain('OTE');
  });

  it('maps the per-endpoint limit to RateLimitedError with retryAfterSec, counting endpoints apart', async () => {
    fake.setRateLimit(2);
    await client.listDomains();
    await client.listDomains();
    const error = await fail(client.listDomains());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(60);
    await expect(client.getDomain('acme-bakery.com')).resolves.toMatchObject({ domain: 'acme-bakery.com' });
  });

  it('maps unknown domains to NotFoundError and bad records to ValidationError with fields', async () => {
    expect(await fail(client.getDomain('not-mine.com'))).toBeInstanceOf(NotFoundError);
    const error = await fail(client.addRecords('acme-bakery.com', [{ type: 'A', name: 'api', data: 'not-an-ip' }]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([
      { path: 'records.0.data', code: 'MISMATCH_FORMAT', message: 'must be an IPv4 address' },
    ]);
  });

  it('sets nameservers with PATCH /v1/domains/{domain} and passes on GoDaddy\'s two-nameserver rule', async () => {
    await client.updateNameservers('acme-bakery.com', ['ns1.example.net', 'ns2.example.net']);
    expect((await client.getDomain('acme-bakery.com')).nameServers).toEqual(['ns1.example.net', 'ns2.example.net']);
    const error = await fail(client.updateNameservers('acme-bakery.com', ['ns1.example.net']));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields[0]).toMatchObject({ path: 'nameServers', code: 'MISMATCH_MIN_ITEMS' });
  });
});
