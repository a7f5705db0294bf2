import type { GoDaddyClient } from './client.js';
import { getDomainDetail } from './domains.api.js';

export interface DomainNameservers {
  domain: string;
  nameServers: string[];
}

/** The nameservers a domain delegates to: v1 has no endpoint of their own, they are part of `GET /v1/domains/{domain}`. */
export async function getDomainNameservers(client: GoDaddyClient, domain: string, signal?: AbortSignal): Promise<DomainNameservers> {
  const detail = await getDomainDetail(client, domain, signal);
  return { domain: detail.domain, nameServers: detail.nameServers ?? [] };
}

/** `PATCH /v1/domains/{domain}` (operation `update`) with `nameServers`: the v1 way to set them. */
export async function setDomainNameservers(client: GoDaddyClient, domain: string, nameServers: string[], signal?: AbortSignal): Promise<void> {
  await client.request('PATCH', '/v1/domains/{domain}', { params: { domain }, json: { nameServers }, signal });
}
