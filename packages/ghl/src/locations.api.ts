import type { GhlClient } from './client.js';
import type { GhlCustomField, GhlLocation } from './types.js';

// Locations API, Version 2021-07-28.

/** The agency (company) of each client's location, read once: it never changes, and Search Users needs it. */
const companies = new WeakMap<GhlClient, string>();

/** Get Sub-Account (GET /locations/{locationId}) of the client's location. */
export async function getLocation(client: GhlClient, signal?: AbortSignal): Promise<GhlLocation> {
  const path = '/locations/{locationId}';
  const location = (await client.request<{ location: GhlLocation }>('GET', path, { params: { locationId: client.locationId }, signal })).location;
  if (location.companyId) companies.set(client, location.companyId);
  return location;
}

/** The agency id of the client's location, from the location the first time. */
export async function companyIdOf(client: GhlClient, signal?: AbortSignal): Promise<string | undefined> {
  return companies.get(client) ?? (await getLocation(client, signal)).companyId;
}

/** Get Custom Fields (GET /locations/{locationId}/customFields), optionally for one model. */
export async function listCustomFields(
  client: GhlClient,
  model: 'contact' | 'opportunity' | 'all' = 'all',
  signal?: AbortSignal,
): Promise<GhlCustomField[]> {
  const path = '/locations/{locationId}/customFields';
  const body = await client.request<{ customFields: GhlCustomField[] }>('GET', path, { params: { locationId: client.locationId }, query: { model }, signal });
  return body.customFields ?? [];
}
