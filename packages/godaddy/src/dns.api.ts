import type { GoDaddyClient } from './client.js';

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'SOA', 'SRV', 'TXT'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];
/** The types `DELETE /v1/domains/{domain}/records/{type}/{name}` accepts. */
export const DELETABLE_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'SRV', 'TXT'] as const;
export type DeletableRecordType = (typeof DELETABLE_RECORD_TYPES)[number];

/** `DNSRecord` of the Domains API v1. */
export interface DnsRecord {
  type: DnsRecordType;
  name: string;
  data: string;
  ttl?: number;
  priority?: number;
  port?: number;
  weight?: number;
  service?: string;
  protocol?: string;
}

/** A record for `PUT .../records/{type}/{name}`, where type and name come from the path. */
export type DnsRecordData = Omit<DnsRecord, 'type' | 'name'>;

/** `DNSRecordCreateType`: a record for `PUT .../records/{type}`, where the type comes from the path. */
export type DnsRecordOfType = Omit<DnsRecord, 'type'>;

export interface ListRecordsQuery {
  type?: DnsRecordType;
  /** Record name (`@`, `www`); needs `type`, as the API only filters by name under a type. */
  name?: string;
  offset?: number;
  limit?: number;
}

/** `GET /v1/domains/{domain}/records[/{type}[/{name}]]` (operation `recordGet`). */
export async function listRecords(client: GoDaddyClient, domain: string, query: ListRecordsQuery = {}, signal?: AbortSignal): Promise<DnsRecord[]> {
  const { type, name, offset, limit } = query;
  if (name !== undefined && type === undefined) throw new TypeError('listRecords: a record name filter needs a record type');
  const template = `/v1/domains/{domain}/records${type ? '/{type}' : ''}${name !== undefined ? '/{name}' : ''}`;
  const records = await client.request<DnsRecord[] | undefined>('GET', template, {
    params: { domain, ...(type ? { type } : {}), ...(name !== undefined ? { name } : {}) },
    query: { offset, limit },
    signal,
  });
  return records ?? [];
}

/** `PATCH /v1/domains/{domain}/records` (operation `recordAdd`): adds records, leaving the existing ones in place. */
export async function addRecords(client: GoDaddyClient, domain: string, records: DnsRecord[], signal?: AbortSignal): Promise<void> {
  await client.request('PATCH', '/v1/domains/{domain}/records', { params: { domain }, json: records, signal });
}

/** `PUT /v1/domains/{domain}/records/{type}/{name}` (operation `recordReplaceTypeName`): every record of one type and name becomes these. */
export async function replaceRecords(
  client: GoDaddyClient,
  domain: string,
  type: DnsRecordType,
  name: string,
  records: DnsRecordData[],
  signal?: AbortSignal,
): Promise<void> {
  await client.request('PUT', '/v1/domains/{domain}/records/{type}/{name}', { params: { domain, type, name }, json: records, signal });
}

/** `PUT /v1/domains/{domain}/records/{type}` (operation `recordReplaceType`): every record of the type becomes these. */
export async function replaceRecordsOfType(
  client: GoDaddyClient,
  domain: string,
  type: DnsRecordType,
  records: DnsRecordOfType[],
  signal?: AbortSignal,
): Promise<void> {
  await client.request('PUT', '/v1/domains/{domain}/records/{type}', { params: { domain, type }, json: records, signal });
}

/** `PUT /v1/domains/{domain}/records` (operation `recordReplace`): the whole zone becomes these records. */
export async function replaceZone(client: GoDaddyClient, domain: string, records: DnsRecord[], signal?: AbortSignal): Promise<void> {
  await client.request('PUT', '/v1/domains/{domain}/records', { params: { domain }, json: records, signal });
}

/** `DELETE /v1/domains/{domain}/records/{type}/{name}` (operation `recordDeleteTypeName`): removes every record of one type and name. */
export async function deleteRecords(client: GoDaddyClient, domain: string, type: DeletableRecordType, name: string, signal?: AbortSignal): Promise<void> {
  await client.request('DELETE', '/v1/domains/{domain}/records/{type}/{name}', { params: { domain, type, name }, signal });
}
