import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHarness, textOf, zoneId, type Harness } from './test-harness.js';
import { getZone, listZones } from './zones.tools.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    seed: { zones: Array.from({ length: 12 }, (_, i) => ({ name: `site${String(i).padStart(2, '0')}.example`, status: i % 3 === 0 ? 'pending' : 'active' })) },
  });
});
afterAll(() => h.close());

describe('cloudflare_list_zones', () => {
  it('lists zones a page at a time', async () => {
    const result = await h.call(listZones, { perPage: 5, page: 3 });
    expect(result.structuredContent).toMatchObject({ page: 3, perPage: 5, count: 2, totalCount: 12, totalPages: 3 });
    const zones = (result.structuredContent as { zones: Array<{ name: string; name_servers: string[] }> }).zones;
    expect(zones.map((z) => z.name)).toEqual(['site10.example', 'site11.example']);
    expect(zones[0]!.name_servers).toHaveLength(2);
  });

  it('filters by exact name and by status', async () => {
    const byName = await h.call(listZones, { name: 'site04.example' });
    expect((byName.structuredContent as { zones: Array<{ id: string }> }).zones.map((z) => z.id)).toEqual([zoneId(h.fake, 'site04.example')]);
    const pending = await h.call(listZones, { status: 'pending' });
    expect((pending.structuredContent as { totalCount: number }).totalCount).toBe(4);
    expect(h.fake.requests.at(-1)!.query.get('status')).toBe('pending');
  });

  it('rejects a page size Cloudflare would refuse', async () => {
    const result = await h.call(listZones, { perPage: 500 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/perPage/);
  });

  it('turns an outage into an upstream error after retrying', async () => {
    h.fake.failNext({ status: 503, times: 3 });
    const result = await h.call(listZones, {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Service temporarily unavailable \(Cloudflare 10001\): the platform had a problem/);
  });
});

describe('cloudflare_get_zone', () => {
  it('gets a zone by name or id', async () => {
    const byName = await h.call(getZone, { zone: 'site01.example' });
    const id = zoneId(h.fake, 'site01.example');
    expect(byName.structuredContent).toMatchObject({ zone: { id, name: 'site01.example', status: 'active', type: 'full' } });
    const byId = await h.call(getZone, { zone: id });
    expect(byId.structuredContent).toEqual(byName.structuredContent);
  });

  it('reports an unknown zone id as not found', async () => {
    const result = await h.call(getZone, { zone: 'e'.repeat(32) });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Cloudflare 7003\): check the id: cloudflare_list_zones lists zones/);
  });
});
