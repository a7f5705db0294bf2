import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  ValidationError,
  type OutboundRateLimiter,
} from '@enterprise-mcp/core';
import { startResettingServer } from '@enterprise-mcp/core/testing';
import { CLOUDFLARE_API_BASE_URL, CloudflareClient } from './client.js';
import { startHarness, zoneId, type Harness } from './test-harness.js';

let h: Harness;
afterEach(() => h?.close());

const manyRecords = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ type: 'A', name: `host${i}`, content: `192.0.2.${i + 1}` }));

describe('CloudflareClient', () => {
  it('defaults to the production API and needs a token', () => {
    expect(CLOUDFLARE_API_BASE_URL).toBe('https://api.cloudflare.com/client/v4');
    expect(() => new CloudflareClient({ apiToken: ' ' })).toThrow(ValidationError);
  });

  it('sends the token as a Bearer header and unwraps the envelope', async () => {
    h = await startHarness();
    const zone = await h.client.getZone(zoneId(h.fake));
    expect(zone.name).toBe('example.com');
    expect(h.fake.requests[0]!.headers.authorization).toBe(`Bearer ${h.fake.apiToken}`);
    expect(h.fake.requests[0]!.headers['user-agent']).toBe('enterprise-mcp-cloudflare');
  });

  it('walks every page with result_info.total_pages', async () => {
    h = await startHarness({ seed: { zones: [{ name: 'big.example', records: manyRecords(23) }] } });
    const id = zoneId(h.fake, 'big.example');
    const first = await h.client.listDnsRecords(id, { perPage: 10 });
    expect(first.resultInfo).toEqual({ page: 1, per_page: 10, count: 10, total_count: 23, total_pages: 3 });
    const all = await h.client.listAll<{ name: string }>(`/zones/${id}/dns_records`, { per_page: 10 });
    expect(all).toHaveLength(23);
    expect(new Set(all.map((r) => r.name)).size).toBe(23);
    const pagesAsked = h.fake.requests.slice(1).map((r) => r.query.get('page'));
    expect(pagesAsked).toEqual(['1', '2', '3']);
    expect(await h.client.listAllDnsRecords(id, { type: 'A', perPage: 5 })).toHaveLength(23);
  });

  it('stops paginating at maxPages', async () => {
    h = await startHarness({ seed: { zones: [{ name: 'big.example', records: manyRecords(12) }] } });
    const id = zoneId(h.fake, 'big.example');
    const some = await h.client.listAll(`/zones/${id}/dns_records`, { per_page: 5 }, { maxPages: 2 });
    expect(some).toHaveLength(10);
  });

  it('resolves a zone name once and caches the id', async () => {
    h = await startHarness();
    const id = await h.client.resolveZoneId('Example.COM.');
    expect(id).toBe(zoneId(h.fake));
    await h.client.resolveZoneId('example.com');
    expect(h.fake.requests.filter((r) => r.path === '/zones')).toHaveLength(1);
    await expect(h.client.resolveZoneId('absent.example')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('retries a rate-limited GET after Retry-After and succeeds', async () => {
    h = await startHarness();
    h.fake.failNext({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const zone = await h.client.getZone(zoneId(h.fake));
    expect(zone.name).toBe('example.com');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.fake.requests).toHaveLength(2);
  });

  it('waits out the per-token window of the fake (429 + Retry-After) and then succeeds', async () => {
    h = await startHarness({ rateLimit: { requests: 2, windowSeconds: 1 } });
    const id = zoneId(h.fake);
    for (let i = 0; i < 3; i++) expect((await h.client.getZone(id)).id).toBe(id);
    expect(h.fake.requests).toHaveLength(4);
  });

  it('gives up with RateLimitedError carrying Retry-After when it is too long to wait', async () => {
    h = await startHarness({ client: { maxRetryAfterSeconds: 5 } });
    h.fake.failNext({ status: 429, headers: { 'retry-after': '120' } });
    const error = await h.client.getZone(zoneId(h.fake)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterSeconds: 120, platformCode: 971, status: 429 });
  });

  it('maps answers to typed errors', async () => {
    h = await startHarness();
    const id = zoneId(h.fake);
    await expect(h.client.createDnsRecord(id, { type: 'A', name: '@', content: '192.0.2.1' })).rejects.toBeInstanceOf(ConflictError);
    await expect(h.client.getDnsRecord(id, '1'.repeat(32))).rejects.toBeInstanceOf(NotFoundError);
    const invalid = await h.client.createDnsRecord(id, { type: 'A', name: 'x', content: '1.2.3.4', ttl: 5 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fields).toEqual([
      { path: 'ttl', message: 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.', code: '9021' },
    ]);
    const other = new CloudflareClient({ apiToken: 'z'.repeat(40), baseUrl: h.fake.url });
    await expect(other.getZone(id)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('reports a slow API as a timeout and an unreachable one as unavailable', async () => {
    h = await startHarness({ client: { timeoutMs: 200, retries: 0 } });
    h.fake.setLatency(600);
    await expect(h.client.getZone(zoneId(h.fake))).rejects.toBeInstanceOf(UpstreamTimeoutError);
    h.fake.setLatency(0);
    const unreachable = await startResettingServer();
    try {
      const down = new CloudflareClient({ apiToken: h.fake.apiToken, baseUrl: `${unreachable.url}/client/v4`, retries: 0 });
      await expect(down.getZone(zoneId(h.fake))).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(unreachable.connections).toBe(1);
    } finally {
      await unreachable.close();
    }
  });

  it('asks the outbound rate limiter first, keyed per token without the token itself', async () => {
    const keys: string[] = [];
    const limiter: OutboundRateLimiter = { acquire: async (key) => void keys.push(key) };
    h = await startHarness({ client: { rateLimiter: limiter, tenantId: 'acme' } });
    await h.client.getZone(zoneId(h.fake));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^cloudflare:acme:[0-9a-f]{16}$/);
    expect(keys[0]).not.toContain(h.fake.apiToken);
  });
});
