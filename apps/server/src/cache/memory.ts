import type { ApiCache, CacheEntry, CachedAnswer } from './types.js';
import { invalidationKey } from './invalidations.js';

export interface MemoryCacheOptions {
  /** Most entries held; the least recently used goes first (default 10,000). */
  maxEntries?: number;
  /** Answers whose JSON is longer than this are not kept (default 1 MiB). */
  maxResultBytes?: number;
  /** The JSON of all entries together at most this long; the least recently used goes first (default 32 MiB). */
  maxTotalBytes?: number;
  now?: () => number;
}

interface Slot {
  json: string;
  scope: string;
  expiresAt: number;
  createdAt: number;
  hitCount: number;
}

export const DEFAULT_MAX_ENTRIES = 10_000;
export const DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;
/** 10,000 entries of up to 1 MiB each could hold 10 GB: the total is bounded too, so the heap is. */
export const DEFAULT_MAX_TOTAL_BYTES = 32 * 1024 * 1024;

/**
 * A per-process cache: an LRU map bounded by entry count and by the total
 * length of the answers' JSON (characters, about bytes), expiry checked on
 * read. Answers are held as JSON text, so what comes back is a fresh copy with
 * the same JSON round trip as the database store's.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): ApiCache {
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const maxBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const maxTotal = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const now = options.now ?? Date.now;
  const slots = new Map<string, Slot>();
  let totalBytes = 0;
  const remove = (key: string) => {
    const slot = slots.get(key);
    if (!slot) return undefined;
    slots.delete(key);
    totalBytes -= slot.json.length;
    return slot;
  };
  return {
    kind: 'memory',
    async get(key) {
      const slot = remove(key);
      if (!slot || slot.expiresAt <= now()) return undefined;
      slot.hitCount += 1;
      slots.set(key, slot); // most recently used goes last
      totalBytes += slot.json.length;
      return answer(slot);
    },
    async set(entry: CacheEntry) {
      if (!(entry.ttlSeconds > 0)) return;
      const json = JSON.stringify(entry.result ?? null);
      if (json.length > maxBytes || json.length > maxTotal) return;
      const at = now();
      remove(entry.key);
      slots.set(entry.key, { json, scope: invalidationKey(entry.tenantId, entry.ecosystem), expiresAt: at + entry.ttlSeconds * 1000, createdAt: at, hitCount: 0 });
      totalBytes += json.length;
      while (slots.size > maxEntries || totalBytes > maxTotal) remove(slots.keys().next().value as string);
    },
    async invalidate(tenantId, ecosystem) {
      const scope = invalidationKey(tenantId, ecosystem);
      let dropped = 0;
      for (const [key, slot] of slots) {
        if (slot.scope === scope) {
          remove(key);
          dropped += 1;
        }
      }
      return dropped;
    },
    async close() {
      slots.clear();
      totalBytes = 0;
    },
  };
}

function answer(slot: Slot): CachedAnswer {
  return { result: JSON.parse(slot.json), expiresAt: new Date(slot.expiresAt), hitCount: slot.hitCount, createdAt: new Date(slot.createdAt) };
}
