import type { CloudflareClient } from './client.js';

/** Metrics of the DNS analytics API (developers.cloudflare.com/dns/reference/analytics-api-properties). */
export const DNS_ANALYTICS_METRICS = [
  'queryCount',
  'uncachedCount',
  'staleCount',
  'responseTimeAvg',
  'responseTimeMedian',
  'responseTime90th',
  'responseTime99th',
] as const;

/** Dimensions of the DNS analytics API. */
export const DNS_ANALYTICS_DIMENSIONS = [
  'queryName',
  'queryType',
  'responseCode',
  'responseCached',
  'coloName',
  'origin',
  'dayOfWeek',
  'tcp',
  'ipVersion',
  'querySizeBucket',
  'responseSizeBucket',
] as const;

export interface DnsAnalyticsQuery {
  metrics?: string[];
  dimensions?: string[];
  since?: string;
  until?: string;
  filters?: string;
  sort?: string[];
  limit?: number;
}

/** `GET /zones/{zone_id}/dns_analytics/report` (dns-analytics_report in Cloudflare's schema). */
export interface DnsAnalyticsReport {
  data: Array<{ dimensions: string[]; metrics: number[] }>;
  data_lag: number;
  max: Record<string, number>;
  min: Record<string, number>;
  totals: Record<string, number>;
  rows: number;
  query: {
    dimensions: string[];
    metrics: string[];
    limit: number;
    since: string;
    until: string;
    filters?: string;
    sort?: string[];
  };
}

export function getDnsAnalyticsReport(client: CloudflareClient, zoneId: string, query: DnsAnalyticsQuery, signal?: AbortSignal) {
  return client.result<DnsAnalyticsReport>('GET /zones/{zone_id}/dns_analytics/report', {
    params: { zone_id: zoneId },
    query: {
      metrics: query.metrics?.join(','),
      dimensions: query.dimensions?.join(','),
      since: query.since,
      until: query.until,
      filters: query.filters,
      sort: query.sort?.join(','),
      limit: query.limit,
    },
    signal,
  });
}
