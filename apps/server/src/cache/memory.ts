import type { ApiCache, CacheEntry, CachedAnswer } from './types.js';
import { invalidationKey } from './invalidations.js';

export interface MemoryCacheOptions {
  /** Most entries held; the least recently used goes first (default 10,000). */
  maxEntries?: number;
  /** Answers whose JSON is longer than this are not kept (default 1 MiB). */
  maxResultBytes?: number;
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

/**
 * A per-process cache: an LRU map bounded by entry count, expiry checked on
 * read. Answers are held as JSON text, so what comes back is a fresh copy with
 * the same JSON round trip as the database store's.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): ApiCache {
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const maxBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const now = options.now ?? Date.now;
  const slots = new Map<string, Slot>();
  return {
    kind: 'memory',
    async get(key) {
      const slot = slots.get(key);
      if (!slot) return undefined;
      slots.delete(key);
      if (slot.expiresAt <= now()) return undefined;
      slot.hitCount += 1;
      slots.set(key, slot); // most recently used goes last
      return answer(slot);
    },
    async set(entry: CacheEntry) {
      if (!(entry.ttlSeconds > 0)) return;
      const json = JSON.stringify(entry.result ?? null);
      if (json.length > maxBytes) return;
      const at = now();
      slots.delete(entry.key);
      slots.set(entry.key, { json, scope: invalidationKey(entry.tenantId, entry.ecosystem), expiresAt: at + entry.ttlSeconds * 1000, createdAt: at, hitCount: 0 });
      while (slots.size > maxEntries) slots.delete(slots.keys().next().value as string);
    },
    async invalidate(tenantId, ecosystem) {
      const scope = invalidationKey(tenantId, ecosystem);
      let dropped = 0;
      for (const [key, slot] of slots) {
        if (slot.scope === scope) {
          slots.delete(key);
          dropped += 1;
        }
      }
      return dropped;
    },
    async close() {
      slots.clear();
    },
  };
}

function answer(slot: Slot): CachedAnswer {
  return { result: JSON.parse(slot.json), expiresAt: new Date(slot.expiresAt), hitCount: slot.hitCount, createdAt: new Date(slot.createdAt) };
}
