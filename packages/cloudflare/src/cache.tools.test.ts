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

  it('allows 100 items a purge on every plan and 500 URLs on Enterprise, as the API does', async () => {
    const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}.css`);
    const free = await h.call(purgeCache, { zone: 'example.com', files: urls(101) });
    expect(free.isError).toBe(true);
    expect(textOf(free)).toMatch(/at most 100 files per purge on this plan \(Cloudflare 1012\)/);
    expect((await h.call(purgeCache, { zone: 'example.com', tags: urls(100) })).isError).toBeFalsy();
    const tooMany = await h.call(purgeCache, { zone: 'example.com', tags: urls(101) });
    expect(textOf(tooMany)).toMatch(/Invalid input for cloudflare_purge_cache.*tags: /);

    h.fake.seed({ zones: [{ name: 'big.example', plan: 'enterprise' }] });
    const enterprise = await h.call(purgeCache, { zone: 'big.example', files: urls(500) });
    expect(enterprise.structuredContent).toMatchObject({ kind: 'files', count: 500 });
    expect(h.fake.zone('big.example')!.plan.name).toBe('Enterprise Website');
  });

  it("enforces the account's purge rate limit (Free: bursts of 25 tag purges), reporting the wait", async () => {
    const own = await startHarness();
    try {
      for (let i = 0; i < 25; i++) expect((await own.call(purgeCache, { zone: 'example.com', tags: [`t${i}`] })).isError).toBeFalsy();
      const limited = await own.call(purgeCache, { zone: 'example.com', tags: ['one-more'] });
      expect(limited.isError).toBe(true);
      expect(textOf(limited)).toMatch(/^Cloudflare rate limit reached: Purge rate limit reached .*\(Cloudflare 1134\): retry after 12 seconds/);
      const sent = own.fake.requests.at(-1)!;
      expect(sent.path).toMatch(/purge_cache$/);
      expect(own.fake.purges()).toHaveLength(25);
    } finally {
      await own.close();
    }
  });

  it('does not retry a rate-limited purge (POST) and says when to try again', async () => {
    h.fake.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const result = await h.call(purgeCache, { zone: zoneId(h.fake), hosts: ['example.com'] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/rate limit reached.*\(Cloudflare 971\): retry after 7 seconds/);
  });
});
