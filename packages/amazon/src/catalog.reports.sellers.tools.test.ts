import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { amazonEcosystem } from './ecosystem.js';
import { startFake, type AmazonFake } from './testing/index.js';

let fake: AmazonFake;
let harness: ReturnType<typeof toolHarness<typeof amazonEcosystem>>;
beforeAll(async () => {
  fake = await startFake({ rateLimits: 'off' });
  harness = toolHarness(amazonEcosystem, fake, 'refreshToken');
});
afterAll(() => fake.close());

const structured = (outcome: { result: { structuredContent?: unknown } }) => outcome.result.structuredContent as Record<string, unknown>;

describe('catalog', () => {
  it('searches by keywords and gets an item by ASIN', async () => {
    const found = structured(await harness.run('amazon_search_catalog_items', { terms: ['trail', 'pack'] }));
    expect((found.items as Array<{ asin: string }>).map((i) => i.asin)).toEqual(['B0DEMO0002', 'B0DEMO0003']);
    expect(fake.requests.at(-1)!.query.get('keywords')).toBe('trail,pack');
    const item = structured(await harness.run('amazon_get_catalog_item', { asin: 'B0DEMO0001', includedData: ['summaries', 'salesRanks'] })).item as Record<string, unknown>;
    expect(Object.keys(item).sort()).toEqual(['asin', 'salesRanks', 'summaries']);
  });

  it("replays the model's sandbox item exactly", async () => {
    const includedData = ['classifications', 'dimensions', 'identifiers', 'images', 'productTypes', 'relationships', 'salesRanks', 'summaries', 'vendorDetails'];
    const outcome = await harness.run('amazon_get_catalog_item', { asin: 'B07N4M94X4', includedData });
    expect(outcome.error).toBeUndefined();
    expect((structured(outcome).item as { asin: string }).asin).toBe('B07N4M94X4');
  });

  it('looks up the seller\'s SKUs, refuses brands with identifiers, and an unknown ASIN is not_found', async () => {
    const bySku = structured(await harness.run('amazon_search_catalog_items', { terms: ['SUN-PACK-28'], by: 'SKU' }));
    expect((bySku.items as Array<{ asin: string }>).map((i) => i.asin)).toEqual(['B0DEMO0002']);
    expect(fake.requests.at(-1)!.query.get('sellerId')).toBe(fake.sellerId);
    expect((await harness.run('amazon_search_catalog_items', { terms: ['B0DEMO0002'], by: 'ASIN', brandNames: ['Sunrise'] })).error?.message).toMatch(/brandNames: leave it out/);
    expect((await harness.run('amazon_get_catalog_item', { asin: 'B000000000' })).error?.code).toBe('not_found');
  });
});

describe('reports', () => {
  it('runs a report: create, poll with progress, download the gzip document, parse the rows', async () => {
    const progress: string[] = [];
    const outcome = await harness.run('amazon_run_report', { reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA' }, { progress: async (u) => void progress.push(u.message ?? '') });
    const result = structured(outcome) as { ready: boolean; format: string; rows: Array<Record<string, string>>; totalRows: number; report: { processingStatus: string } };
    expect(result).toMatchObject({ ready: true, format: 'tsv', totalRows: 3, report: { processingStatus: 'DONE' } });
    expect(result.rows.find((r) => r['seller-sku'] === 'SUN-PACK-28')).toMatchObject({ price: '89', quantity: '35', status: 'Active' });
    expect(progress[0]).toMatch(/requested/);
    expect(progress.some((m) => m.endsWith('IN_PROGRESS'))).toBe(true);
    expect(progress.at(-1)).toMatch(/DONE$/);
    // The presigned URL got no access token.
    expect(fake.bucket.downloads).toBe(1);
  });

  it('requests a report and reads it later by id; a JSON report is parsed', async () => {
    const { reportId } = structured(await harness.run('amazon_request_report', { reportType: 'GET_SALES_AND_TRAFFIC_REPORT', dataStartTime: '2026-11-01T00:00:00Z' })) as { reportId: string };
    const first = structured(await harness.run('amazon_get_report', { reportId })) as { report: { processingStatus: string }; rows?: unknown };
    expect(first.report.processingStatus).toBe('IN_PROGRESS');
    expect(first.rows).toBeUndefined();
    await harness.run('amazon_get_report', { reportId, download: false });
    const done = structured(await harness.run('amazon_get_report', { reportId })) as { format: string; json: { salesAndTrafficByDate: unknown[] } };
    expect(done.format).toBe('json');
    expect(done.json.salesAndTrafficByDate).toHaveLength(1);
    const listed = structured(await harness.run('amazon_list_reports', { reportTypes: ['GET_SALES_AND_TRAFFIC_REPORT'] })) as { reports: Array<{ reportId: string }> };
    expect(listed.reports.map((r) => r.reportId)).toContain(reportId);
  });

  it('downloads a personal-data report only with a restricted data token, when allowed', async () => {
    const refused = await harness.run('amazon_run_report', { reportType: 'GET_AMAZON_FULFILLED_SHIPMENTS_DATA_GENERAL', dataStartTime: '2026-11-01T00:00:00Z' });
    expect(refused.error?.code).toBe('permission_denied');
    const allowed = toolHarness(amazonEcosystem, { configs: { refreshToken: { ...fake.configs.refreshToken, allowPersonalData: true } } }, 'refreshToken');
    const outcome = await allowed.run('amazon_run_report', { reportType: 'GET_AMAZON_FULFILLED_SHIPMENTS_DATA_GENERAL', dataStartTime: '2026-11-01T00:00:00Z' });
    expect(structured(outcome)).toMatchObject({ ready: true, format: 'tsv' });
  });

  it('cancels a queued report; a bad report type is refused by Amazon', async () => {
    const { reportId } = structured(await harness.run('amazon_request_report', { reportType: 'GET_AFN_INVENTORY_DATA' })) as { reportId: string };
    expect(structured(await harness.run('amazon_cancel_report', { reportId }))).toEqual({ reportId, cancelled: true });
    expect((await harness.run('amazon_request_report', { reportType: 'GET_NO_SUCH_REPORT' })).error?.code).toBe('validation_failed');
  });

  it('lists the common report types', async () => {
    const types = structured(await harness.run('amazon_list_report_types', {})).reportTypes as Array<{ reportType: string }>;
    expect(types.map((t) => t.reportType)).toContain('GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA');
  });
});

describe('seller', () => {
  it('lists marketplace participations and reads the account', async () => {
    const { marketplaces } = structured(await harness.run('amazon_list_marketplace_participations', {})) as { marketplaces: Array<{ marketplaceId: string; region: string; storeName: string }> };
    expect(marketplaces.map((m) => `${m.marketplaceId}:${m.region}`)).toEqual(['ATVPDKIKX0DER:NA', 'A2EUQ1WTGCTBG2:NA']);
    expect(structured(await harness.run('amazon_get_seller_account', {}))).toMatchObject({ sellingPlan: 'PROFESSIONAL', businessName: 'Sunrise Outfitters LLC' });
    expect(await amazonEcosystem.describeConnection!(harness.client)).toBe('Sunrise Outfitters (NA)');
  });
});
