import type { Json } from '../schemas.js';

/** The demo seller: a US sporting-goods shop selling on Amazon.com and Amazon.ca. */
export const DEMO_SELLER_ID = 'A2DEMOSELLER7Q';
export const DEMO_STORE_NAME = 'Sunrise Outfitters';
export const US = 'ATVPDKIKX0DER';
export const CA = 'A2EUQ1WTGCTBG2';

export interface FakeListing {
  sku: string;
  productType: string;
  asin?: string;
  itemName: string;
  attributes: Record<string, Json[]>;
  createdDate: string;
  lastUpdatedDate: string;
  /** Shown as summaries.status: BUYABLE, DISCOVERABLE. */
  status: string[];
  issues: Array<Record<string, Json>>;
}

export interface FakeOrder {
  order: Record<string, Json> & { orderId: string; createdTime: string; lastUpdatedTime: string };
  marketplaceId: string;
  fulfillmentStatus: string;
  fulfilledBy: 'MERCHANT' | 'AMAZON';
}

export interface FakeInventory {
  sellerSku: string;
  asin: string;
  fnSku: string;
  productName: string;
  fulfillable: number;
  inbound: number;
  reserved: number;
  unfulfillable: number;
  lastUpdatedTime: string;
}

export interface FakeReport {
  reportId: string;
  reportType: string;
  marketplaceIds: string[];
  createdTime: string;
  dataStartTime?: string;
  dataEndTime?: string;
  processingStatus: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';
  polls: number;
  reportDocumentId?: string;
  processingEndTime?: string;
}

export interface AmazonFakeState {
  sellerId: string;
  storeName: string;
  marketplaces: string[];
  listings: Map<string, FakeListing>;
  orders: FakeOrder[];
  inventory: FakeInventory[];
  catalog: Array<Record<string, Json> & { asin: string }>;
  reports: Map<string, FakeReport>;
  /** Gzipped report documents by id. */
  documents: Map<string, { content: Buffer; contentType: string }>;
}

const money = (amount: string) => ({ amount, currencyCode: 'USD' });
const attr = (value: Json) => [{ value, marketplace_id: US, language_tag: 'en_US' }];

/** Product types the fake knows, with the attributes a full listing of each needs. */
export const PRODUCT_TYPES: Record<string, { required: string[]; allowed: string[] }> = {
  WATER_BOTTLE: { required: ['item_name', 'brand', 'purchasable_offer'], allowed: ['item_name', 'brand', 'purchasable_offer', 'fulfillment_availability', 'capacity', 'color', 'bullet_point', 'condition_type'] },
  BACKPACK: { required: ['item_name', 'brand', 'purchasable_offer'], allowed: ['item_name', 'brand', 'purchasable_offer', 'fulfillment_availability', 'color', 'bullet_point', 'condition_type', 'material'] },
};

function listing(sku: string, productType: string, asin: string, itemName: string, price: string, quantity: number, extra: Partial<FakeListing> = {}): FakeListing {
  return {
    sku,
    productType,
    asin,
    itemName,
    attributes: {
      item_name: attr(itemName),
      brand: attr('Sunrise'),
      condition_type: [{ value: 'new_new', marketplace_id: US }],
      purchasable_offer: [{ marketplace_id: US, currency: 'USD', our_price: [{ schedule: [{ value_with_tax: Number(price) }] }] }],
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
    },
    createdDate: '2026-03-02T10:00:00Z',
    lastUpdatedDate: '2026-11-10T08:30:00Z',
    status: ['BUYABLE', 'DISCOVERABLE'],
    issues: [],
    ...extra,
  };
}

function order(orderId: string, createdTime: string, status: string, fulfilledBy: 'MERCHANT' | 'AMAZON', items: Array<[string, string, string, number, string]>): FakeOrder {
  const total = items.reduce((sum, [, , , quantity, price]) => sum + quantity * Number(price), 0).toFixed(2);
  return {
    marketplaceId: US,
    fulfillmentStatus: status,
    fulfilledBy,
    order: {
      orderId,
      createdTime,
      lastUpdatedTime: createdTime.replace('T', 'T').replace(/:00Z$/, ':30Z'),
      programs: [],
      salesChannel: { channelName: 'AMAZON', marketplaceId: US, marketplaceName: 'Amazon.com' },
      buyer: { buyerName: 'Jordan Lee', buyerEmail: 'jordan.lee@marketplace.amazon.com' },
      recipient: { deliveryAddress: { name: 'Jordan Lee', addressLine1: '200 Pine St', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US', addressType: 'RESIDENTIAL' } },
      proceeds: { grandTotal: money(total) },
      fulfillment: { fulfillmentStatus: status, fulfilledBy, fulfillmentServiceLevel: 'STANDARD' },
      orderItems: items.map(([orderItemId, sku, asin, quantityOrdered, price]) => ({
        orderItemId,
        quantityOrdered,
        product: { asin, sellerSku: sku, title: sku === 'SUN-BOTTLE-750' ? 'Sunrise Steel Bottle 750 ml' : 'Sunrise Trail Pack 28 L', price: { unitPrice: money(price) } },
        proceeds: { proceedsTotal: money((quantityOrdered * Number(price)).toFixed(2)) },
        fulfillment: { quantityFulfilled: status === 'SHIPPED' ? quantityOrdered : 0, quantityUnfulfilled: status === 'SHIPPED' ? 0 : quantityOrdered },
      })),
    },
  };
}

export interface AmazonFakeSeed {
  listings?: FakeListing[];
  orders?: FakeOrder[];
  inventory?: FakeInventory[];
}

/** The demo seed: three listings (one with an issue), five orders over the last days, FBA stock. */
export function defaultAmazonSeed(now: Date): Required<AmazonFakeSeed> {
  const daysAgo = (days: number, hour = 9) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days, hour)).toISOString().replace('.000Z', 'Z');
  return {
    listings: [
      listing('SUN-BOTTLE-750', 'WATER_BOTTLE', 'B0DEMO0001', 'Sunrise Steel Bottle 750 ml', '24.99', 140),
      listing('SUN-PACK-28', 'BACKPACK', 'B0DEMO0002', 'Sunrise Trail Pack 28 L', '89.00', 35),
      listing('SUN-PACK-40/BLUE', 'BACKPACK', 'B0DEMO0003', 'Sunrise Trail Pack 40 L, blue', '119.00', 0, {
        status: ['DISCOVERABLE'],
        issues: [
          { code: '18027', message: "The main image does not meet Amazon's image requirements.", severity: 'ERROR', attributeNames: ['main_product_image_locator'], categories: ['INVALID_IMAGE'] },
        ],
      }),
    ],
    orders: [
      order('113-4820193-0001001', daysAgo(1, 14), 'UNSHIPPED', 'MERCHANT', [['50001', 'SUN-BOTTLE-750', 'B0DEMO0001', 2, '24.99']]),
      order('113-4820193-0001002', daysAgo(2, 10), 'SHIPPED', 'AMAZON', [['50002', 'SUN-PACK-28', 'B0DEMO0002', 1, '89.00']]),
      order('113-4820193-0001003', daysAgo(3, 16), 'SHIPPED', 'AMAZON', [
        ['50003', 'SUN-BOTTLE-750', 'B0DEMO0001', 1, '24.99'],
        ['50004', 'SUN-PACK-28', 'B0DEMO0002', 1, '89.00'],
      ]),
      order('113-4820193-0001004', daysAgo(5, 8), 'CANCELLED', 'MERCHANT', [['50005', 'SUN-BOTTLE-750', 'B0DEMO0001', 4, '24.99']]),
      order('113-4820193-0001005', daysAgo(8, 12), 'PENDING', 'AMAZON', [['50006', 'SUN-PACK-28', 'B0DEMO0002', 1, '89.00']]),
    ],
    inventory: [
      { sellerSku: 'SUN-BOTTLE-750', asin: 'B0DEMO0001', fnSku: 'X00DEMO001', productName: 'Sunrise Steel Bottle 750 ml', fulfillable: 112, inbound: 48, reserved: 6, unfulfillable: 2, lastUpdatedTime: daysAgo(1) },
      { sellerSku: 'SUN-PACK-28', asin: 'B0DEMO0002', fnSku: 'X00DEMO002', productName: 'Sunrise Trail Pack 28 L', fulfillable: 31, inbound: 0, reserved: 3, unfulfillable: 1, lastUpdatedTime: daysAgo(4) },
      { sellerSku: 'SUN-PACK-40/BLUE', asin: 'B0DEMO0003', fnSku: 'X00DEMO003', productName: 'Sunrise Trail Pack 40 L, blue', fulfillable: 0, inbound: 20, reserved: 0, unfulfillable: 0, lastUpdatedTime: daysAgo(10) },
    ],
  };
}

function catalogItem(asin: string, itemName: string, brand: string, ean: string): Record<string, Json> & { asin: string } {
  return {
    asin,
    summaries: [{ marketplaceId: US, brand, itemName, manufacturer: brand, browseClassification: { displayName: 'Sports & Outdoors', classificationId: '3375251' } }],
    identifiers: [{ marketplaceId: US, identifiers: [{ identifierType: 'EAN', identifier: ean }] }],
    images: [{ marketplaceId: US, images: [{ variant: 'MAIN', link: `https://m.media-amazon.com/images/I/${asin}.jpg`, height: 1000, width: 1000 }] }],
    salesRanks: [{ marketplaceId: US, displayGroupRanks: [{ websiteDisplayGroup: 'sporting_goods_display_on_website', title: 'Sports & Outdoors', rank: 5120 }] }],
    productTypes: [{ marketplaceId: US, productType: asin === 'B0DEMO0001' ? 'WATER_BOTTLE' : 'BACKPACK' }],
    attributes: { item_name: [{ value: itemName, marketplace_id: US, language_tag: 'en_US' }], brand: [{ value: brand, marketplace_id: US }] },
    dimensions: [],
    classifications: [],
    relationships: [],
    vendorDetails: [],
  };
}

export function emptyState(sellerId: string): AmazonFakeState {
  return {
    sellerId,
    storeName: DEMO_STORE_NAME,
    marketplaces: [US, CA],
    listings: new Map(),
    orders: [],
    inventory: [],
    catalog: [
      catalogItem('B0DEMO0001', 'Sunrise Steel Bottle 750 ml', 'Sunrise', '0840000000017'),
      catalogItem('B0DEMO0002', 'Sunrise Trail Pack 28 L', 'Sunrise', '0840000000024'),
      catalogItem('B0DEMO0003', 'Sunrise Trail Pack 40 L, blue', 'Sunrise', '0840000000031'),
    ],
    reports: new Map(),
    documents: new Map(),
  };
}

export function applySeed(state: AmazonFakeState, seed: AmazonFakeSeed): void {
  for (const item of seed.listings ?? []) state.listings.set(item.sku, structuredClone(item));
  state.orders.push(...structuredClone(seed.orders ?? []));
  state.inventory.push(...structuredClone(seed.inventory ?? []));
}
