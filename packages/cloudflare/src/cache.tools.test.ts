import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { purgeCache } from './cache.api.js';
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

const zoneId = () => fake.zone('example.com')!.id;

describe('cloudflare_purge_cache', () => {
  it('purges everything', async () => {
    const { result } = await cf.run('cloudflare_purge_cache', { zone: 'example.com', everything: true });
    const id = zoneId();
    expect(result.structuredContent).toEqual({ id, zoneId: id, kind: 'everything', count: 0 });
    expect(fake.purges().at(-1)).toMatchObject({ zoneId: id, request: { purge_everything: true } });
  });

  it.each([
    ['files', ['https://example.com/a.css', 'https://example.com/b.js']],
    ['hosts', ['images.example.com']],
    ['tags', ['product-42']],
    ['prefixes', ['example.com/blog/']],
  ] as const)('purges by %s', async (kind, values) => {
    const { result } = await cf.run('cloudflare_purge_cache', { zone: 'example.com', [kind]: values });
    expect(result.structuredContent).toMatchObject({ kind, count: values.length });
    expect(fake.requests.at(-1)!.body).toEqual({ [kind]: values });
  });

  it('refuses two kinds in one call, as the API does', async () => {
    const before = fake.purges().length;
    const { result, error } = await cf.run('cloudflare_purge_cache', { zone: 'example.com', everything: true, files: ['https://example.com/'] });
    expect(result.isError).toBe(true);
    expect(error?.message).toMatch(/give exactly one of everything, files, hosts, tags or prefixes/);
    expect(fake.purges()).toHaveLength(before);
  });

  it('reports the API refusing a purge body (Cloudflare 1012) as a validation error', async () => {
    const response = await fetch(`${fake.url}/zones/${zoneId()}/purge_cache`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ files: ['https://example.com/'], tags: ['x'] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ code: number }> }).errors[0]!.code).toBe(1012);
    await expect(purgeCache(cf.client, zoneId(), { files: [] })).rejects.toMatchObject({ code: 'validation_failed', platformCode: 1012 });
  });

  it('allows 100 items a purge on every plan and 500 URLs on Enterprise, as the API does', async () => {
    const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}.css`);
    const free = await cf.run('cloudflare_purge_cache', { zone: 'example.com', files: urls(101) });
    expect(free.result.isError).toBe(true);
    expect(free.error?.message).toMatch(/at most 100 files per purge on this plan \(Cloudflare 1012\)/);
    expect((await cf.run('cloudflare_purge_cache', { zone: 'example.com', tags: urls(100) })).result.isError).toBeFalsy();
    const tooMany = await cf.run('cloudflare_purge_cache', { zone: 'example.com', tags: urls(101) });
    expect(tooMany.error?.message).toMatch(/Invalid input for cloudflare_purge_cache.*tags: /);

    fake.seed({ zones: [{ name: 'big.example', plan: 'enterprise' }] });
    const enterprise = await cf.run('cloudflare_purge_cache', { zone: 'big.example', files: urls(500) });
    expect(enterprise.result.structuredContent).toMatchObject({ kind: 'files', count: 500 });
    expect(fake.zone('big.example')!.plan.name).toBe('Enterprise Website');
  });

  it("enforces the account's purge rate limit (Free: bursts of 25 tag purges), reporting the wait", async () => {
    // A pinned clock: the buckets refill with time, so the wait is the same however long the 25 calls take.
    const own = await startFake({ now: () => new Date('2026-03-01T12:00:00Z') });
    try {
      const harness = toolHarness(cloudflareEcosystem, own);
      for (let i = 0; i < 25; i++) {
        expect((await harness.run('cloudflare_purge_cache', { zone: 'example.com', tags: [`t${i}`] })).status).toBe('ok');
      }
      const limited = await harness.run('cloudflare_purge_cache', { zone: 'example.com', tags: ['one-more'] });
      expect(limited.status).toBe('rate_limited');
      expect(limited.error?.message).toMatch(/^Cloudflare rate limit reached: Purge rate limit reached .*\(Cloudflare 1134\): retry after 12 seconds/);
      expect(own.requests.at(-1)!.path).toMatch(/purge_cache$/);
      expect(own.purges()).toHaveLength(25);
    } finally {
      await own.close();
    }
  });

  it('does not retry a rate-limited purge (POST) and says when to try again', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const before = fake.requests.length;
    const { status, error } = await cf.run('cloudflare_purge_cache', { zone: zoneId(), hosts: ['example.com'] });
    expect(status).toBe('rate_limited');
    expect(error?.message).toMatch(/rate limit reached.*\(Cloudflare 971\): retry after 7 seconds/);
    expect(fake.requests.length - before).toBe(1);
  });
});
