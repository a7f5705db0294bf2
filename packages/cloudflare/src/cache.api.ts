import type { CloudflareClient } from './client.js';
import type { PurgeCacheRequest } from './types.js';

/**
 * `POST /zones/{zone_id}/purge_cache` (zone-purge). Named by its template, the
 * operation is what the purge rate limit of the ecosystem counts.
 */
export function purgeCache(client: CloudflareClient, zoneId: string, request: PurgeCacheRequest, signal?: AbortSignal): Promise<{ id: string }> {
  return client.result<{ id: string }>('POST /zones/{zone_id}/purge_cache', { params: { zone_id: zoneId }, json: request, signal });
}
