import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FakeRequest, FakeResponse } from '@enterprise-mcp/core/testing';
import { reportTypeInfo } from '../report-types.js';
import type { Json } from '../schemas.js';
import { invalidInput, notFound, offsetOf, pageToken, spError, unauthorized } from './respond.js';
import { PRODUCT_TYPES, type AmazonFakeState, type FakeListing } from './state.js';

export interface RouteContext {
  state: AmazonFakeState;
  now(): Date;
  /** Parameters as the model declares them (arrays split). */
  params: Record<string, unknown>;
  /** A presigned-style URL for a stored document. */
  documentUrl(documentId: string): string;
  /** Restricted data tokens issued for restricted resources. */
  issueRestrictedToken(resources: Array<{ method: string; path: string }>): string;
}

type Handler = (request: FakeRequest, ctx: RouteContext) => FakeResponse;

const list = (value: unknown): string[] | undefined => (Array.isArray(value) ? (value as string[]) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

// --- Orders 2026-01-01 ---

const ORDER_SECTIONS: Record<string, string[]> = { BUYER: ['buyer'], RECIPIENT: ['recipient'], PROCEEDS: ['proceeds'], FULFILLMENT: ['fulfillment'], PACKAGES: ['packages'] };
const ITEM_SECTIONS: Record<string, string[]> = { PROCEEDS: ['proceeds'], FULFILLMENT: ['fulfillment'] };

/** An order with only the sections `includedData` asks for, as Amazon trims them. */
function trimOrder(order: Record<string, Json>, included: string[]): Record<string, Json> {
  const keepOrder = new Set(included.flatMap((section) => ORDER_SECTIONS[section] ?? []));
  const keepItem = new Set(included.flatMap((section) => ITEM_SECTIONS[section] ?? []));
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(order)) {
    if (['buyer', 'recipient', 'proceeds', 'fulfillment', 'packages'].includes(key) && !keepOrder.has(key)) continue;
    out[key] = value;
  }
  out['orderItems'] = (order['orderItems'] as Array<Record<string, Json>>).map((item) =>
    Object.fromEntries(Object.entries(item).filter(([key]) => !['proceeds', 'fulfillment'].includes(key) || keepItem.has(key))),
  );
  return out;
}

const searchOrders: Handler = (_request, { state, now, params }) => {
  const createdAfter = str(params['createdAfter']);
  const lastUpdatedAfter = str(params['lastUpdatedAfter']);
  const token = str(params['paginationToken']);
  if (!token && !createdAfter === !lastUpdatedAfter) return invalidInput('Exactly one of createdAfter and lastUpdatedAfter must be specified.');
  if ((createdAfter || params['createdBefore']) && (lastUpdatedAfter || params['lastUpdatedBefore'])) return invalidInput('createdAfter/createdBefore cannot be combined with lastUpdatedAfter/lastUpdatedBefore.');
  const latest = now().getTime() - 2 * 60_000;
  for (const name of ['createdBefore', 'lastUpdatedBefore']) {
    const value = str(params[name]);
    if (value && Date.parse(value) > latest) return invalidInput(`${name} must be at least 2 minutes before the time of the request.`);
  }
  const byCreation = createdAfter !== undefined || params['createdBefore'] !== undefined;
  const field = byCreation ? 'createdTime' : 'lastUpdatedTime';
  const after = Date.parse(createdAfter ?? lastUpdatedAfter ?? '1970-01-01T00:00:00Z');
  const before = Date.parse(str(params[byCreation ? 'createdBefore' : 'lastUpdatedBefore']) ?? new Date(latest).toISOString());
  const statuses = list(params['fulfillmentStatuses']);
  const marketplaces = list(params['marketplaceIds']);
  const fulfilledBy = list(params['fulfilledBy']);
  const matching = state.orders
    .filter((o) => {
      const at = Date.parse(o.order[field]);
      return at >= after && at < before;
    })
    .filter((o) => !statuses || statuses.includes(o.fulfillmentStatus))
    .filter((o) => !marketplaces || marketplaces.includes(o.marketplaceId))
    .filter((o) => !fulfilledBy || fulfilledBy.includes(o.fulfilledBy))
    .sort((a, b) => b.order.createdTime.localeCompare(a.order.createdTime));
  const offset = offsetOf(token ?? null);
  if (offset === undefined) return invalidInput('Invalid paginationToken.');
  const size = Number(params['maxResultsPerPage'] ?? 100);
  const page = matching.slice(offset, offset + size);
  const included = list(params['includedData']) ?? [];
  return {
    status: 200,
    body: {
      orders: page.map((o) => trimOrder(o.order, included)),
      ...(offset + size < matching.length ? { pagination: { nextToken: pageToken(offset + size) } } : {}),
      [byCreation ? 'createdBefore' : 'lastUpdatedBefore']: new Date(before).toISOString(),
    },
  };
};

const getOrder: Handler = (_request, { state, params }) => {
  const found = state.orders.find((o) => o.order.orderId === params['orderId']);
  if (!found) return notFound(`Order ${String(params['orderId'])} was not found.`);
  return { status: 200, body: { order: trimOrder(found.order, list(params['includedData']) ?? []) } };
};

const getOrderRegulatedInfo: Handler = (_request, { params }) => notFound(`Order ${String(params['orderId'])} has no regulated information.`);

// --- FBA inventory ---

const getInventorySummaries: Handler = (_request, { state, params }) => {
  const marketplaces = list(params['marketplaceIds']) ?? [];
  if (marketplaces.length !== 1) return invalidInput('marketplaceIds must hold exactly one marketplace.');
  if (params['granularityId'] !== marketplaces[0]) return invalidInput('granularityId must be the marketplace of marketplaceIds.');
  const since = str(params['startDateTime']);
  const skus = since ? undefined : (list(params['sellerSkus']) ?? (str(params['sellerSku']) ? [str(params['sellerSku'])!] : undefined));
  const details = params['details'] === 'true';
  const matching = state.inventory
    .filter((item) => !skus || skus.includes(item.sellerSku))
    .filter((item) => !since || Date.parse(item.lastUpdatedTime) >= Date.parse(since));
  const offset = offsetOf(str(params['nextToken']) ?? null);
  if (offset === undefined) return invalidInput('Invalid nextToken.');
  const page = matching.slice(offset, offset + 50);
  return {
    status: 200,
    body: {
      payload: {
        granularity: { granularityType: 'Marketplace', granularityId: marketplaces[0] },
        inventorySummaries: page.map((item) => ({
          asin: item.asin,
          fnSku: item.fnSku,
          sellerSku: item.sellerSku,
          condition: 'NewItem',
          productName: item.productName,
          lastUpdatedTime: item.lastUpdatedTime,
          totalQuantity: item.fulfillable + item.inbound + item.reserved + item.unfulfillable,
          ...(details
            ? {
                inventoryDetails: {
                  fulfillableQuantity: item.fulfillable,
                  inboundWorkingQuantity: 0,
                  inboundShippedQuantity: item.inbound,
                  inboundReceivingQuantity: 0,
                  reservedQuantity: { totalReservedQuantity: item.reserved, pendingCustomerOrderQuantity: item.reserved, pendingTransshipmentQuantity: 0, fcProcessingQuantity: 0 },
                  researchingQuantity: { totalResearchingQuantity: 0, researchingQuantityBreakdown: [] },
                  unfulfillableQuantity: { totalUnfulfillableQuantity: item.unfulfillable, customerDamagedQuantity: item.unfulfillable, warehouseDamagedQuantity: 0, distributorDamagedQuantity: 0, carrierDamagedQuantity: 0, defectiveQuantity: 0, expiredQuantity: 0 },
                },
              }
            : {}),
        })),
      },
      ...(offset + 50 < matching.length ? { pagination: { nextToken: pageToken(offset + 50) } } : {}),
    },
  };
};

// --- Listings ---

function ownSeller(ctx: RouteContext): FakeResponse | undefined {
  return ctx.params['sellerId'] === ctx.state.sellerId ? undefined : unauthorized('The sellerId does not belong to the access token.');
}

function listingBody(listing: FakeListing, included: string[], marketplaceId: string): Record<string, Json> {
  const sections: Record<string, Json> = {
    summaries: [
      {
        marketplaceId,
        asin: listing.asin ?? null,
        productType: listing.productType,
        conditionType: 'new_new',
        status: listing.status,
        itemName: listing.itemName,
        createdDate: listing.createdDate,
        lastUpdatedDate: listing.lastUpdatedDate,
      },
    ],
    attributes: listing.attributes as Json,
    issues: listing.issues.map((issue) => ({ ...issue, marketplaceIds: [marketplaceId] })),
    offers: [{ marketplaceId, offerType: 'B2C', price: { currencyCode: 'USD', amount: String(priceOf(listing) ?? '0') } }],
    fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: quantityOf(listing) ?? 0 }],
    productTypes: [{ marketplaceId, productType: listing.productType }],
    relationships: [],
    procurement: [],
  };
  return { sku: listing.sku, ...Object.fromEntries(included.map((name) => [name, sections[name] ?? []])) };
}

function priceOf(listing: FakeListing): number | undefined {
  const offer = listing.attributes['purchasable_offer']?.[0] as { our_price?: Array<{ schedule?: Array<{ value_with_tax?: number }> }> } | undefined;
  return offer?.our_price?.[0]?.schedule?.[0]?.value_with_tax;
}

function quantityOf(listing: FakeListing): number | undefined {
  const availability = listing.attributes['fulfillment_availability']?.[0] as { quantity?: number } | undefined;
  return availability?.quantity;
}

const getListingsItem: Handler = (_request, ctx) => {
  const denied = ownSeller(ctx);
  if (denied) return denied;
  const listing = ctx.state.listings.get(String(ctx.params['sku']));
  if (!listing) return notFound(`SKU '${String(ctx.params['sku'])}' not found in marketplace ${list(ctx.params['marketplaceIds'])?.[0]}`);
  return { status: 200, body: listingBody(listing, list(ctx.params['includedData']) ?? ['summaries'], list(ctx.params['marketplaceIds'])![0]!) };
};

const searchListingsItems: Handler = (_request, ctx) => {
  const denied = ownSeller(ctx);
  if (denied) return denied;
  const identifiers = list(ctx.params['identifiers']);
  if (identifiers && ctx.params['identifiersType'] === undefined) return invalidInput('identifiersType is required with identifiers.');
  const withStatus = list(ctx.params['withStatus']);
  const withSeverity = list(ctx.params['withIssueSeverity']);
  const sortBy = (str(ctx.params['sortBy']) ?? 'lastUpdatedDate') as 'sku' | 'createdDate' | 'lastUpdatedDate';
  const descending = (str(ctx.params['sortOrder']) ?? 'DESC') === 'DESC';
  const matching = [...ctx.state.listings.values()]
    .filter((l) => !identifiers || identifiers.includes(l.sku))
    .filter((l) => !withStatus || withStatus.some((s) => l.status.includes(s)))
    .filter((l) => !withSeverity || l.issues.some((issue) => withSeverity.includes(String(issue['severity']))))
    .sort((a, b) => (descending ? -1 : 1) * a[sortBy].localeCompare(b[sortBy]) || a.sku.localeCompare(b.sku));
  const offset = offsetOf(str(ctx.params['pageToken']) ?? null);
  if (offset === undefined) return invalidInput('Invalid pageToken.');
  const size = Number(ctx.params['pageSize'] ?? 10);
  const included = list(ctx.params['includedData']) ?? ['summaries'];
  const marketplaceId = list(ctx.params['marketplaceIds'])![0]!;
  return {
    status: 200,
    body: {
      numberOfResults: matching.length,
      items: matching.slice(offset, offset + size).map((l) => listingBody(l, included, marketplaceId)),
      ...(offset + size < matching.length ? { pagination: { nextToken: pageToken(offset + size) } } : {}),
    },
  };
};

interface Patch {
  op: string;
  path: string;
  value?: Json[];
}

/** The issues Amazon would report for these attributes of a product type. */
function issuesOf(productType: string, attributes: Record<string, Json[]>, full: boolean): Array<Record<string, Json>> {
  const definition = PRODUCT_TYPES[productType];
  if (!definition) return [{ code: '4000001', message: `The product type '${productType}' is not valid.`, severity: 'ERROR', attributeNames: [], categories: ['INVALID_ATTRIBUTE'] }];
  const issues: Array<Record<string, Json>> = [];
  for (const name of Object.keys(attributes)) {
    if (!definition.allowed.includes(name)) {
      issues.push({ code: '90000900', message: `The attribute '${name}' is not valid for product type ${productType}.`, severity: 'ERROR', attributeNames: [name], categories: ['INVALID_ATTRIBUTE'] });
    }
  }
  if (full) {
    for (const name of definition.required) {
      if (!attributes[name]?.length) issues.push({ code: '90220', message: `'${name}' is required but not supplied.`, severity: 'ERROR', attributeNames: [name], categories: ['MISSING_ATTRIBUTE'] });
    }
  }
  const price = priceOf({ attributes } as FakeListing);
  if (price !== undefined && !(price > 0)) issues.push({ code: '8541', message: 'The price must be greater than 0.', severity: 'ERROR', attributeNames: ['purchasable_offer'], categories: ['INVALID_PRICE'] });
  const quantity = quantityOf({ attributes } as FakeListing);
  if (quantity !== undefined && !(Number.isInteger(quantity) && quantity >= 0)) {
    issues.push({ code: '8560', message: 'The quantity must be a whole number of 0 or more.', severity: 'ERROR', attributeNames: ['fulfillment_availability'], categories: ['INVALID_ATTRIBUTE'] });
  }
  return issues;
}

function applyPatches(attributes: Record<string, Json[]>, patches: Patch[]): Record<string, Json[]> | string {
  const next = structuredClone(attributes);
  for (const patch of patches) {
    const name = /^\/attributes\/([\w.-]+)$/.exec(patch.path)?.[1];
    if (!name) return `The patch path '${patch.path}' is not valid; use /attributes/<name>.`;
    if (patch.op === 'delete') delete next[name];
    else if (patch.op === 'merge') next[name] = [...(next[name] ?? []).slice(0, 0), { ...((next[name]?.[0] as object) ?? {}), ...((patch.value?.[0] as object) ?? {}) }];
    else next[name] = patch.value ?? [];
  }
  return next;
}

function submission(sku: string, status: 'ACCEPTED' | 'INVALID' | 'VALID', issues: Array<Record<string, Json>>, listing: FakeListing | undefined, marketplaceId: string, included: string[]): FakeResponse {
  return {
    status: 200,
    body: {
      sku,
      status,
      submissionId: randomUUID().replace(/-/g, ''),
      issues: included.includes('issues') ? issues : [],
      ...(included.includes('identifiers') ? { identifiers: listing?.asin ? [{ marketplaceId, asin: listing.asin }] : [] } : {}),
    },
  };
}

function writeListing(kind: 'patch' | 'put'): Handler {
  return (request, ctx) => {
    const denied = ownSeller(ctx);
    if (denied) return denied;
    const sku = String(ctx.params['sku']);
    const body = request.body as { productType: string; patches?: Patch[]; attributes?: Record<string, Json[]> };
    const existing = ctx.state.listings.get(sku);
    const marketplaceId = list(ctx.params['marketplaceIds'])![0]!;
    const included = list(ctx.params['includedData']) ?? ['issues'];
    if (kind === 'patch' && !existing) return notFound(`SKU '${sku}' not found in marketplace ${marketplaceId}`);
    if (existing && body.productType !== existing.productType) {
      const issue = { code: '4000003', message: `The product type ${body.productType} does not match the listing's product type ${existing.productType}.`, severity: 'ERROR', attributeNames: [], categories: ['INVALID_ATTRIBUTE'] };
      return submission(sku, 'INVALID', [issue], existing, marketplaceId, included);
    }
    const attributes = kind === 'patch' ? applyPatches(existing!.attributes, body.patches ?? []) : (body.attributes ?? {});
    if (typeof attributes === 'string') return invalidInput(attributes);
    const issues = issuesOf(body.productType, attributes as Record<string, Json[]>, kind === 'put');
    const valid = !issues.some((issue) => issue['severity'] === 'ERROR');
    if (ctx.params['mode'] === 'VALIDATION_PREVIEW') return submission(sku, valid ? 'VALID' : 'INVALID', issues, existing, marketplaceId, included);
    if (!valid) return submission(sku, 'INVALID', issues, existing, marketplaceId, included);
    const now = ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const itemName = String((attributes as Record<string, Array<{ value?: Json }>>)['item_name']?.[0]?.value ?? existing?.itemName ?? sku);
    const stored: FakeListing = existing
      ? { ...existing, attributes: attributes as Record<string, Json[]>, itemName, lastUpdatedDate: now }
      : { sku, productType: body.productType, itemName, attributes: attributes as Record<string, Json[]>, createdDate: now, lastUpdatedDate: now, status: ['DISCOVERABLE'], issues: [] };
    stored.status = (quantityOf(stored) ?? 0) > 0 ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'];
    ctx.state.listings.set(sku, stored);
    return submission(sku, 'ACCEPTED', issues, stored, marketplaceId, included);
  };
}

const deleteListingsItem: Handler = (_request, ctx) => {
  const denied = ownSeller(ctx);
  if (denied) return denied;
  const sku = String(ctx.params['sku']);
  if (!ctx.state.listings.delete(sku)) return notFound(`SKU '${sku}' not found`);
  return { status: 200, body: { sku, status: 'ACCEPTED', submissionId: randomUUID().replace(/-/g, ''), issues: [] } };
};

// --- Catalog ---

function catalogBody(item: Record<string, Json>, included: string[]): Record<string, Json> {
  return { asin: item['asin']!, ...Object.fromEntries(included.map((name) => [name, item[name] ?? []])) };
}

const searchCatalogItems: Handler = (_request, { state, params }) => {
  const keywords = list(params['keywords'])?.map((k) => k.toLowerCase());
  const identifiers = list(params['identifiers']);
  if (!keywords === !identifiers) return invalidInput('Exactly one of keywords and identifiers must be specified.');
  if (identifiers && !params['identifiersType']) return invalidInput('identifiersType is required with identifiers.');
  if (params['identifiersType'] === 'SKU' && !params['sellerId']) return invalidInput('sellerId is required when identifiersType is SKU.');
  const included = list(params['includedData']) ?? ['summaries'];
  const matches = state.catalog.filter((item) => {
    if (keywords) {
      const summary = JSON.stringify(item['summaries']).toLowerCase();
      return keywords.every((k) => summary.includes(k));
    }
    const type = String(params['identifiersType']);
    if (type === 'ASIN') return identifiers!.includes(item.asin);
    if (type === 'SKU') return [...state.listings.values()].some((l) => l.asin === item.asin && identifiers!.includes(l.sku));
    return identifiers!.some((id) => JSON.stringify(item['identifiers']).includes(`"${id}"`));
  });
  const size = Number(params['pageSize'] ?? 10);
  return { status: 200, body: { numberOfResults: matches.length, items: matches.slice(0, size).map((item) => catalogBody(item, included)), refinements: { brands: [], classifications: [] } } };
};

const getCatalogItem: Handler = (_request, { state, params }) => {
  const item = state.catalog.find((candidate) => candidate.asin === params['asin']);
  if (!item) return notFound(`Requested item '${String(params['asin'])}' not found in marketplace ${list(params['marketplaceIds'])?.[0]}.`);
  return { status: 200, body: catalogBody(item, list(params['includedData']) ?? ['summaries']) };
};

// --- Reports ---

const REQUESTABLE = new Set(['GET_MERCHANT_LISTINGS_ALL_DATA', 'GET_MERCHANT_LISTINGS_DATA', 'GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA', 'GET_AFN_INVENTORY_DATA', 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL', 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', 'GET_AMAZON_FULFILLED_SHIPMENTS_DATA_GENERAL', 'GET_SALES_AND_TRAFFIC_REPORT', 'GET_FLAT_FILE_OPEN_LISTINGS_DATA']);

const createReport: Handler = (request, { state, now }) => {
  const body = request.body as { reportType: string; marketplaceIds: string[]; dataStartTime?: string; dataEndTime?: string };
  if (!reportTypeInfo(body.reportType) && !REQUESTABLE.has(body.reportType)) return invalidInput(`Invalid reportType ${body.reportType}.`);
  if (body.reportType.includes('SETTLEMENT')) return invalidInput('Settlement reports cannot be requested; they are scheduled by Amazon.');
  const reportId = String(50_000_000_000 + state.reports.size + 1);
  state.reports.set(reportId, { reportId, reportType: body.reportType, marketplaceIds: body.marketplaceIds, createdTime: iso(now()), dataStartTime: body.dataStartTime, dataEndTime: body.dataEndTime, processingStatus: 'IN_QUEUE', polls: 0 });
  return { status: 202, body: { reportId } };
};

function reportBody(report: ReturnType<AmazonFakeState['reports']['get']> & object): Record<string, Json> {
  const { polls: _polls, ...rest } = report;
  return JSON.parse(JSON.stringify(rest)) as Record<string, Json>;
}

/** Each poll moves a report on: IN_QUEUE, IN_PROGRESS, then DONE with its document. */
const getReport: Handler = (_request, { state, now, params }) => {
  const report = state.reports.get(String(params['reportId']));
  if (!report) return notFound(`Report ${String(params['reportId'])} was not found.`);
  report.polls += 1;
  if (report.processingStatus === 'IN_QUEUE' && report.polls >= 1) report.processingStatus = 'IN_PROGRESS';
  else if (report.processingStatus === 'IN_PROGRESS' && report.polls >= 3) {
    report.processingStatus = 'DONE';
    report.processingEndTime = iso(now());
    report.reportDocumentId = `amzn1.spdoc.1.4.na.${randomUUID()}`;
    const { content, contentType } = reportContent(state, report.reportType);
    state.documents.set(report.reportDocumentId, { content: gzipSync(content), contentType });
  }
  return { status: 200, body: reportBody(report) };
};

const getReports: Handler = (_request, { state, params }) => {
  const types = list(params['reportTypes']);
  if (!types && !params['nextToken']) return invalidInput('reportTypes is required unless nextToken is given.');
  const statuses = list(params['processingStatuses']);
  const since = str(params['createdSince']);
  const reports = [...state.reports.values()]
    .filter((r) => !types || types.includes(r.reportType))
    .filter((r) => !statuses || statuses.includes(r.processingStatus))
    .filter((r) => !since || r.createdTime >= since)
    .reverse();
  const size = Number(params['pageSize'] ?? 10);
  return { status: 200, body: { reports: reports.slice(0, size).map(reportBody), ...(reports.length > size ? { nextToken: pageToken(size) } : {}) } };
};

const cancelReport: Handler = (_request, { state, params }) => {
  const report = state.reports.get(String(params['reportId']));
  if (!report) return notFound(`Report ${String(params['reportId'])} was not found.`);
  if (report.processingStatus !== 'IN_QUEUE') return invalidInput(`Report ${report.reportId} is ${report.processingStatus} and can no longer be cancelled.`);
  report.processingStatus = 'CANCELLED';
  return { status: 200, body: {} };
};

const getReportDocument: Handler = (_request, { state, params, documentUrl }) => {
  const id = String(params['reportDocumentId']);
  if (!state.documents.has(id)) return notFound(`Report document ${id} was not found.`);
  return { status: 200, body: { reportDocumentId: id, url: documentUrl(id), compressionAlgorithm: 'GZIP' } };
};

/** The document of a report, computed from the fake's state. */
function reportContent(state: AmazonFakeState, reportType: string): { content: Buffer; contentType: string } {
  const tsv = (header: string[], rows: Array<Array<string | number>>) => ({ content: Buffer.from([header, ...rows].map((row) => row.join('\t')).join('\n') + '\n'), contentType: 'text/tab-separated-values' });
  if (reportType === 'GET_SALES_AND_TRAFFIC_REPORT') {
    const units = state.orders.reduce((sum, o) => sum + (o.order.orderItems as Array<{ quantityOrdered: number }>).reduce((s, i) => s + i.quantityOrdered, 0), 0);
    return { content: Buffer.from(JSON.stringify({ reportSpecification: { reportType }, salesAndTrafficByDate: [{ date: iso(new Date()).slice(0, 10), salesByDate: { unitsOrdered: units, totalOrderItems: state.orders.length }, trafficByDate: { pageViews: 420, sessions: 310 } }] })), contentType: 'application/json' };
  }
  if (reportType.includes('INVENTORY')) {
    return tsv(['sku', 'fnsku', 'asin', 'product-name', 'afn-fulfillable-quantity', 'afn-inbound-shipped-quantity', 'afn-reserved-quantity', 'afn-unsellable-quantity'], state.inventory.map((i) => [i.sellerSku, i.fnSku, i.asin, i.productName, i.fulfillable, i.inbound, i.reserved, i.unfulfillable]));
  }
  if (reportType.includes('ORDERS') || reportType.includes('SHIPMENTS')) {
    return tsv(['amazon-order-id', 'purchase-date', 'order-status', 'fulfillment-channel', 'sku', 'asin', 'quantity', 'item-price'], state.orders.flatMap((o) =>
      (o.order.orderItems as Array<{ quantityOrdered: number; product: { sellerSku: string; asin: string; price: { unitPrice: { amount: string } } } }>).map((item) => [o.order.orderId, o.order.createdTime, o.fulfillmentStatus, o.fulfilledBy === 'AMAZON' ? 'Amazon' : 'Merchant', item.product.sellerSku, item.product.asin, item.quantityOrdered, item.product.price.unitPrice.amount]),
    ));
  }
  return tsv(['item-name', 'seller-sku', 'price', 'quantity', 'asin1', 'status'], [...state.listings.values()].map((l) => [l.itemName, l.sku, priceOf(l) ?? '', quantityOf(l) ?? 0, l.asin ?? '', l.status.includes('BUYABLE') ? 'Active' : 'Inactive']));
}

// --- Sellers, tokens ---

const participations = (state: AmazonFakeState) =>
  state.marketplaces.map((id) => ({
    marketplace: id === 'ATVPDKIKX0DER'
      ? { id, name: 'Amazon.com', countryCode: 'US', defaultCurrencyCode: 'USD', defaultLanguageCode: 'en_US', domainName: 'www.amazon.com' }
      : { id, name: 'Amazon.ca', countryCode: 'CA', defaultCurrencyCode: 'CAD', defaultLanguageCode: 'en_CA', domainName: 'www.amazon.ca' },
    participation: { isParticipating: true, hasSuspendedListings: false },
    storeName: state.storeName,
  }));

const getMarketplaceParticipations: Handler = (_request, { state }) => ({ status: 200, body: { payload: participations(state) } });

const getAccount: Handler = (_request, { state }) => ({
  status: 200,
  body: {
    payload: {
      marketplaceParticipationList: participations(state),
      businessType: 'PRIVATE_LIMITED',
      sellingPlan: 'PROFESSIONAL',
      business: { name: 'Sunrise Outfitters LLC', registeredBusinessAddress: { addressLine1: '100 Main St', city: 'Portland', stateOrProvinceCode: 'OR', postalCode: '97201', countryCode: 'US' } },
    },
  },
});

/** Paths of the operations that need a restricted data token. */
export const RESTRICTED_PATHS = [/^\/orders\/v0\/orders\/[^/]+\/regulatedInfo$/, /^\/reports\/2021-06-30\/documents\/[^/]+$/, /^\/orders\/v0\/orders(\/[^/]+(\/(address|buyerInfo|orderItems(\/buyerInfo)?))?)?$/];

const createRestrictedDataToken: Handler = (request, ctx) => {
  const resources = (request.body as { restrictedResources: Array<{ method: string; path: string }> }).restrictedResources;
  const unrestricted = resources.find((resource) => !RESTRICTED_PATHS.some((pattern) => pattern.test(resource.path)));
  if (unrestricted) return invalidInput(`${unrestricted.method} ${unrestricted.path} is not a restricted operation.`);
  return { status: 200, body: { restrictedDataToken: ctx.issueRestrictedToken(resources), expiresIn: 3600 } };
};

export const HANDLERS: Record<string, Handler> = {
  'orders.searchOrders': searchOrders,
  'orders.getOrder': getOrder,
  'ordersV0.getOrderRegulatedInfo': getOrderRegulatedInfo,
  'fbaInventory.getInventorySummaries': getInventorySummaries,
  'listings.getListingsItem': getListingsItem,
  'listings.searchListingsItems': searchListingsItems,
  'listings.patchListingsItem': writeListing('patch'),
  'listings.putListingsItem': writeListing('put'),
  'listings.deleteListingsItem': deleteListingsItem,
  'catalog.searchCatalogItems': searchCatalogItems,
  'catalog.getCatalogItem': getCatalogItem,
  'reports.createReport': createReport,
  'reports.getReport': getReport,
  'reports.getReports': getReports,
  'reports.cancelReport': cancelReport,
  'reports.getReportDocument': getReportDocument,
  'sellers.getMarketplaceParticipations': getMarketplaceParticipations,
  'sellers.getAccount': getAccount,
  'tokens.createRestrictedDataToken': createRestrictedDataToken,
};

export const spServerError = () => spError(500, 'InternalFailure', 'We encountered an internal error. Please try again.');

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
