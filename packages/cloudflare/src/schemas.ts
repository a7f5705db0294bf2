import type { DnsRecord, Zone } from './types.js';
import { z } from 'zod';

/** Input fields several tools share, described once. */
export const zoneField = z
  .string()
  .trim()
  .min(1)
  .describe('The zone: its 32-character id, or its domain name (example.com). cloudflare_list_zones lists both.');

export const recordIdField = z
  .string()
  .regex(/^[0-9a-f]{32}$/i, 'must be a 32-character hex record id from cloudflare_list_dns_records')
  .describe('The DNS record id (32 hex characters), from cloudflare_list_dns_records or cloudflare_create_dns_record.');

export const pageField = z.number().int().min(1).optional().describe('Page number, starting at 1 (default 1).');

/** Cloudflare's `result_info`, in the names every list tool returns. */
export const paginationOutput = {
  page: z.number().describe('This page number'),
  perPage: z.number().describe('Items per page'),
  count: z.number().describe('Items on this page'),
  totalCount: z.number().describe('Items matching the filter, across all pages'),
  totalPages: z.number().describe('Pages available; ask for page + 1 while page < totalPages'),
};

export const zoneOutput = z.object({
  id: z.string().describe('Zone id'),
  name: z.string().describe('Domain name'),
  status: z.string().describe('initializing, pending (name servers not switched yet), active or moved'),
  paused: z.boolean().describe('True when Cloudflare only serves DNS and does not proxy traffic'),
  type: z.string().describe('full (Cloudflare is authoritative) or partial (CNAME setup)'),
  development_mode: z.number().describe('Seconds of development mode left; 0 when off'),
  name_servers: z.array(z.string()).describe('Cloudflare name servers assigned to the zone'),
  original_name_servers: z.array(z.string()).optional().describe('Name servers before moving to Cloudflare; absent when unknown'),
  plan: z.object({ id: z.string(), name: z.string() }).optional().describe('The zone plan'),
  account: z.object({ id: z.string(), name: z.string() }).describe('Account that owns the zone'),
  created_on: z.string().describe('ISO timestamp'),
  modified_on: z.string().describe('ISO timestamp'),
  activated_on: z.string().optional().describe('ISO timestamp of activation; absent while pending'),
});

export const dnsRecordOutput = z.object({
  id: z.string().describe('Record id'),
  type: z.string().describe('Record type (A, AAAA, CNAME, MX, TXT, ...)'),
  name: z.string().describe('Fully qualified record name'),
  content: z.string().describe('Record value: IP address, target host name or text'),
  ttl: z.number().describe('Time to live in seconds; 1 means automatic'),
  proxied: z.boolean().describe('True when traffic goes through Cloudflare (orange cloud)'),
  proxiable: z.boolean().describe('Whether this record can be proxied'),
  priority: z.number().optional().describe('Priority of MX, URI and SRV records (lower is preferred)'),
  data: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .optional()
    .describe('Structured value of CAA, SRV, HTTPS, SVCB, TLSA, ... records (content then holds its text form)'),
  comment: z.string().optional().describe('Free-text comment; absent when there is none'),
  tags: z.array(z.string()).optional().describe('Tags as name:value'),
  created_on: z.string().describe('ISO timestamp'),
  modified_on: z.string().describe('ISO timestamp'),
});

export function paginationOf(info: { page: number; per_page: number; count: number; total_count: number; total_pages: number }) {
  return {
    page: info.page,
    perPage: info.per_page,
    count: info.count,
    totalCount: info.total_count,
    totalPages: info.total_pages,
  };
}

/** Drops the nulls Cloudflare sends for "none", so outputs say "absent" one way (strict clients reject `type: [X, "null"]`). */
export function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  // A loop, not entries/filter/fromEntries: it runs for every record of every list answer.
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== null) kept[key] = field;
  }
  return kept as { [K in keyof T]: Exclude<T[K], null> };
}

export function recordOut(record: DnsRecord) {
  return withoutNulls(record);
}

export function zoneOut(zone: Zone) {
  return withoutNulls(zone);
}
