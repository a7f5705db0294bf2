import { NotFoundError } from '@enterprise-mcp/core';
import type { CloudflareClient, Page, PageQuery } from './client.js';
import { PLATFORM } from './errors.js';
import type { Zone, ZoneStatus } from './types.js';

export interface ListZonesQuery extends PageQuery {
  name?: string;
  status?: ZoneStatus;
  accountId?: string;
}

/** `GET /zones` (zones-get): one page of the zones the credential can see. */
export function listZones(client: CloudflareClient, query: ListZonesQuery = {}, signal?: AbortSignal): Promise<Page<Zone>> {
  return client.page<Zone>('GET /zones', {
    query: { name: query.name, status: query.status, 'account.id': query.accountId, page: query.page, per_page: query.perPage },
    signal,
  });
}

/** `GET /zones/{zone_id}` (zones-0-get). */
export function getZone(client: CloudflareClient, zoneId: string, signal?: AbortSignal): Promise<Zone> {
  return client.result<Zone>('GET /zones/{zone_id}', { params: { zone_id: zoneId }, signal });
}

const ZONE_ID = /^[0-9a-f]{32}$/;

/** Zone ids by lower-case name, per client: a zone keeps its id, so one lookup per name is enough. */
const zoneIds = new WeakMap<CloudflareClient, Map<string, string>>();

/** A zone id from an id or a domain name, so callers (and models) can name zones either way. */
export async function resolveZoneId(client: CloudflareClient, zone: string, signal?: AbortSignal): Promise<string> {
  const key = zone.trim().toLowerCase().replace(/\.$/, '');
  if (ZONE_ID.test(key)) return key;
  let known = zoneIds.get(client);
  if (!known) zoneIds.set(client, (known = new Map()));
  const cached = known.get(key);
  if (cached) return cached;
  const { items } = await listZones(client, { name: key }, signal);
  const match = items.find((z) => z.name.toLowerCase() === key);
  if (!match) {
    throw new NotFoundError(`No Cloudflare zone named "${key}" is visible to these credentials`, {
      platform: PLATFORM,
      hint: 'list the zones with cloudflare_list_zones, or check that the credentials have Zone:Read on it',
    });
  }
  known.set(key, match.id);
  return match.id;
}
