import { ValidationError } from '@enterprise-mcp/core';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GoDaddyClient } from './client.js';
import { godaddyEcosystem } from './ecosystem.js';
import { getDomainNameservers, setDomainNameservers } from './nameservers.api.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

describe('nameservers.api against the fake', () => {
  let fake: GoDaddyFake;
  let client: GoDaddyClient;

  beforeAll(async () => {
    fake = await startFake();
    client = toolHarness(godaddyEcosystem, fake).client;
  });
  afterAll(() => fake.close());

  it("sets nameservers with PATCH /v1/domains/{domain} and passes on GoDaddy's two-nameserver rule", async () => {
    await setDomainNameservers(client, 'acme-bakery.com', ['ns1.example.net', 'ns2.example.net']);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PATCH', path: '/v1/domains/acme-bakery.com' });
    expect(await getDomainNameservers(client, 'acme-bakery.com')).toEqual({
      domain: 'acme-bakery.com',
      nameServers: ['ns1.example.net', 'ns2.example.net'],
    });
    const error = await setDomainNameservers(client, 'acme-bakery.com', ['ns1.example.net']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields[0]).toMatchObject({ path: 'nameServers', code: 'MISMATCH_MIN_ITEMS' });
  });
});
