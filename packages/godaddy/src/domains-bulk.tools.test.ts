import type { AnyTool, OutboundRateLimiter } from '@enterprise-mcp/core';
import { runTool } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GoDaddyClient } from './client.js';
import { checkDomainsAvailability, getDomain, listDomains, suggestDomainNames } from './domains.tools.js';
import { startGoDaddyFake, type GoDaddyFake } from './testing/index.js';

const text = (outcome: Awaited<ReturnType<typeof runTool>>) => outcome.result.content.map((c) => c.text).join('\n');

describe('GoDaddy bulk availability, suggestions and shoppers', () => {
  let fake: GoDaddyFake;
  let client: GoDaddyClient;
  const run = (tool: AnyTool<GoDaddyClient>, args: unknown, using = client) => runTool(tool, args, using);

  beforeAll(async () => {
    fake = await startGoDaddyFake();
    client = new GoDaddyClient({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url, retries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seed();
    fake.setRateLimit(60);
  });

  describe('godaddy_check_domains_availability', () => {
    it('checks many domains in one POST, with prices', async () => {
      const outcome = await run(checkDomainsAvailability, { domains: ['acme-bakery.com', 'Fresh-Bread.io'], checkType: 'FULL' });
      expect(outcome.result.isError).toBeFalsy();
      expect(outcome.result.structuredContent).toEqual({
        domains: [
          { domain: 'acme-bakery.com', available: false, definitive: true, price: { micros: 11_990_000, amount: 11.99, currency: 'USD' }, renewalPrice: { micros: 22_990_000, amount: 22.99, currency: 'USD' }, period: 1 },
          { domain: 'fresh-bread.io', available: true, definitive: true, price: { micros: 44_990_000, amount: 44.99, currency: 'USD' }, renewalPrice: { micros: 64_990_000, amount: 64.99, currency: 'USD' }, period: 1 },
        ],
        errors: [],
      });
      const sent = fake.requests.at(-1)!;
      expect([sent.method, sent.path, sent.query.get('checkType')]).toEqual(['POST', '/v1/domains/available', 'FULL']);
      expect(sent.body).toEqual(['acme-bakery.com', 'fresh-bread.io']);
    });

    it('answers the rest when some domains cannot be checked (203 with errors)', async () => {
      const outcome = await run(checkDomainsAvailability, { domains: ['fresh-bread.com', 'fresh-bread.zz'] });
      expect(outcome.result.structuredContent).toMatchObject({
        domains: [{ domain: 'fresh-bread.com', available: true }],
        errors: [{ domain: 'fresh-bread.zz', code: 'UNSUPPORTED_TLD', status: 422 }],
      });
    });

    it('refuses more than 500 domains before calling GoDaddy', async () => {
      const domains = Array.from({ length: 501 }, (_, i) => `name${i}.com`);
      const before = fake.requests.length;
      const outcome = await run(checkDomainsAvailability, { domains });
      expect(outcome.error?.code).toBe('validation_failed');
      expect(fake.requests).toHaveLength(before);
    });
  });

  describe('godaddy_suggest_domains', () => {
    it('suggests other TLDs and keyword spins, filtered by TLD and length', async () => {
      const outcome = await run(suggestDomainNames, { query: 'acme bakery', tlds: ['com', 'shop'], limit: 3 });
      expect(outcome.result.structuredContent).toEqual({
        query: 'acme bakery',
        suggestions: ['acmebakery.com', 'acmebakery.shop', 'getacmebakery.com'],
      });
      const sent = fake.requests.at(-1)!;
      expect([sent.path, sent.query.get('query'), sent.query.get('tlds'), sent.query.get('limit')]).toEqual([
        '/v1/domains/suggest',
        'acme bakery',
        'com,shop',
        '3',
      ]);
    });

    it('leaves out taken names and passes on GoDaddy refusing a query it cannot use', async () => {
      const taken = await run(suggestDomainNames, { query: 'example', sources: ['EXTENSION'] });
      expect((taken.result.structuredContent as { suggestions: string[] }).suggestions).not.toContain('example.com');
      const bad = await run(suggestDomainNames, { query: '!!!' });
      expect(bad.result.isError).toBe(true);
      expect(text(bad)).toMatch(/No usable keywords/);
    });
  });

  describe('X-Shopper-Id', () => {
    it('acts for a reseller subaccount when a shopper id is configured, and not otherwise', async () => {
      const own = await run(listDomains, {});
      expect((own.result.structuredContent as { domains: Array<{ domain: string }> }).domains.map((d) => d.domain)).not.toContain('harbor-cafe.com');
      const forClient = new GoDaddyClient({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url, retries: 0, shopperId: '555000111' });
      const listed = await run(listDomains, {}, forClient);
      expect(listed.result.structuredContent).toMatchObject({ domains: [{ domain: 'harbor-cafe.com' }] });
      expect(fake.requests.at(-1)!.headers['x-shopper-id']).toBe('555000111');
      const detail = await run(getDomain, { domain: 'harbor-cafe.com' }, forClient);
      expect(detail.result.structuredContent).toMatchObject({ domain: 'harbor-cafe.com', subaccountId: '555000111' });
    });

    it('is refused for a shopper the key may not act for', async () => {
      const stranger = new GoDaddyClient({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url, retries: 0, shopperId: '999' });
      const outcome = await run(listDomains, {}, stranger);
      expect(outcome.result.isError).toBe(true);
      expect(text(outcome)).toMatch(/not allowed access to shopper 999 \(GoDaddy ACCESS_DENIED\): X-Shopper-Id is 999 \(GODADDY_SHOPPER_ID\)/);
    });
  });

  describe('per-endpoint limits', () => {
    it('keys the outbound limiter on the endpoint template, as GoDaddy counts', async () => {
      const keys: string[] = [];
      const limiter: OutboundRateLimiter = { acquire: async (key) => void keys.push(key) };
      const limited = new GoDaddyClient({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url, retries: 0, rateLimiter: limiter, tenantId: 't1' });
      await limited.listRecords('acme-bakery.com', { type: 'MX' });
      await limited.listRecords('acme-bakery.shop', { type: 'A' });
      await limited.getDomain('acme-bakery.com');
      expect(keys).toEqual([
        'godaddy:t1:GET /v1/domains/{domain}/records/{type}',
        'godaddy:t1:GET /v1/domains/{domain}/records/{type}',
        'godaddy:t1:GET /v1/domains/{domain}',
      ]);
    });

    it('the fake limits each endpoint separately: a spent endpoint does not block another', async () => {
      fake.setRateLimit(1);
      expect((await run(suggestDomainNames, { query: 'bread' })).result.isError).toBeFalsy();
      const second = await run(suggestDomainNames, { query: 'cake' });
      expect(second.error?.code).toBe('rate_limited');
      expect((await run(checkDomainsAvailability, { domains: ['bread.com'] })).result.isError).toBeFalsy();
    });
  });
});
