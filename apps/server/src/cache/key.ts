import { createHash } from 'node:crypto';

export interface CacheKeyParts {
  tenantId: string;
  /** The connection the call acts on (company, account, seller); absent or empty when it names none. */
  connection?: string | null;
  /** The tool's full name (`cloudflare_list_zones`): it names the ecosystem too. */
  tool: string;
  /** The call's arguments as validated. */
  args: unknown;
}

/**
 * The `api_cache` key of a call: SHA-256 (hex) of tenant, connection, tool and
 * normalised arguments. Normalised: object keys in sorted order at every depth,
 * properties whose value is `undefined` dropped, dates as ISO strings, so that
 * `{ a: 1, b: undefined }` and `{ a: 1 }` (or keys in another order) share a key.
 * Array order is kept (it is meaningful). The parts are hashed as one JSON
 * array, so no separator inside a value can make two different calls collide.
 */
export function cacheKey({ tenantId, connection, tool, args }: CacheKeyParts): string {
  const text = JSON.stringify([tenantId, connection ?? '', tool, normaliseArgs(args)]);
  return createHash('sha256').update(text).digest('hex');
}

/** The arguments as they are keyed (see `cacheKey`). */
export function normaliseArgs(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : normaliseArgs(item)));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined && typeof item !== 'function') out[key] = normaliseArgs(item);
    }
    return out;
  }
  return value;
}
