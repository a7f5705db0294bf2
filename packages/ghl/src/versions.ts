/**
 * GoHighLevel requires a `Version` header on every API 2.0 call and the value
 * depends on the API: each OpenAPI file in the platform's docs pins one.
 */
export const GHL_API_VERSIONS = {
  contacts: '2021-07-28',
  opportunities: '2021-07-28',
  locations: '2021-07-28',
  users: '2021-07-28',
  calendars: '2021-04-15',
  conversations: '2021-04-15',
} as const;

export type GhlApi = keyof typeof GHL_API_VERSIONS;

/** The API a path belongs to (its first segment), or undefined for paths outside the known APIs. */
export function apiOfPath(path: string): GhlApi | undefined {
  const first = path.replace(/^\/+/, '').split(/[/?]/)[0] ?? '';
  return first in GHL_API_VERSIONS ? (first as GhlApi) : undefined;
}

/** The `Version` header value a path needs; contacts' version for anything unknown. */
export function versionForPath(path: string): string {
  const api = apiOfPath(path);
  return api ? GHL_API_VERSIONS[api] : GHL_API_VERSIONS.contacts;
}
