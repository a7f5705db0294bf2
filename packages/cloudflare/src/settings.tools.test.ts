import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { CloudflareClient } from './client.js';
import { cloudflareEcosystem } from './ecosystem.js';
import { updateZoneSetting } from './settings.api.js';
import { READABLE_SETTINGS } from './settings.tools.js';
import { startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
let cf: ToolHarness<CloudflareClient>;
beforeAll(async () => {
  fake = await startFake();
  cf = toolHarness(cloudflareEcosystem, fake);
});
afterAll(() => fake.close());

type Settings = { zoneId: string; settings: Array<{ id: string; value: unknown; editable: boolean; time_remaining?: number }> };

describe('cloudflare_get_zone_settings', () => {
  it('reads the common settings, seeded values included', async () => {
    const { result } = await cf.run('cloudflare_get_zone_settings', { zone: 'example.com' });
    const out = result.structuredContent as Settings;
    expect(out.zoneId).toBe(fake.zone('example.com')!.id);
    expect(out.settings.map((s) => s.id)).toEqual([...READABLE_SETTINGS]);
    const value = (id: string) => out.settings.find((s) => s.id === id)!.value;
    expect(value('ssl')).toBe('full');
    expect(value('always_use_https')).toBe('on');
    expect(value('cache_level')).toBe('aggressive');
    expect(fake.requests.at(-1)!.path).toBe(`/zones/${out.zoneId}/settings`);
  });

  it('returns only the settings asked for', async () => {
    const { result } = await cf.run('cloudflare_get_zone_settings', { zone: 'example.org', settings: ['min_tls_version', 'ssl'] });
    expect((result.structuredContent as Settings).settings.map((s) => [s.id, s.value])).toEqual([
      ['min_tls_version', '1.0'],
      ['ssl', 'full'],
    ]);
  });

  it('fails on a zone the credentials cannot see', async () => {
    const { result, error } = await cf.run('cloudflare_get_zone_settings', { zone: 'other.example' });
    expect(result.isError).toBe(true);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/No Cloudflare zone named "other\.example"/) });
  });
});

describe('cloudflare_update_zone_settings', () => {
  it('changes the chosen settings, one PATCH each, and leaves the rest', async () => {
    const { result } = await cf.run('cloudflare_update_zone_settings', { zone: 'example.com', ssl: 'strict', minTlsVersion: '1.2', developmentMode: 'on' });
    const out = result.structuredContent as Settings;
    expect(out.settings.map((s) => [s.id, s.value])).toEqual([
      ['ssl', 'strict'],
      ['min_tls_version', '1.2'],
      ['development_mode', 'on'],
    ]);
    expect(out.settings[2]!.time_remaining).toBe(10800);
    expect(fake.settings('example.com')).toMatchObject({ ssl: 'strict', min_tls_version: '1.2', always_use_https: 'on', cache_level: 'aggressive' });
    const patches = fake.requests.filter((r) => r.method === 'PATCH').map((r) => [r.path.split('/').at(-1), r.body]);
    expect(patches).toEqual([
      ['ssl', { value: 'strict' }],
      ['min_tls_version', { value: '1.2' }],
      ['development_mode', { value: 'on' }],
    ]);
  });

  it('validates values before calling Cloudflare', async () => {
    const before = fake.requests.length;
    const bad = await cf.run('cloudflare_update_zone_settings', { zone: 'example.com', ssl: 'full_strict' });
    expect(bad.result.isError).toBe(true);
    expect(bad.error?.message).toMatch(/\[ssl: /);
    const empty = await cf.run('cloudflare_update_zone_settings', { zone: 'example.com' });
    expect(empty.error?.message).toMatch(/give at least one setting to change/);
    expect(fake.requests.length).toBe(before);
  });

  it('reports an unknown zone id as not found (Cloudflare 7003)', async () => {
    const { result, error } = await cf.run('cloudflare_update_zone_settings', { zone: 'f'.repeat(32), ssl: 'strict' });
    expect(result.isError).toBe(true);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/Cloudflare 7003/) });
  });

  it('maps an invalid value answer (Cloudflare 1007) to a validation error', async () => {
    await expect(updateZoneSetting(cf.client, fake.zone('example.com')!.id, 'cache_level', 'everything')).rejects.toMatchObject({
      code: 'validation_failed',
      platformCode: 1007,
      message: 'Invalid value for zone setting cache_level',
    });
  });
});
