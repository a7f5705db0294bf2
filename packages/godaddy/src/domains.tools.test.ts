import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { GoDaddyClient } from './client.js';
import { godaddyEcosystem } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

describe('GoDaddy domain tools', () => {
  let fake: GoDaddyFake;
  let harness: ToolHarness<GoDaddyClient>;
  const run = (name: string, args: unknown) => harness.run(name, args);

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(godaddyEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seed();
    fake.restrictAccess(false);
  });

  describe('godaddy_list_domains', () => {
    it('pages with marker and limit until nextMarker is absent', async () => {
      const first = await run('godaddy_list_domains', { limit: 3 });
      expect(first.result.structuredContent).toMatchObject({
        domains: [{ domain: 'acme-bakery.com' }, { domain: 'acme-bakery.shop' }, { domain: 'bluefin-consulting.io' }],
        nextMarker: 'bluefin-consulting.io',
      });
      const second = await run('godaddy_list_domains', { limit: 3, marker: 'bluefin-consulting.io' });
      expect(second.result.structuredContent).toEqual({
        domains: [
          {
            domain: 'old-brand.net',
            domainId: 403127804,
            status: 'EXPIRED',
            expires: '2025-01-10T23:59:59.000Z',
            renewAuto: false,
            locked: false,
            privacy: true,
          },
        ],
      });
    });

    it('filters by status, accepting lower case', async () => {
      const { result } = await run('godaddy_list_domains', { statuses: ['expired'] });
      expect(result.structuredContent).toMatchObject({ domains: [{ domain: 'old-brand.net' }] });
      expect(result.structuredContent).not.toHaveProperty('nextMarker');
      expect(fake.requests.at(-1)?.query.get('statuses')).toBe('EXPIRED');
    });

    it('explains the production access restriction and suggests OTE', async () => {
      fake.restrictAccess(true);
      const { result, status } = await run('godaddy_list_domains', {});
      expect(status).toBe('tool_error');
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toContain('GoDaddy ACCESS_DENIED');
      expect(result.content[0]?.text).toContain('GODADDY_ENVIRONMENT=ote');
    });
  });

  describe('godaddy_get_domain', () => {
    it('returns details with nameservers and without the transfer auth code', async () => {
      const { result } = await run('godaddy_get_domain', { domain: 'Acme-Bakery.com' });
      expect(result.structuredContent).toMatchObject({
        domain: 'acme-bakery.com',
        status: 'ACTIVE',
        nameServers: ['ns51.domaincontrol.com', 'ns52.domaincontrol.com'],
        renewDeadline: '2027-03-14T23:59:59.000Z',
      });
      expect(JSON.stringify(result)).not.toContain('AUTH-');
    });

    it('reports a domain outside the account as not found', async () => {
      const { result, status } = await run('godaddy_get_domain', { domain: 'someone-else.com' });
      expect(status).toBe('tool_error');
      expect(result.content[0]?.text).toContain('not registered');
    });

    it('rejects a malformed domain before calling GoDaddy', async () => {
      const before = fake.requests.length;
      const { result } = await run('godaddy_get_domain', { domain: 'https://acme-bakery.com/' });
      expect(result.content[0]?.text).toContain('domain: must be a domain name');
      expect(fake.requests.length).toBe(before);
    });
  });

  describe('godaddy_check_domain_availability', () => {
    it('returns raw micro-unit prices and decimal amounts', async () => {
      const { result } = await run('godaddy_check_domain_availability', { domain: 'fresh-idea.com', checkType: 'FULL' });
      expect(result.structuredContent).toEqual({
        domain: 'fresh-idea.com',
        available: true,
        definitive: true,
        price: { micros: 11_990_000, amount: 11.99, currency: 'USD' },
        renewalPrice: { micros: 22_990_000, amount: 22.99, currency: 'USD' },
        period: 1,
      });
      expect(fake.requests.at(-1)?.query.get('checkType')).toBe('FULL');
    });

    it('reports a taken domain as unavailable, not definitive on a FAST check', async () => {
      const { result } = await run('godaddy_check_domain_availability', { domain: 'acme-bakery.com' });
      expect(result.structuredContent).toMatchObject({ available: false, definitive: false });
    });

    it('passes on GoDaddy\'s refusal of an unsupported TLD', async () => {
      const { result } = await run('godaddy_check_domain_availability', { domain: 'fresh-idea.zzz' });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toContain('GoDaddy UNSUPPORTED_TLD');
    });
  });
});
