import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { GoDaddyClient } from './client.js';
import { godaddyEcosystem } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

describe('GoDaddy whole-type and whole-zone replacement', () => {
  let fake: GoDaddyFake;
  let harness: ToolHarness<GoDaddyClient>;
  const run = (name: string, args: unknown) => harness.run(name, args);
  const zone = (domain: string) => fake.inspect().records[domain] ?? [];

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(godaddyEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.seed());

  describe('godaddy_replace_dns_records_of_type', () => {
    it('replaces every record of the type, whatever its name, with PUT /records/{type}', async () => {
      const outcome = await run('godaddy_replace_dns_records_of_type', {
        domain: 'acme-bakery.com',
        type: 'MX',
        records: [
          { name: '@', data: 'aspmx.l.google.com', priority: 1 },
          { name: 'shop', data: 'alt1.aspmx.l.google.com', priority: 5, ttl: 3600 },
        ],
      });
      expect(outcome.result.structuredContent).toEqual({ domain: 'acme-bakery.com', type: 'MX', records: 2 });
      const sent = fake.requests.at(-1)!;
      expect([sent.method, sent.path]).toEqual(['PUT', '/v1/domains/acme-bakery.com/records/MX']);
      expect(sent.body).toEqual([
        { name: '@', data: 'aspmx.l.google.com', priority: 1 },
        { name: 'shop', data: 'alt1.aspmx.l.google.com', priority: 5, ttl: 3600 },
      ]);
      const mx = zone('acme-bakery.com').filter((r) => r.type === 'MX');
      expect(mx.map((r) => `${r.name} ${r.data}`)).toEqual(['@ aspmx.l.google.com', 'shop alt1.aspmx.l.google.com']);
      expect(zone('acme-bakery.com').filter((r) => r.type === 'TXT')).toHaveLength(2);
    });

    it('passes on GoDaddy refusing a record that does not fit the type (422 with fields)', async () => {
      const outcome = await run('godaddy_replace_dns_records_of_type', { domain: 'acme-bakery.com', type: 'A', records: [{ name: '@', data: 'not-an-ip' }] });
      expect(outcome.error?.code).toBe('validation_failed');
      expect(outcome.result.content[0]!.text).toMatch(/records\.0\.data: must be an IPv4 address/);
      expect(zone('acme-bakery.com').find((r) => r.type === 'A')?.data).toBe('203.0.113.10');
    });
  });

  describe('godaddy_replace_dns_zone', () => {
    it('replaces the whole zone with PUT /records', async () => {
      const records = [
        { type: 'A', name: '@', data: '192.0.2.7' },
        { type: 'NS', name: '@', data: 'ns51.domaincontrol.com' },
        { type: 'NS', name: '@', data: 'ns52.domaincontrol.com' },
      ];
      const outcome = await run('godaddy_replace_dns_zone', { domain: 'acme-bakery.shop', records });
      expect(outcome.result.structuredContent).toEqual({ domain: 'acme-bakery.shop', records: 3 });
      expect([fake.requests.at(-1)!.method, fake.requests.at(-1)!.path]).toEqual(['PUT', '/v1/domains/acme-bakery.shop/records']);
      expect(zone('acme-bakery.shop').map((r) => `${r.type} ${r.data}`)).toEqual(['A 192.0.2.7', 'NS ns51.domaincontrol.com', 'NS ns52.domaincontrol.com']);
    });

    it('reports a domain whose DNS GoDaddy does not host as not found', async () => {
      const outcome = await run('godaddy_replace_dns_zone', { domain: 'bluefin-consulting.io', records: [{ type: 'A', name: '@', data: '192.0.2.7' }] });
      expect(outcome.error?.code).toBe('not_found');
    });
  });
});
