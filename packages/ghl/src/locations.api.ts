import type { GhlClient } from './client.js';
import type { GhlCustomField } from './types.js';

// Locations API (Version 2021-07-28) calls added beside locations.tools.ts.

/** Get Custom Fields (GET /locations/{locationId}/customFields), optionally for one model. */
export async function listCustomFields(
  client: GhlClient,
  model: 'contact' | 'opportunity' | 'all' = 'all',
  signal?: AbortSignal,
): Promise<GhlCustomField[]> {
  const path = `/locations/${encodeURIComponent(client.locationId)}/customFields`;
  return (await client.request<{ customFields: GhlCustomField[] }>('GET', path, { query: { model }, signal })).customFields ?? [];
}
