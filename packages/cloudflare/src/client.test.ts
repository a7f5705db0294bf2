import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  ValidationError,
  type OutboundRequest,
  type TokenProvider,
} from '@enterprise-mcp/core';
import { startResettingServer } from '@enterprise-mcp/core/testing';
import { purgeCache } from './cache.api.js';
import { CLOUDFLARE_API_BASE_URL, CloudflareClient, type CloudflareClientOptions } from './client.js';
import { createDnsRecord, getDnsRecord, listAllDnsRecords, listDnsRecords } from './dns.api.js';
import { startFake, type CloudflareFake, type CloudflareFakeOptions } from './testing/index.js';
import { getZone, resolveZoneId } from './zones.api.js';

let fake: CloudflareFake;
afterEach(() => fake?.close());

/** A fake and a client of it with the user token, changed as a test needs. */
async function start(fakeOptions: CloudflareFakeOptions = {}, clientOptions: Partial<CloudflareClientOptions> = {}) {
  fake = await startFake(fakeOptions);
  return new CloudflareClient({ token: fake.apiToken, baseUrl: fake.url, ...clientOptions });
}

const zoneId = (name = 'example.com') => fake.zone(name)!.id;
const manyRecords = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ type: 'A', name: `host${i}`, content: `192.0.2.${i + 1}` }));

describe('CloudflareClient', () => {
  it('defaults to the production API and needs a credential', () => {
    expect(CLOUDFLARE_API_BASE_URL).toBe('https://api.cloudflare.com/client/v4');
    expect(() => new CloudflareClient({ token: ' ' })).toThrow(ValidationError);
  });

  it('sends an API token as a Bearer header and unwraps the envelope', async () => {
    const client = await start();
    expect(client.authMode).toBe('token');
    const zone = await getZone(client, zoneId());
    expect(zone.name).toBe('example.com');
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${fake.apiToken}`);
    expect(fake.requests[0]!.headers['user-agent']).toBe('enterprise-mcp-cloudflare');
  });

  it('sends an email and Global API Key as X-Auth-Email and X-Auth-Key, with no Authorization header', async () => {
    fake = await startFake();
    const client = new CloudflareClient({ token: fake.apiKey, email: fake.email, baseUrl: fake.url });
    expect(client.authMode).toBe('legacy');
    expect((await getZone(client, zoneId())).name).toBe('example.com');
    expect(fake.requests[0]!.headers).toMatchObject({ 'x-auth-email': fake.email, 'x-auth-key': fake.apiKey });
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('asks a token provider for the credential on every request', async () => {
    fake = await startFake();
    let asked = 0;
    const provider: TokenProvider = { getToken: async () => (asked++, fake.apiToken), invalidate: () => false };
    const client = new CloudflareClient({ token: provider, baseUrl: fake.url });
    await getZone(client, zoneId());
    await getZone(client, zoneId('example.org'));
    expect(asked).toBe(2);
  });

  it('walks every page with result_info.total_pages, reporting each page', async () => {
    const client = await start({ seed: { zones: [{ name: 'big.example', records: manyRecords(23) }] } });
    const id = zoneId('big.example');
    const first = await listDnsRecords(client, id, { perPage: 10 });
    expect(first.resultInfo).toEqual({ page: 1, per_page: 10, count: 10, total_count: 23, total_pages: 3 });
    const pages: Array<[number, number]> = [];
    const all = await listAllDnsRecords(client, id, { perPage: 10 }, { onPage: (page, total) => void pages.push([page, total]) });
    expect(all).toHaveLength(23);
    expect(new Set(all.map((r) => r.name)).size).toBe(23);
    expect(pages).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(fake.requests.slice(1).map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    expect(await listAllDnsRecords(client, id, { type: 'A', perPage: 5 })).toHaveLength(23);
  });

  it('stops paginating at maxPages', async () => {
    const client = await start({ seed: { zones: [{ name: 'big.example', records: manyRecords(12) }] } });
    const some = await client.listAll('GET /zones/{zone_id}/dns_records', { params: { zone_id: zoneId('big.example') }, query: { per_page: 5 }, maxPages: 2 });
    expect(some).toHaveLength(10);
  });

  it('fills the path from the operation, encoding values, and refuses a missing one', async () => {
    const client = await start();
    await expect(getDnsRecord(client, zoneId(), 'a/b')).rejects.toBeInstanceOf(NotFoundError);
    expect(fake.requests.at(-1)!.path).toBe(`/zones/${zoneId()}/dns_records/a%2Fb`);
    await expect(client.result('GET /zones/{zone_id}', {})).rejects.toThrow('needs a value for {zone_id}');
  });

  it('resolves a zone name once per client and caches the id', async () => {
    const client = await start();
    expect(await resolveZoneId(client, 'Example.COM.')).toBe(zoneId());
    await resolveZoneId(client, 'example.com');
    expect(fake.requests.filter((r) => r.path === '/zones')).toHaveLength(1);
    await resolveZoneId(new CloudflareClient({ token: fake.apiToken, baseUrl: fake.url }), 'example.com');
    expect(fake.requests.filter((r) => r.path === '/zones')).toHaveLength(2);
    await expect(resolveZoneId(client, 'absent.example')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('retries a rate-limited GET after Retry-After and succeeds', async () => {
    const client = await start();
    fake.failNext({ status: 429, headers: { 'retry-after': '1' } });
    expect((await getZone(client, zoneId())).name).toBe('example.com');
    expect(fake.requests).toHaveLength(2);
  });

  it('waits out the per-credential window of the fake (429 + Retry-After) and then succeeds', async () => {
    const client = await start({ rateLimit: { requests: 2, windowSeconds: 1 } });
    const id = zoneId();
    for (let i = 0; i < 3; i++) expect((await getZone(client, id)).id).toBe(id);
    expect(fake.requests).toHaveLength(4);
  });

  it('gives up with RateLimitedError carrying Retry-After when it is too long to wait', async () => {
    const client = await start({}, { maxRetryAfterSeconds: 5 });
    fake.failNext({ status: 429, headers: { 'retry-after': '120' } });
    const error = await getZone(client, zoneId()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterSeconds: 120, platformCode: 971, status: 429 });
  });

  it('maps answers to typed errors', async () => {
    const client = await start();
    const id = zoneId();
    await expect(createDnsRecord(client, id, { type: 'A', name: '@', content: '192.0.2.1' })).rejects.toBeInstanceOf(ConflictError);
    await expect(getDnsRecord(client, id, '1'.repeat(32))).rejects.toBeInstanceOf(NotFoundError);
    const invalid = await createDnsRecord(client, id, { type: 'A', name: 'x', content: '1.2.3.4', ttl: 5 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fields).toEqual([
      { path: 'ttl', message: 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.', code: '9021' },
    ]);
    const other = new CloudflareClient({ token: 'z'.repeat(40), baseUrl: fake.url });
    await expect(getZone(other, id)).rejects.toMatchObject({ code: 'authentication_failed', platformCode: 9109 });
  });

  it('maps a wrong Global API Key (403, Cloudflare 9103) to an authentication error with the legacy hint', async () => {
    fake = await startFake();
    const client = new CloudflareClient({ token: '0'.repeat(37), email: fake.email, baseUrl: fake.url });
    const error = await getZone(client, zoneId()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 403, platformCode: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' });
    expect((error as AuthenticationError).toToolMessage()).toMatch(/CLOUDFLARE_EMAIL .* CLOUDFLARE_API_KEY/);
  });

  it('reports a slow API as a timeout and an unreachable one as unavailable', async () => {
    const client = await start({}, { timeoutMs: 200, retries: 0 });
    fake.setLatency(600);
    await expect(getZone(client, zoneId())).rejects.toBeInstanceOf(UpstreamTimeoutError);
    fake.setLatency(0);
    const unreachable = await startResettingServer();
    try {
      const down = new CloudflareClient({ token: fake.apiToken, baseUrl: `${unreachable.url}/client/v4`, retries: 0 });
      await expect(getZone(down, zoneId())).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(unreachable.connections).toBe(1);
    } finally {
      await unreachable.close();
    }
  });

  it('asks the outbound rate limiter first, with the operation as its template and no secret', async () => {
    const asked: OutboundRequest[] = [];
    const client = await start({}, { rateLimiter: { acquire: async (request) => void asked.push(request) } });
    await getZone(client, zoneId());
    await purgeCache(client, zoneId(), { hosts: ['example.com'] });
    expect(asked.map((r) => r.operation)).toEqual(['GET /zones/{zone_id}', 'POST /zones/{zone_id}/purge_cache']);
    expect(JSON.stringify(asked)).not.toContain(fake.apiToken);
  });
});
