import type { CloudflareClient, Page, PageQuery, PaginateOptions } from './client.js';
import type { DnsRecord, DnsRecordInput } from './types.js';
import type { QueryValue } from '@enterprise-mcp/core';

export interface ListDnsRecordsQuery extends PageQuery {
  type?: string;
  name?: string;
  content?: string;
  proxied?: boolean;
  comment?: string;
  tag?: string;
  search?: string;
}

const RECORDS = '/zones/{zone_id}/dns_records';
const RECORD = '/zones/{zone_id}/dns_records/{dns_record_id}';

/** `GET /zones/{zone_id}/dns_records` (dns-records-for-a-zone-list-dns-records): one page. */
export function listDnsRecords(client: CloudflareClient, zoneId: string, query: ListDnsRecordsQuery = {}, signal?: AbortSignal): Promise<Page<DnsRecord>> {
  return client.page<DnsRecord>(`GET ${RECORDS}`, { params: { zone_id: zoneId }, query: dnsQuery(query), signal });
}

/** Every record matching the filter, across all pages. */
export function listAllDnsRecords(
  client: CloudflareClient,
  zoneId: string,
  query: Omit<ListDnsRecordsQuery, 'page'> = {},
  options: PaginateOptions = {},
): Promise<DnsRecord[]> {
  return client.listAll<DnsRecord>(`GET ${RECORDS}`, { params: { zone_id: zoneId }, query: dnsQuery(query), ...options });
}

export function getDnsRecord(client: CloudflareClient, zoneId: string, recordId: string, signal?: AbortSignal): Promise<DnsRecord> {
  return client.result<DnsRecord>(`GET ${RECORD}`, { params: { zone_id: zoneId, dns_record_id: recordId }, signal });
}

export function createDnsRecord(client: CloudflareClient, zoneId: string, record: DnsRecordInput, signal?: AbortSignal): Promise<DnsRecord> {
  return client.result<DnsRecord>(`POST ${RECORDS}`, { params: { zone_id: zoneId }, json: record, signal });
}

/** PATCH: only the fields given change. */
export function updateDnsRecord(
  client: CloudflareClient,
  zoneId: string,
  recordId: string,
  changes: Partial<DnsRecordInput>,
  signal?: AbortSignal,
): Promise<DnsRecord> {
  return client.result<DnsRecord>(`PATCH ${RECORD}`, { params: { zone_id: zoneId, dns_record_id: recordId }, json: changes, signal });
}

export function deleteDnsRecord(client: CloudflareClient, zoneId: string, recordId: string, signal?: AbortSignal): Promise<{ id: string }> {
  return client.result<{ id: string }>(`DELETE ${RECORD}`, { params: { zone_id: zoneId, dns_record_id: recordId }, signal });
}

/** The zone's records as a BIND zone file (the endpoint answers text/plain, not the envelope). */
export function exportDnsRecords(client: CloudflareClient, zoneId: string, signal?: AbortSignal): Promise<string> {
  return client.text(`GET ${RECORDS}/export`, { params: { zone_id: zoneId }, signal });
}

function dnsQuery(query: ListDnsRecordsQuery): Record<string, QueryValue> {
  return {
    type: query.type,
    name: query.name,
    content: query.content,
    proxied: query.proxied,
    comment: query.comment,
    tag: query.tag,
    search: query.search,
    page: query.page,
    per_page: query.perPage,
  };
}
