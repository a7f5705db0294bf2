import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { CloudflareClient } from './client.js';
import { cloudflareEcosystem } from './ecosystem.js';
import { startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
let cf: ToolHarness<CloudflareClient>;
beforeAll(async () => {
  fake = await startFake({ now: () => new Date('2026-03-01T12:00:00Z') });
  cf = toolHarness(cloudflareEcosystem, fake);
});
afterAll(() => fake.close());

type Report = { totals: Record<string, number>; rows: Array<Record<string, string | number>>; rowCount: number; since: string; until: string };

describe('cloudflare_get_dns_analytics', () => {
  it('totals query counts over the last 6 hours by default', async () => {
    const { result } = await cf.run('cloudflare_get_dns_analytics', { zone: 'example.com' });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as Report;
    expect(out).toMatchObject({ since: '2026-03-01T06:00:00.000Z', until: '2026-03-01T12:00:00.000Z', metrics: ['queryCount'], dimensions: [], rows: [] });
    expect(out.totals.queryCount).toBeGreaterThan(0);
    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe(`/zones/${fake.zone('example.com')!.id}/dns_analytics/report`);
    expect(sent.query.get('metrics')).toBe('queryCount');
  });

  it('groups by dimensions, filters and sorts, as rows keyed by name', async () => {
    const { result } = await cf.run('cloudflare_get_dns_analytics', {
      zone: 'example.com',
      metrics: ['queryCount', 'responseTimeAvg'],
      dimensions: ['queryName', 'responseCode'],
      filters: 'responseCode==NOERROR',
      sort: ['-queryCount'],
      limit: 2,
    });
    const out = result.structuredContent as Report;
    expect(out.rows).toHaveLength(2);
    expect(out.rowCount).toBeGreaterThan(2);
    expect(out.rows[0]).toEqual({ queryName: expect.any(String), responseCode: 'NOERROR', queryCount: expect.any(Number), responseTimeAvg: expect.any(Number) });
    expect(Number(out.rows[0]!.queryCount)).toBeGreaterThanOrEqual(Number(out.rows[1]!.queryCount));
    expect(fake.requests.at(-1)!.query.get('dimensions')).toBe('queryName,responseCode');

    const nx = await cf.run('cloudflare_get_dns_analytics', { zone: 'example.com', dimensions: ['queryName'], filters: 'responseCode==NXDOMAIN' });
    expect((nx.result.structuredContent as Report).rows.map((r) => r.queryName)).toEqual(['nothing.example.com']);
  });

  it('refuses unknown metrics before calling, and passes on the API refusing a bad filter', async () => {
    const unknown = await cf.run('cloudflare_get_dns_analytics', { zone: 'example.com', metrics: ['hits'] });
    expect(unknown.error?.message).toMatch(/Invalid input for cloudflare_get_dns_analytics.*metrics\.0/);
    const badFilter = await cf.run('cloudflare_get_dns_analytics', { zone: 'example.com', filters: 'colour==blue' });
    expect(badFilter.result.isError).toBe(true);
    expect(badFilter.error?.message).toMatch(/Invalid filter "colour==blue"/);
  });
});
