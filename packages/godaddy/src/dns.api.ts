import type { DnsRecord, DnsRecordType, GoDaddyClient } from './client.js';

/** `DNSRecordCreateType`: a record for `PUT .../records/{type}`, where the type comes from the path. */
export type DnsRecordOfType = Omit<DnsRecord, 'type'>;

/** `PUT /v1/domains/{domain}/records/{type}` (operation `recordReplaceType`): every record of the type becomes these. */
export async function replaceRecordsOfType(
  client: GoDaddyClient,
  domain: string,
  type: DnsRecordType,
  records: DnsRecordOfType[],
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  await client.request('PUT', '/v1/domains/{domain}/records/{type}', { params: { domain, type }, json: records, signal: options.signal });
}

/** `PUT /v1/domains/{domain}/records` (operation `recordReplace`): the whole zone becomes these records. */
export async function replaceZone(client: GoDaddyClient, domain: string, records: DnsRecord[], options: { signal?: AbortSignal } = {}): Promise<void> {
  await client.request('PUT', '/v1/domains/{domain}/records', { params: { domain }, json: records, signal: options.signal });
}
