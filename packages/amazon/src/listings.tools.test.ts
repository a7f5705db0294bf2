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
const price = (value: number) => [{ op: 'replace', path: '/attributes/purchasable_offer', value: [{ marketplace_id: 'ATVPDKIKX0DER', currency: 'USD', our_price: [{ schedule: [{ value_with_tax: value }] }] }] }];

describe('amazon_get_listing and amazon_search_listings', () => {
  it('reads a listing with summaries, attributes, offers and availability, the SKU URL-encoded', async () => {
    const outcome = await harness.run('amazon_get_listing', { sku: 'SUN-PACK-40/BLUE' });
    const listing = structured(outcome).listing as { summaries: Array<{ status: string[] }>; issues: Array<{ severity: string }>; fulfillmentAvailability: Array<{ quantity: number }> };
    expect(listing.summaries[0]!.status).toEqual(['DISCOVERABLE']);
    expect(listing.issues[0]!.severity).toBe('ERROR');
    expect(listing.fulfillmentAvailability[0]!.quantity).toBe(0);
    expect(fake.requests.at(-1)!.path).toBe(`/listings/2021-08-01/items/${fake.sellerId}/SUN-PACK-40%2FBLUE`);
  });

  it("replays the model's BadSKU case and maps an unknown SKU to not_found", async () => {
    expect((await harness.run('amazon_get_listing', { sku: 'BadSKU' })).error?.code).toBe('validation_failed');
    expect((await harness.run('amazon_get_listing', { sku: 'NO-SUCH-SKU' })).error?.code).toBe('not_found');
  });

  it('finds listings with errors', async () => {
    const outcome = await harness.run('amazon_search_listings', { withIssueSeverity: ['ERROR'] });
    expect((structured(outcome).listings as Array<{ sku: string }>).map((l) => l.sku)).toEqual(['SUN-PACK-40/BLUE']);
  });
});

describe('amazon_update_listing: preview, then confirm', () => {
  it('validates first without changing anything, then submits exactly the previewed change', async () => {
    const preview = await harness.run('amazon_update_listing', { sku: 'SUN-BOTTLE-750', productType: 'WATER_BOTTLE', patches: price(21.99) });
    const first = structured(preview) as { stage: string; status: string; previewId: string; expiresAt: string };
    expect(first).toMatchObject({ stage: 'preview', status: 'VALID', previewId: expect.any(String) });
    expect(fake.requests.at(-1)!.query.get('mode')).toBe('VALIDATION_PREVIEW');
    expect(fake.state.listings.get('SUN-BOTTLE-750')!.attributes['purchasable_offer']).toEqual(price(24.99)[0]!.value);

    const confirmed = await harness.run('amazon_update_listing', { previewId: first.previewId });
    expect(structured(confirmed)).toMatchObject({ stage: 'submitted', status: 'ACCEPTED' });
    expect(fake.requests.at(-1)!.query.get('mode')).toBeNull();
    expect(fake.state.listings.get('SUN-BOTTLE-750')!.attributes['purchasable_offer']).toEqual(price(21.99)[0]!.value);
    // A preview is used once.
    const again = await harness.run('amazon_update_listing', { previewId: first.previewId });
    expect(again.error).toEqual({ code: 'not_found', message: expect.stringContaining('preview again') });
  });

  it('reports the issues of an invalid change and gives no preview id', async () => {
    const outcome = await harness.run('amazon_update_listing', { sku: 'SUN-BOTTLE-750', productType: 'WATER_BOTTLE', patches: [...price(0), { op: 'add', path: '/attributes/fake_attribute', value: [{ value: 'x' }] }] });
    const result = structured(outcome) as { status: string; issues: Array<{ categories: string[]; attributeNames: string[] }>; previewId?: string };
    expect(result.status).toBe('INVALID');
    expect(result.previewId).toBeUndefined();
    expect(result.issues.map((i) => i.attributeNames[0]).sort()).toEqual(['fake_attribute', 'purchasable_offer']);
  });

  it("replays the model's VALIDATION_INVALID case", async () => {
    const outcome = await harness.run('amazon_update_listing', { sku: 'VALIDATION_INVALID', productType: 'PRODUCT', patches: price(10) });
    expect(structured(outcome)).toMatchObject({ status: 'INVALID', issues: [{ code: '90000900', attributeNames: ['fake_attribute'] }] });
  });

  it('a confirmation carries only the preview id; a change needs its fields', async () => {
    const mixed = await harness.run('amazon_update_listing', { previewId: '6f1c1d5e-8a52-4b1e-9d5e-2b8f4f0f6a11', sku: 'SUN-BOTTLE-750' });
    expect(mixed.error?.message).toMatch(/sku: leave it out when confirming/);
    const partial = await harness.run('amazon_update_listing', { sku: 'SUN-BOTTLE-750' });
    expect(partial.error?.message).toMatch(/productType: is required.*patches: is required/);
  });
});

describe('amazon_put_listing and amazon_delete_listing', () => {
  it('creates a listing after a preview reports missing attributes for a first attempt', async () => {
    const incomplete = structured(await harness.run('amazon_put_listing', { sku: 'SUN-CUP-350', productType: 'WATER_BOTTLE', attributes: { item_name: [{ value: 'Sunrise Cup 350 ml' }] } }));
    expect(incomplete).toMatchObject({ status: 'INVALID' });
    expect((incomplete.issues as Array<{ categories: string[] }>).every((i) => i.categories.includes('MISSING_ATTRIBUTE'))).toBe(true);
    const attributes = {
      item_name: [{ value: 'Sunrise Cup 350 ml', marketplace_id: 'ATVPDKIKX0DER' }],
      brand: [{ value: 'Sunrise' }],
      purchasable_offer: price(12.5)[0]!.value,
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 10 }],
    };
    const preview = structured(await harness.run('amazon_put_listing', { sku: 'SUN-CUP-350', productType: 'WATER_BOTTLE', attributes })) as { previewId: string };
    expect(fake.state.listings.has('SUN-CUP-350')).toBe(false);
    expect(structured(await harness.run('amazon_put_listing', { previewId: preview.previewId }))).toMatchObject({ stage: 'submitted', status: 'ACCEPTED' });
    expect(fake.state.listings.get('SUN-CUP-350')!.status).toContain('BUYABLE');
  });

  it('deletes a listing', async () => {
    expect(structured(await harness.run('amazon_delete_listing', { sku: 'SUN-CUP-350' }))).toMatchObject({ status: 'ACCEPTED' });
    expect(fake.state.listings.has('SUN-CUP-350')).toBe(false);
    expect((await harness.run('amazon_delete_listing', { sku: 'SUN-CUP-350' })).error?.code).toBe('not_found');
  });
});
