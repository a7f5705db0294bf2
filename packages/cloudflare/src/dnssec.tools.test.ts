import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDnssecStatus } from './dnssec.tools.js';
import { startHarness, textOf, zoneId, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('cloudflare_get_dnssec_status', () => {
  it('reports an active zone with the DS record for the registrar', async () => {
    const result = await h.call(getDnssecStatus, { zone: 'example.com' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      zoneId: zoneId(h.fake),
      status: 'active',
      algorithm: '13',
      keyType: 'ECDSAP256SHA256',
      digestType: '2',
      flags: 257,
      ds: expect.stringMatching(/^example\.com\. 3600 IN DS \d+ 13 2 [0-9A-F]{64}$/),
      nextStep: expect.stringContaining('DS record is published'),
    });
    expect(h.fake.requests.at(-1)!.path).toBe(`/zones/${zoneId(h.fake)}/dnssec`);
  });

  it('reports a disabled zone without the nulls Cloudflare sends', async () => {
    const result = await h.call(getDnssecStatus, { zone: 'example.org' });
    expect(result.structuredContent).toEqual({
      zoneId: zoneId(h.fake, 'example.org'),
      status: 'disabled',
      nextStep: expect.stringContaining('DNSSEC is off'),
      multiSigner: false,
      presigned: false,
      nsec3: false,
    });
  });

  it('reports a zone the token cannot see as not found', async () => {
    const result = await h.call(getDnssecStatus, { zone: 'f'.repeat(32) });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Cloudflare 7003/);
  });
});
