import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getZoneSettings, updateZoneSettings, READABLE_SETTINGS } from './settings.tools.js';
import { startHarness, textOf, zoneId, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Settings = { zoneId: string; settings: Array<{ id: string; value: unknown; editable: boolean; time_remaining?: number }> };

describe('cloudflare_get_zone_settings', () => {
  it('reads the common settings, seeded values included', async () => {
    const result = await h.call(getZoneSettings, { zone: 'example.com' });
    const out = result.structuredContent as Settings;
    expect(out.zoneId).toBe(zoneId(h.fake));
    expect(out.settings.map((s) => s.id)).toEqual([...READABLE_SETTINGS]);
    const value = (id: string) => out.settings.find((s) => s.id === id)!.value;
    expect(value('ssl')).toBe('full');
    expect(value('always_use_https')).toBe('on');
    expect(value('cache_level')).toBe('aggressive');
    expect(h.fake.requests.at(-1)!.path).toBe(`/zones/${out.zoneId}/settings`);
  });

  it('returns only the settings asked for', async () => {
    const result = await h.call(getZoneSettings, { zone: 'example.org', settings: ['min_tls_version', 'ssl'] });
    expect((result.structuredContent as Settings).settings.map((s) => [s.id, s.value])).toEqual([
      ['min_tls_version', '1.0'],
      ['ssl', 'full'],
    ]);
  });

  it('fails on a zone the token cannot see', async () => {
    const result = await h.call(getZoneSettings, { zone: 'other.example' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/No Cloudflare zone named "other\.example"/);
  });
});

describe('cloudflare_update_zone_settings', () => {
  it('changes the chosen settings, one PATCH each, and leaves the rest', async () => {
    const result = await h.call(updateZoneSettings, { zone: 'example.com', ssl: 'strict', minTlsVersion: '1.2', developmentMode: 'on' });
    const out = result.structuredContent as Settings;
    expect(out.settings.map((s) => [s.id, s.value])).toEqual([
      ['ssl', 'strict'],
      ['min_tls_version', '1.2'],
      ['development_mode', 'on'],
    ]);
    expect(out.settings[2]!.time_remaining).toBe(10800);
    expect(h.fake.settings('example.com')).toMatchObject({ ssl: 'strict', min_tls_version: '1.2', always_use_https: 'on', cache_level: 'aggressive' });
    const patches = h.fake.requests.filter((r) => r.method === 'PATCH').map((r) => [r.path.split('/').at(-1), r.body]);
    expect(patches).toEqual([
      ['ssl', { value: 'strict' }],
      ['min_tls_version', { value: '1.2' }],
      ['development_mode', { value: 'on' }],
    ]);
  });

  it('validates values before calling Cloudflare', async () => {
    const result = await h.call(updateZoneSettings, { zone: 'example.com', ssl: 'full_strict' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/\[ssl: /);
    const empty = await h.call(updateZoneSettings, { zone: 'example.com' });
    expect(textOf(empty)).toMatch(/give at least one setting to change/);
  });

  it('maps an invalid value answer (Cloudflare 1007) to a validation error', async () => {
    await expect(h.client.updateZoneSetting(zoneId(h.fake), 'cache_level', 'everything')).rejects.toMatchObject({
      code: 'validation_failed',
      platformCode: 1007,
      message: 'Invalid value for zone setting cache_level',
    });
  });
});
