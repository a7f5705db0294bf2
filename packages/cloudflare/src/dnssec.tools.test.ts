import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { CloudflareClient } from './client.js';
import { cloudflareEcosystem } from './ecosystem.js';
import { startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
let cf: ToolHarness<CloudflareClient>;
beforeAll(async () => {
  fake = await startFake();
  cf = toolHarness(cloudflareEcosystem, fake);
});
afterAll(() => fake.close());

describe('cloudflare_get_dnssec_status', () => {
  it('reports an active zone with the DS record for the registrar', async () => {
    const { result } = await cf.run('cloudflare_get_dnssec_status', { zone: 'example.com' });
    expect(result.isError).toBeFalsy();
    const zoneId = fake.zone('example.com')!.id;
    expect(result.structuredContent).toMatchObject({
      zoneId,
      status: 'active',
      algorithm: '13',
      keyType: 'ECDSAP256SHA256',
      digestType: '2',
      flags: 257,
      ds: expect.stringMatching(/^example\.com\. 3600 IN DS \d+ 13 2 [0-9A-F]{64}$/),
      nextStep: expect.stringContaining('DS record is published'),
    });
    expect(fake.requests.at(-1)!.path).toBe(`/zones/${zoneId}/dnssec`);
  });

  it('reports a disabled zone without the nulls Cloudflare sends', async () => {
    const { result } = await cf.run('cloudflare_get_dnssec_status', { zone: 'example.org' });
    expect(result.structuredContent).toEqual({
      zoneId: fake.zone('example.org')!.id,
      status: 'disabled',
      nextStep: expect.stringContaining('DNSSEC is off'),
      multiSigner: false,
      presigned: false,
      nsec3: false,
    });
  });

  it('reports a zone the credentials cannot see as not found', async () => {
    const { result, error } = await cf.run('cloudflare_get_dnssec_status', { zone: 'f'.repeat(32) });
    expect(result.isError).toBe(true);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/Cloudflare 7003/) });
  });
});
