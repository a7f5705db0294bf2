import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { GoDaddyClient } from './client.js';
import { godaddyEcosystem } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

describe('GoDaddy nameserver tools', () => {
  let fake: GoDaddyFake;
  let harness: ToolHarness<GoDaddyClient>;
  const run = (name: string, args: unknown) => harness.run(name, args);
  const nameServersOf = (domain: string) => fake.inspect().domains.find((d) => d.domain === domain)?.nameServers;

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(godaddyEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.seed());

  it('godaddy_get_nameservers reads them from the domain', async () => {
    const { result } = await run('godaddy_get_nameservers', { domain: 'bluefin-consulting.io' });
    expect(result.structuredContent).toEqual({
      domain: 'bluefin-consulting.io',
      nameServers: ['ns1.exampledns.net', 'ns2.exampledns.net'],
    });
  });

  it('godaddy_get_nameservers reports an unknown domain', async () => {
    const { result } = await run('godaddy_get_nameservers', { domain: 'not-in-account.com' });
    expect(result.isError).toBe(true);
  });

  it('godaddy_update_nameservers sets them with PATCH /v1/domains/{domain}', async () => {
    const { result } = await run('godaddy_update_nameservers', {
      domain: 'acme-bakery.shop',
      nameServers: ['Ada.NS.Cloudflare.com.', 'bob.ns.cloudflare.com'],
    });
    expect(result.structuredContent).toEqual({
      domain: 'acme-bakery.shop',
      nameServers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/v1/domains/acme-bakery.shop',
      body: { nameServers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'] },
    });
    expect(nameServersOf('acme-bakery.shop')).toEqual(['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com']);
  });

  it('godaddy_update_nameservers passes on GoDaddy\'s refusal for an expired domain', async () => {
    const { result } = await run('godaddy_update_nameservers', {
      domain: 'old-brand.net',
      nameServers: ['ns1.example.net', 'ns2.example.net'],
    });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('GoDaddy DOMAIN_NOT_ELIGIBLE');
    expect(nameServersOf('old-brand.net')).toEqual(['ns51.domaincontrol.com', 'ns52.domaincontrol.com']);
  });

  it('godaddy_update_nameservers needs at least two servers', async () => {
    const { result } = await run('godaddy_update_nameservers', { domain: 'acme-bakery.com', nameServers: ['ns1.example.net'] });
    expect(result.content[0]?.text).toContain('nameServers');
    expect(nameServersOf('acme-bakery.com')).toEqual(['ns51.domaincontrol.com', 'ns52.domaincontrol.com']);
  });
});
