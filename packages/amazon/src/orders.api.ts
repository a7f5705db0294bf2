import { PermissionDeniedError, ValidationError } from '@enterprise-mcp/core';
import { PERSONAL_DATA_HINT, type AmazonClient } from './client.js';
import { PLATFORM } from './errors.js';
import type { Json } from './schemas.js';

// Orders API v2026-01-01 (searchOrders, getOrder) and, where it has no equivalent, v0.

export const ORDER_INCLUDED_DATA = [
  'BUYER',
  'RECIPIENT',
  'PROCEEDS',
  'EXPENSE',
  'PROMOTION',
  'CANCELLATION',
  'FULFILLMENT',
  'PACKAGES',
  'TAX',
  'PAYMENT',
  'FULFILLMENT_ORDERS',
] as const;
export type OrderIncludedData = (typeof ORDER_INCLUDED_DATA)[number];

/** Sections holding buyers' personal data (names, emails, addresses). */
const PERSONAL_SECTIONS: OrderIncludedData[] = ['BUYER', 'RECIPIENT'];

export const FULFILLMENT_STATUSES = ['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED', 'UNFULFILLABLE'] as const;

export interface SpOrder {
  orderId: string;
  createdTime: string;
  lastUpdatedTime: string;
  salesChannel: { channelName: string; marketplaceId?: string; marketplaceName?: string };
  orderItems: Array<{ orderItemId: string; quantityOrdered: number; product: Record<string, Json> } & Record<string, Json>>;
  [section: string]: Json;
}

export interface SearchOrdersQuery {
  createdAfter?: string;
  createdBefore?: string;
  lastUpdatedAfter?: string;
  lastUpdatedBefore?: string;
  fulfillmentStatuses?: string[];
  marketplaceIds?: string[];
  fulfilledBy?: string[];
  includedData?: OrderIncludedData[];
  maxResultsPerPage?: number;
  paginationToken?: string;
}

export interface SearchOrdersPage {
  orders: SpOrder[];
  pagination?: { nextToken?: string };
  createdBefore?: string;
  lastUpdatedBefore?: string;
}

/** searchOrders: one page of orders created or updated in a window. */
export function searchOrders(client: AmazonClient, query: SearchOrdersQuery, signal?: AbortSignal, personalData = client.allowPersonalData): Promise<SearchOrdersPage> {
  checkWindow(query);
  checkPersonalData(personalData, query.includedData);
  const marketplaceIds = client.marketplaces(query.marketplaceIds);
  return client.call<SearchOrdersPage>('orders.searchOrders', { query: { ...query, marketplaceIds }, signal });
}

/** getOrder: one order with its items and the sections asked for. */
export async function getOrder(client: AmazonClient, orderId: string, includedData: OrderIncludedData[] = [], signal?: AbortSignal, personalData = client.allowPersonalData): Promise<SpOrder> {
  checkPersonalData(personalData, includedData);
  const body = await client.call<{ order: SpOrder }>('orders.getOrder', { params: { orderId }, query: { includedData }, signal });
  return body.order;
}

/** getOrderRegulatedInfo (v0; no v2026 equivalent): a regulated order's verification state; restricted, so it needs a restricted data token. */
export async function getOrderRegulatedInfo(client: AmazonClient, orderId: string, signal?: AbortSignal, personalData = client.allowPersonalData): Promise<Record<string, Json>> {
  const body = await client.callRestricted<{ payload?: Record<string, Json> }>('ordersV0.getOrderRegulatedInfo', { params: { orderId }, signal, personalData });
  return body.payload ?? {};
}

/** Amazon's own rules for the window, checked before spending a request of a 0.0056-per-second plan. */
function checkWindow(query: SearchOrdersQuery): void {
  const created = query.createdAfter !== undefined || query.createdBefore !== undefined;
  const updated = query.lastUpdatedAfter !== undefined || query.lastUpdatedBefore !== undefined;
  if (query.paginationToken) return;
  if (created && updated) {
    throw new ValidationError('Orders are searched by creation time or by update time, not both', [
      { path: 'lastUpdatedAfter', message: 'cannot be combined with createdAfter/createdBefore' },
    ]);
  }
  if (!query.createdAfter && !query.lastUpdatedAfter) {
    throw new ValidationError('searchOrders needs the start of a window', [{ path: 'createdAfter', message: 'give createdAfter or lastUpdatedAfter (ISO 8601)' }]);
  }
}

function checkPersonalData(allowed: boolean, includedData: OrderIncludedData[] | undefined): void {
  const personal = (includedData ?? []).filter((section) => PERSONAL_SECTIONS.includes(section));
  if (personal.length && !allowed) {
    throw new PermissionDeniedError(`includedData ${personal.join(', ')} holds buyers' personal data, which this server does not release`, {
      platform: PLATFORM,
      hint: `leave BUYER and RECIPIENT out, or ${PERSONAL_DATA_HINT}`,
    });
  }
}
