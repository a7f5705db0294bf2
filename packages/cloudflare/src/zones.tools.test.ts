import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { CloudflareClient } from './client.js';
import { cloudflareEcosystem } from './ecosystem.js';
import { startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
let cf: ToolHarness<CloudflareClient>;
beforeAll(async () => {
  fake = await startFake({
    seed: { zones: Array.from({ length: 12 }, (_, i) => ({ name: `site${String(i).padStart(2, '0')}.example`, status: i % 3 === 0 ? 'pending' : 'active' })) },
  });
  cf = toolHarness(cloudflareEcosystem, fake);
});
afterAll(() => fake.close());

const zoneId = (name: string) => fake.zone(name)!.id;

describe('cloudflare_list_zones', () => {
  it('lists zones a page at a time', async () => {
    const { result } = await cf.run('cloudflare_list_zones', { perPage: 5, page: 3 });
    expect(result.structuredContent).toMatchObject({ page: 3, perPage: 5, count: 2, totalCount: 12, totalPages: 3 });
    const zones = (result.structuredContent as { zones: Array<{ name: string; name_servers: string[] }> }).zones;
    expect(zones.map((z) => z.name)).toEqual(['site10.example', 'site11.example']);
    expect(zones[0]!.name_servers).toHaveLength(2);
  });

  it('filters by exact name and by status', async () => {
    const byName = await cf.run('cloudflare_list_zones', { name: 'site04.example' });
    expect((byName.result.structuredContent as { zones: Array<{ id: string }> }).zones.map((z) => z.id)).toEqual([zoneId('site04.example')]);
    const pending = await cf.run('cloudflare_list_zones', { status: 'pending' });
    expect((pending.result.structuredContent as { totalCount: number }).totalCount).toBe(4);
    expect(fake.requests.at(-1)!.query.get('status')).toBe('pending');
  });

  it('rejects a page size Cloudflare would refuse', async () => {
    const { status, error } = await cf.run('cloudflare_list_zones', { perPage: 500 });
    expect(status).toBe('tool_error');
    expect(error?.message).toMatch(/perPage/);
  });

  it('turns an outage into an upstream error after retrying', async () => {
    fake.failNext({ status: 503, times: 3 });
    const { status, error } = await cf.run('cloudflare_list_zones', {});
    expect(status).toBe('upstream_error');
    expect(error?.message).toMatch(/Service temporarily unavailable \(Cloudflare 10001\): the platform had a problem/);
  });
});

describe('cloudflare_get_zone', () => {
  it('gets a zone by name or id', async () => {
    const byName = await cf.run('cloudflare_get_zone', { zone: 'site01.example' });
    const id = zoneId('site01.example');
    expect(byName.result.structuredContent).toMatchObject({ zone: { id, name: 'site01.example', status: 'active', type: 'full' } });
    const byId = await cf.run('cloudflare_get_zone', { zone: id });
    expect(byId.result.structuredContent).toEqual(byName.result.structuredContent);
  });

  it('reports an unknown zone id as not found', async () => {
    const { result, error } = await cf.run('cloudflare_get_zone', { zone: 'e'.repeat(32) });
    expect(result.isError).toBe(true);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/Cloudflare 7003\): check the id: cloudflare_list_zones lists zones/) });
  });
});
