import type { ClientDependencies, ToolExecutionOutcome } from '@enterprise-mcp/core';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GoDaddyClient } from './client.js';
import { godaddyEcosystem, type GoDaddyResolvedConfig } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

const text = (outcome: ToolExecutionOutcome) => outcome.result.content.map((c) => c.text).join('\n');

// GoDaddy's 429 carries its wait in the body (retryAfterSec), not in Retry-After, so core's retries after
// 1 s and 2 s only slow the rate-limit test down; every other test uses the ecosystem's own client.
const withoutRetries = {
  ...godaddyEcosystem,
  createClient: (resolved: GoDaddyResolvedConfig, deps: ClientDependencies) => new GoDaddyClient(resolved, deps, { retries: 0 }),
};

describe('GoDaddy bulk availability, suggestions and shoppers', () => {
  let fake: GoDaddyFake;
  let harness: ToolHarness<GoDaddyClient>;
  const run = (name: string, args: unknown, using = harness) => using.run(name, args);
  const asShopper = (shopperId: string) => toolHarness(godaddyEcosystem, { configs: { key: { ...fake.configs.key, shopperId } } });

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(godaddyEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seed();
    fake.setRateLimit(60);
  });

  describe('godaddy_check_domains_availability', () => {
    it('checks many domains in one POST, with prices', async () => {
      const outcome = await run('godaddy_check_domains_availability', { domains: ['acme-bakery.com', 'Fresh-Bread.io'], checkType: 'FULL' });
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
      const outcome = await run('godaddy_check_domains_availability', { domains: ['fresh-bread.com', 'fresh-bread.zz'] });
      expect(outcome.result.structuredContent).toMatchObject({
        domains: [{ domain: 'fresh-bread.com', available: true }],
        errors: [{ domain: 'fresh-bread.zz', code: 'UNSUPPORTED_TLD', status: 422 }],
      });
    });

    it('refuses more than 500 domains before calling GoDaddy', async () => {
      const domains = Array.from({ length: 501 }, (_, i) => `name${i}.com`);
      const before = fake.requests.length;
      const outcome = await run('godaddy_check_domains_availability', { domains });
      expect(outcome.error?.code).toBe('validation_failed');
      expect(fake.requests).toHaveLength(before);
    });

    it('reports GoDaddy failing the whole check as an upstream error, without retrying the POST', async () => {
      fake.failNext({ method: 'POST', path: '/v1/domains/available', status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      const before = fake.requests.length;
      const outcome = await run('godaddy_check_domains_availability', { domains: ['bread.com'] });
      expect(outcome.error?.code).toBe('upstream_unavailable');
      expect(text(outcome)).toContain('Internal server error');
      expect(fake.requests).toHaveLength(before + 1);
    });
  });

  describe('godaddy_suggest_domains', () => {
    it('suggests other TLDs and keyword spins, filtered by TLD and length', async () => {
      const outcome = await run('godaddy_suggest_domains', { query: 'acme bakery', tlds: ['com', 'shop'], limit: 3 });
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
      const taken = await run('godaddy_suggest_domains', { query: 'example', sources: ['EXTENSION'] });
      expect((taken.result.structuredContent as { suggestions: string[] }).suggestions).not.toContain('example.com');
      const bad = await run('godaddy_suggest_domains', { query: '!!!' });
      expect(bad.result.isError).toBe(true);
      expect(text(bad)).toMatch(/No usable keywords/);
    });
  });

  describe('X-Shopper-Id', () => {
    it('acts for a reseller subaccount when a shopper id is configured, and not otherwise', async () => {
      const own = await run('godaddy_list_domains', {});
      expect((own.result.structuredContent as { domains: Array<{ domain: string }> }).domains.map((d) => d.domain)).not.toContain('harbor-cafe.com');
      const forClient = asShopper('555000111');
      const listed = await run('godaddy_list_domains', {}, forClient);
      expect(listed.result.structuredContent).toMatchObject({ domains: [{ domain: 'harbor-cafe.com' }] });
      expect(fake.requests.at(-1)!.headers['x-shopper-id']).toBe('555000111');
      const detail = await run('godaddy_get_domain', { domain: 'harbor-cafe.com' }, forClient);
      expect(detail.result.structuredContent).toMatchObject({ domain: 'harbor-cafe.com', subaccountId: '555000111' });
    });

    it('is refused for a shopper the key may not act for', async () => {
      const stranger = asShopper('999');
      const outcome = await run('godaddy_list_domains', {}, stranger);
      expect(outcome.result.isError).toBe(true);
      expect(text(outcome)).toMatch(/not allowed access to shopper 999 \(GoDaddy ACCESS_DENIED\): X-Shopper-Id is 999 \(GODADDY_SHOPPER_ID\)/);
    });
  });

  describe('per-endpoint limits', () => {
    it('the fake limits each endpoint separately: a spent endpoint does not block another', async () => {
      const once = toolHarness(withoutRetries, fake);
      fake.setRateLimit(1);
      expect((await run('godaddy_suggest_domains', { query: 'bread' }, once)).result.isError).toBeFalsy();
      const second = await run('godaddy_suggest_domains', { query: 'cake' }, once);
      expect(second.error?.code).toBe('rate_limited');
      expect((await run('godaddy_check_domains_availability', { domains: ['bread.com'] }, once)).result.isError).toBeFalsy();
    });
  });
});
