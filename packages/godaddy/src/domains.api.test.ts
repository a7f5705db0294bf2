import { toolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GoDaddyClient } from './client.js';
import { checkAvailabilityBulk, listDomainSummaries } from './domains.api.js';
import { godaddyEcosystem } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

describe('domains.api against the fake', () => {
  let fake: GoDaddyFake;
  let client: GoDaddyClient;

  beforeAll(async () => {
    fake = await startFake();
    client = toolHarness(godaddyEcosystem, fake).client;
  });
  afterAll(() => fake.close());

  it('sends statuses comma-separated with marker and limit', async () => {
    const page = await listDomainSummaries(client, { statuses: ['ACTIVE', 'EXPIRED'], limit: 2, marker: 'acme-bakery.com' });
    expect(page.map((d) => d.domain)).toEqual(['acme-bakery.shop', 'bluefin-consulting.io']);
    const request = fake.requests.at(-1)!;
    expect(request.query.get('statuses')).toBe('ACTIVE,EXPIRED');
    expect(request.query.get('limit')).toBe('2');
    expect(request.query.get('marker')).toBe('acme-bakery.com');
  });

  it('checks many domains with one POST whose body is the list of names', async () => {
    const result = await checkAvailabilityBulk(client, ['fresh-bread.com', 'fresh-bread.zz'], { checkType: 'FAST' });
    expect(result.domains.map((d) => d.domain)).toEqual(['fresh-bread.com']);
    expect(result.errors).toEqual([expect.objectContaining({ domain: 'fresh-bread.zz', code: 'UNSUPPORTED_TLD' })]);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/domains/available', body: ['fresh-bread.com', 'fresh-bread.zz'] });
  });
});
