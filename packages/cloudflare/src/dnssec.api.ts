import type { CloudflareClient } from './client.js';

export type DnssecStatus = 'active' | 'pending' | 'disabled' | 'pending-disabled' | 'error';

/** `GET /zones/{zone_id}/dnssec` (dns-records_dnssec in Cloudflare's schema); unset fields come back as null. */
export interface Dnssec {
  status?: DnssecStatus;
  algorithm?: string | null;
  digest?: string | null;
  digest_algorithm?: string | null;
  digest_type?: string | null;
  ds?: string | null;
  flags?: number | null;
  key_tag?: number | null;
  key_type?: string | null;
  modified_on?: string | null;
  public_key?: string | null;
  dnssec_multi_signer?: boolean;
  dnssec_presigned?: boolean;
  dnssec_use_nsec3?: boolean;
}

export function getDnssec(client: CloudflareClient, zoneId: string, signal?: AbortSignal): Promise<Dnssec> {
  return client.result<Dnssec>('GET /zones/{zone_id}/dnssec', { params: { zone_id: zoneId }, signal });
}
