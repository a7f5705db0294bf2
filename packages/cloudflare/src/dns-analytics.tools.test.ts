import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDnsAnalytics } from './dns-analytics.tools.js';
import { startHarness, textOf, zoneId, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date('2026-03-01T12:00:00Z') });
});
afterAll(() => h.close());

type Report = { totals: Record<string, number>; rows: Array<Record<string, string | number>>; rowCount: number; since: string; until: string };

describe('cloudflare_get_dns_analytics', () => {
  it('totals query counts over the last 6 hours by default', async () => {
    const result = await h.call(getDnsAnalytics, { zone: 'example.com' });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as Report;
    expect(out).toMatchObject({ since: '2026-03-01T06:00:00.000Z', until: '2026-03-01T12:00:00.000Z', metrics: ['queryCount'], dimensions: [], rows: [] });
    expect(out.totals.queryCount).toBeGreaterThan(0);
    const sent = h.fake.requests.at(-1)!;
    expect(sent.path).toBe(`/zones/${zoneId(h.fake)}/dns_analytics/report`);
    expect(sent.query.get('metrics')).toBe('queryCount');
  });

  it('groups by dimensions, filters and sorts, as rows keyed by name', async () => {
    const result = await h.call(getDnsAnalytics, {
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
    expect(h.fake.requests.at(-1)!.query.get('dimensions')).toBe('queryName,responseCode');

    const nx = await h.call(getDnsAnalytics, { zone: 'example.com', dimensions: ['queryName'], filters: 'responseCode==NXDOMAIN' });
    expect((nx.structuredContent as Report).rows.map((r) => r.queryName)).toEqual(['nothing.example.com']);
  });

  it('refuses unknown metrics before calling, and passes on the API refusing a bad filter', async () => {
    const unknown = await h.call(getDnsAnalytics, { zone: 'example.com', metrics: ['hits'] });
    expect(textOf(unknown)).toMatch(/Invalid input for cloudflare_get_dns_analytics.*metrics\.0/);
    const badFilter = await h.call(getDnsAnalytics, { zone: 'example.com', filters: 'colour==blue' });
    expect(badFilter.isError).toBe(true);
    expect(textOf(badFilter)).toMatch(/Invalid filter "colour==blue"/);
  });
});
