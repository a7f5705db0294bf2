import type { RateLimitSpec, ResponseHeaders } from '@enterprise-mcp/core';

/**
 * The operations this package calls, by the name the rate limiter and the
 * logs see (`<model>.<operationId>`: two models both have a `getOrder`), with
 * the method and path template of each and its default usage plan: the
 * "Usage Plan" table of the operation in Amazon's model (a token bucket:
 * `rate` requests per second refill it, `burst` is its size).
 */
export const SP_API_OPERATIONS = {
  'orders.searchOrders': { method: 'GET', path: '/orders/2026-01-01/orders', rate: 0.0056, burst: 20 },
  'orders.getOrder': { method: 'GET', path: '/orders/2026-01-01/orders/{orderId}', rate: 0.5, burst: 30 },
  'ordersV0.getOrderRegulatedInfo': { method: 'GET', path: '/orders/v0/orders/{orderId}/regulatedInfo', rate: 0.5, burst: 30 },
  'fbaInventory.getInventorySummaries': { method: 'GET', path: '/fba/inventory/v1/summaries', rate: 2, burst: 2 },
  'listings.getListingsItem': { method: 'GET', path: '/listings/2021-08-01/items/{sellerId}/{sku}', rate: 5, burst: 10 },
  'listings.putListingsItem': { method: 'PUT', path: '/listings/2021-08-01/items/{sellerId}/{sku}', rate: 5, burst: 10 },
  'listings.patchListingsItem': { method: 'PATCH', path: '/listings/2021-08-01/items/{sellerId}/{sku}', rate: 5, burst: 5 },
  'listings.deleteListingsItem': { method: 'DELETE', path: '/listings/2021-08-01/items/{sellerId}/{sku}', rate: 5, burst: 5 },
  'listings.searchListingsItems': { method: 'GET', path: '/listings/2021-08-01/items/{sellerId}', rate: 5, burst: 5 },
  'catalog.searchCatalogItems': { method: 'GET', path: '/catalog/2022-04-01/items', rate: 2, burst: 2 },
  'catalog.getCatalogItem': { method: 'GET', path: '/catalog/2022-04-01/items/{asin}', rate: 2, burst: 2 },
  'reports.getReports': { method: 'GET', path: '/reports/2021-06-30/reports', rate: 0.0222, burst: 10 },
  'reports.createReport': { method: 'POST', path: '/reports/2021-06-30/reports', rate: 0.0167, burst: 15 },
  'reports.getReport': { method: 'GET', path: '/reports/2021-06-30/reports/{reportId}', rate: 2, burst: 15 },
  'reports.cancelReport': { method: 'DELETE', path: '/reports/2021-06-30/reports/{reportId}', rate: 0.0222, burst: 10 },
  'reports.getReportDocument': { method: 'GET', path: '/reports/2021-06-30/documents/{reportDocumentId}', rate: 0.0167, burst: 15 },
  'sellers.getMarketplaceParticipations': { method: 'GET', path: '/sellers/v1/marketplaceParticipations', rate: 0.016, burst: 15 },
  'sellers.getAccount': { method: 'GET', path: '/sellers/v1/account', rate: 0.016, burst: 15 },
  'tokens.createRestrictedDataToken': { method: 'POST', path: '/tokens/2021-03-01/restrictedDataToken', rate: 1, burst: 10 },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; rate: number; burst: number }>;

export type SpApiOperation = keyof typeof SP_API_OPERATIONS;

export interface UsagePlan {
  /** Requests per second that refill the bucket. */
  rate: number;
  /** Size of the bucket: requests that may go out at once. */
  burst: number;
}

/** `x-amzn-RateLimit-Limit`: the rate Amazon applies to this seller and app now, in requests per second, when it says. */
export function rateLimitHeader(headers: ResponseHeaders): number | undefined {
  const raw = headers['x-amzn-ratelimit-limit'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The usage plans as core's rate-limit specs, for hosts that share budgets
 * across replicas: one budget per seller credential, region (the credential
 * key includes the base URL) and operation. A bucket of `burst` refilled at
 * `rate` is declared as `burst` requests per `burst / rate` seconds: the same
 * long-run rate and the same largest burst. Amazon re-rates each in
 * `x-amzn-RateLimit-Limit` (its rate for this seller may be higher than the
 * model's default), and a 429 means the bucket is empty whatever the host
 * counted: other apps of the seller draw on the same plan.
 */
export const AMAZON_RATE_LIMITS: RateLimitSpec[] = Object.entries(SP_API_OPERATIONS).map(([operation, plan]) => ({
  points: plan.burst,
  durationSeconds: Math.round(plan.burst / plan.rate),
  scope: 'credential',
  operations: [operation],
  perOperation: true,
  observed: { rate: rateLimitHeader },
  emptiedBy429: true,
  description: `${operation}: ${plan.rate} requests per second, burst ${plan.burst} (Amazon's default usage plan)`,
}));
