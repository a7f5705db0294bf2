import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { purgeCache } from './cache.tools.js';
import { startHarness, textOf, zoneId, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('cloudflare_purge_cache', () => {
  it('purges everything', async () => {
    const result = await h.call(purgeCache, { zone: 'example.com', everything: true });
    const id = zoneId(h.fake);
    expect(result.structuredContent).toEqual({ id, zoneId: id, kind: 'everything', count: 0 });
    expect(h.fake.purges().at(-1)).toMatchObject({ zoneId: id, request: { purge_everything: true } });
  });

  it.each([
    ['files', ['https://example.com/a.css', 'https://example.com/b.js']],
    ['hosts', ['images.example.com']],
    ['tags', ['product-42']],
    ['prefixes', ['example.com/blog/']],
  ] as const)('purges by %s', async (kind, values) => {
    const result = await h.call(purgeCache, { zone: 'example.com', [kind]: values });
    expect(result.structuredContent).toMatchObject({ kind, count: values.length });
    expect(h.fake.requests.at(-1)!.body).toEqual({ [kind]: values });
  });

  it('refuses two kinds in one call, as the API does', async () => {
    const before = h.fake.purges().length;
    const result = await h.call(purgeCache, { zone: 'example.com', everything: true, files: ['https://example.com/'] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/give exactly one of everything, files, hosts, tags or prefixes/);
    expect(h.fake.purges()).toHaveLength(before);
  });

  it('reports the API refusing a purge body (Cloudflare 1012) as a validation error', async () => {
    const response = await fetch(`${h.fake.url}/zones/${zoneId(h.fake)}/purge_cache`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.fake.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ files: ['https://example.com/'], tags: ['x'] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ code: number }> }).errors[0]!.code).toBe(1012);
    await expect(h.client.purgeCache(zoneId(h.fake), { files: [] })).rejects.toMatchObject({ code: 'validation_failed', platformCode: 1012 });
  });

  it('passes on the plan limit on URLs per purge', async () => {
    const files = Array.from({ length: 31 }, (_, i) => `https://example.com/${i}.css`);
    const result = await h.call(purgeCache, { zone: 'example.com', files });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Cannot purge more than 30 files per request \(Cloudflare 1012\)/);
  });

  it('does not retry a rate-limited purge (POST) and says when to try again', async () => {
    h.fake.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const result = await h.call(purgeCache, { zone: zoneId(h.fake), hosts: ['example.com'] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/rate limit reached.*\(Cloudflare 971\): retry after 7 seconds/);
  });
});
