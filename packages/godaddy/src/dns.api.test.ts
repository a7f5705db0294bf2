import { toolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GoDaddyClient } from './client.js';
import { listRecords } from './dns.api.js';
import { godaddyEcosystem } from './ecosystem.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

describe('dns.api against the fake', () => {
  let fake: GoDaddyFake;
  let client: GoDaddyClient;

  beforeAll(async () => {
    fake = await startFake();
    client = toolHarness(godaddyEcosystem, fake).client;
  });
  afterAll(() => fake.close());

  it('reads DNS records by type and name through the path, keeping "@" readable', async () => {
    const records = await listRecords(client, 'acme-bakery.com', { type: 'TXT', name: '_dmarc' });
    expect(records).toEqual([{ type: 'TXT', name: '_dmarc', data: 'v=DMARC1; p=quarantine', ttl: 3600 }]);
    expect(fake.requests.at(-1)?.path).toBe('/v1/domains/acme-bakery.com/records/TXT/_dmarc');
    await listRecords(client, 'acme-bakery.com', { type: 'A', name: '@' });
    expect(fake.requests.at(-1)?.path).toBe('/v1/domains/acme-bakery.com/records/A/@');
  });

  it('refuses a name filter without a type before calling GoDaddy', async () => {
    const before = fake.requests.length;
    await expect(listRecords(client, 'acme-bakery.com', { name: 'www' })).rejects.toThrow('needs a record type');
    expect(fake.requests).toHaveLength(before);
  });
});
