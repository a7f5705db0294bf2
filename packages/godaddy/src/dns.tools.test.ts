import type { ClientDependencies } from '@enterprise-mcp/core';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GoDaddyClient } from './client.js';
import { godaddyEcosystem, type GoDaddyResolvedConfig } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

// GoDaddy's 429 carries its wait in the body (retryAfterSec), not in Retry-After, so core's retries after
// 1 s and 2 s only slow the rate-limit test down; every other test uses the ecosystem's own client.
const withoutRetries = {
  ...godaddyEcosystem,
  createClient: (resolved: GoDaddyResolvedConfig, deps: ClientDependencies) => new GoDaddyClient(resolved, deps, { retries: 0 }),
};

describe('GoDaddy DNS tools', () => {
  let fake: GoDaddyFake;
  let harness: ToolHarness<GoDaddyClient>;
  const run = (name: string, args: unknown) => harness.run(name, args);
  const zone = (domain: string) => fake.inspect().records[domain] ?? [];

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(godaddyEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seed();
    fake.setRateLimit(60);
  });

  describe('godaddy_list_dns_records', () => {
    it('lists every record, or those of one type', async () => {
      const all = await run('godaddy_list_dns_records', { domain: 'acme-bakery.com' });
      expect((all.result.structuredContent as { records: unknown[] }).records).toHaveLength(8);
      const mx = await run('godaddy_list_dns_records', { domain: 'acme-bakery.com', type: 'MX' });
      expect(mx.result.structuredContent).toMatchObject({
        records: [{ data: 'mailstore1.secureserver.net', priority: 10 }, { data: 'smtp.secureserver.net', priority: 0 }],
      });
      expect(fake.requests.at(-1)?.path).toBe('/v1/domains/acme-bakery.com/records/MX');
    });

    it('filters by name alone across types', async () => {
      const { result } = await run('godaddy_list_dns_records', { domain: 'acme-bakery.com', name: 'www' });
      expect(result.structuredContent).toEqual({
        domain: 'acme-bakery.com',
        records: [{ type: 'CNAME', name: 'www', data: '@', ttl: 3600 }],
      });
    });

    it('explains a domain without a GoDaddy zone', async () => {
      const { result } = await run('godaddy_list_dns_records', { domain: 'bluefin-consulting.io' });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toContain('does not have a zone file');
    });

    it('reports the rate limit with the wait GoDaddy asks for', async () => {
      const once = toolHarness(withoutRetries, fake);
      fake.setRateLimit(1);
      await once.run('godaddy_list_dns_records', { domain: 'acme-bakery.com' });
      const { result, status } = await once.run('godaddy_list_dns_records', { domain: 'acme-bakery.com' });
      expect(status).toBe('rate_limited');
      expect(result.content[0]?.text).toMatch(/GoDaddy TOO_MANY_REQUESTS\): retry after \d+ seconds/);
    });
  });

  describe('godaddy_add_dns_records', () => {
    it('adds records with PATCH and keeps the existing ones', async () => {
      const { result } = await run('godaddy_add_dns_records', {
        domain: 'acme-bakery.com',
        records: [{ type: 'TXT', name: '@', data: 'google-site-verification=abc', ttl: 600 }],
      });
      expect(result.structuredContent).toEqual({ domain: 'acme-bakery.com', added: 1 });
      expect(fake.requests.at(-1)?.method).toBe('PATCH');
      expect(zone('acme-bakery.com')).toHaveLength(9);
    });

    it('reports a duplicate as a conflict', async () => {
      const { result } = await run('godaddy_add_dns_records', {
        domain: 'acme-bakery.com',
        records: [{ type: 'A', name: '@', data: '203.0.113.10' }],
      });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toContain('GoDaddy DUPLICATE_RECORD');
      expect(result.content[0]?.text).toContain('replace tool');
    });

    it('rejects a TTL below GoDaddy\'s minimum before calling GoDaddy', async () => {
      const before = fake.requests.length;
      const { result } = await run('godaddy_add_dns_records', {
        domain: 'acme-bakery.com',
        records: [{ type: 'A', name: 'api', data: '203.0.113.5', ttl: 60 }],
      });
      expect(result.content[0]?.text).toContain('records.0.ttl');
      expect(fake.requests.length).toBe(before);
    });

    it('passes on GoDaddy\'s field errors', async () => {
      const { result } = await run('godaddy_add_dns_records', {
        domain: 'acme-bakery.com',
        records: [{ type: 'MX', name: '@', data: 'mx.example.net' }],
      });
      expect(result.content[0]?.text).toContain('records.0.priority: is required for MX records');
    });
  });

  describe('godaddy_replace_dns_records', () => {
    it('replaces only the records of that type and name with PUT', async () => {
      const { result } = await run('godaddy_replace_dns_records', {
        domain: 'acme-bakery.com',
        type: 'A',
        name: '@',
        records: [{ data: '198.51.100.1', ttl: 600 }, { data: '198.51.100.2' }],
      });
      expect(result.structuredContent).toEqual({ domain: 'acme-bakery.com', type: 'A', name: '@', records: 2 });
      expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/v1/domains/acme-bakery.com/records/A/@' });
      const a = zone('acme-bakery.com').filter((r) => r.type === 'A');
      expect(a.map((r) => r.data)).toEqual(['198.51.100.1', '198.51.100.2']);
      expect(zone('acme-bakery.com')).toHaveLength(9);
    });

    it('names the bad record field', async () => {
      const { result } = await run('godaddy_replace_dns_records', {
        domain: 'acme-bakery.com',
        type: 'AAAA',
        name: '@',
        records: [{ data: '198.51.100.1' }],
      });
      expect(result.content[0]?.text).toContain('records.0.data: must be an IPv6 address');
    });
  });

  describe('godaddy_delete_dns_records', () => {
    it('deletes every record of the type and name', async () => {
      const { result } = await run('godaddy_delete_dns_records', { domain: 'acme-bakery.com', type: 'TXT', name: '_dmarc' });
      expect(result.structuredContent).toEqual({ domain: 'acme-bakery.com', type: 'TXT', name: '_dmarc', deleted: true });
      expect(fake.requests.at(-1)?.method).toBe('DELETE');
      expect(zone('acme-bakery.com').some((r) => r.name === '_dmarc')).toBe(false);
    });

    it('reports records that do not exist as not found', async () => {
      const { result } = await run('godaddy_delete_dns_records', { domain: 'acme-bakery.com', type: 'TXT', name: 'nothing-here' });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toContain('No TXT records named nothing-here');
    });

    it('refuses NS records before calling GoDaddy', async () => {
      const { result } = await run('godaddy_delete_dns_records', { domain: 'acme-bakery.com', type: 'NS', name: '@' });
      expect(result.content[0]?.text).toContain('type');
      expect(zone('acme-bakery.com').filter((r) => r.type === 'NS')).toHaveLength(2);
    });
  });
});
