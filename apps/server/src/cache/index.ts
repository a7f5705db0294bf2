import { ConfigurationError, noopLogger, type AnyTool, type Logger } from '@enterprise-mcp/core';
import type { Database } from '@enterprise-mcp/database';
import { createDatabaseCache } from './database.js';
import { invalidationKey } from './invalidations.js';
import { createMemoryCache } from './memory.js';
import type { ApiCache, ApiCacheStore, CacheEntry } from './types.js';

export { cacheKey, normaliseArgs, type CacheKeyParts } from './key.js';
export { createMemoryCache, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_TOTAL_BYTES, type MemoryCacheOptions } from './memory.js';
export { createDatabaseCache, type DatabaseCacheOptions } from './database.js';
export type { ApiCache, ApiCacheStore, CacheEntry, CachedAnswer } from './types.js';

export interface CreateApiCacheOptions {
  store: ApiCacheStore;
  /** Required for `database`. */
  db?: Pick<Database, 'prisma'>;
  /** Memory store: most entries held (default 10,000). */
  maxEntries?: number;
  /** Answers whose JSON is longer than this are not kept (default 1 MiB). */
  maxResultBytes?: number;
  /** Memory store: the JSON of all answers together at most this long (default 32 MiB). */
  maxTotalBytes?: number;
  /** A cache operation slower than this counts as failed: a miss, not a slow tool call (default 1,000 ms). */
  timeoutMs?: number;
  logger?: Logger;
  now?: () => number;
}

/** Makes the cache the settings name; failures of the store become misses (see `resilientCache`). */
export function createApiCache(options: CreateApiCacheOptions): ApiCache {
  const { store, logger = noopLogger } = options;
  if (store === 'off') return offCache;
  if (store === 'memory') return resilientCache(createMemoryCache(options), { logger, timeoutMs: options.timeoutMs, now: options.now });
  if (!options.db) throw new ConfigurationError('API_CACHE_STORE=database needs the database', [{ variable: 'API_CACHE_STORE', message: 'database needs an open database' }]);
  const inner = createDatabaseCache(options.db.prisma, {
    maxResultBytes: options.maxResultBytes,
    now: options.now,
    onPruneError: (error) => logger.warn({ err: error }, 'api cache: deleting expired answers failed; retried after a later write'),
  });
  return resilientCache(inner, { logger, timeoutMs: options.timeoutMs, now: options.now });
}

/** The settings the server reads (config.ts). */
export interface ApiCacheSettings {
  API_CACHE_STORE: ApiCacheStore;
  API_CACHE_TTL_SECONDS: number;
  API_CACHE_MAX_ENTRIES: number;
  API_CACHE_MAX_MB: number;
}

/** `createApiCache` from the server's config: `off` when the store is off or the default lifetime is 0. */
export function createApiCacheFromConfig(config: ApiCacheSettings, deps: { db?: Pick<Database, 'prisma'>; logger?: Logger }): ApiCache {
  const store = config.API_CACHE_TTL_SECONDS === 0 ? 'off' : config.API_CACHE_STORE;
  return createApiCache({ store, db: deps.db, maxEntries: config.API_CACHE_MAX_ENTRIES, maxTotalBytes: config.API_CACHE_MAX_MB * 1024 * 1024, logger: deps.logger });
}

/**
 * How long a tool's answers may be served again (seconds), or 0 when never:
 * write tools, tools that say `cache: false`, and everything when the
 * server's lifetime is 0 (caching off). A read tool's own `ttlSeconds` wins
 * over the server's default.
 */
export function cacheLifetime(tool: Pick<AnyTool, 'annotations' | 'cache'>, defaultTtlSeconds: number): number {
  if (defaultTtlSeconds <= 0 || !tool.annotations.readOnlyHint || tool.cache === false) return 0;
  return Math.max(0, tool.cache?.ttlSeconds ?? defaultTtlSeconds);
}

const offCache: ApiCache = {
  kind: 'off',
  get: async () => undefined,
  set: async () => {},
  invalidate: async () => 0,
};

export interface ResilientOptions {
  logger?: Logger;
  timeoutMs?: number;
  now?: () => number;
}

/** How long an invalidation is remembered to refuse answers of calls that started before it. */
const INVALIDATION_MEMORY_MS = 10 * 60_000;

/**
 * Wraps a store so that the cache can never fail or slow a tool call:
 * - a failing or slow (`timeoutMs`) `get` is a miss, `set` keeps nothing,
 *   `invalidate` resolves with 0; the first failure of an outage is logged
 *   (warn), and so is the recovery (info), not every call;
 * - a failed invalidation is retried before every later operation, and until
 *   it succeeds every `get` is a miss, so a write is never followed by an
 *   answer from before it;
 * - an answer whose call started before the latest invalidation of its tenant
 *   and ecosystem (in this process) is not kept.
 */
export function resilientCache(inner: ApiCache, options: ResilientOptions = {}): ApiCache {
  const logger = options.logger ?? noopLogger;
  const timeoutMs = options.timeoutMs ?? 1_000;
  const now = options.now ?? Date.now;
  const invalidatedAt = new Map<string, number>();
  const pending = new Map<string, [string, string]>();
  let failing = false;

  const attempt = async <T>(op: string, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`api cache ${op} took longer than ${timeoutMs} ms`)), timeoutMs);
        timer.unref?.();
      });
      const value = await Promise.race([run(), timeout]);
      if (failing) {
        failing = false;
        logger.info({ store: inner.kind }, 'api cache: working again');
      }
      return { ok: true, value };
    } catch (error) {
      if (!failing) {
        failing = true;
        logger.warn({ err: error, store: inner.kind, op }, 'api cache: the store failed; calls go to the platform until it works again');
      }
      return { ok: false };
    } finally {
      clearTimeout(timer);
    }
  };

  const retryPending = async (): Promise<boolean> => {
    for (const [scope, [tenantId, ecosystem]] of pending) {
      const done = await attempt('invalidate', () => inner.invalidate(tenantId, ecosystem));
      if (!done.ok) return false;
      pending.delete(scope);
    }
    return true;
  };

  return {
    kind: inner.kind,
    async get(key) {
      if (pending.size > 0 && !(await retryPending())) return undefined;
      const got = await attempt('get', () => inner.get(key));
      return got.ok ? got.value : undefined;
    },
    async set(entry: CacheEntry) {
      const since = invalidatedAt.get(invalidationKey(entry.tenantId, entry.ecosystem));
      if (since !== undefined && entry.startedAt && entry.startedAt.getTime() <= since) return;
      if (pending.size > 0 && !(await retryPending())) return;
      await attempt('set', () => inner.set(entry));
    },
    async invalidate(tenantId, ecosystem) {
      const scope = invalidationKey(tenantId, ecosystem);
      const at = now();
      invalidatedAt.delete(scope);
      invalidatedAt.set(scope, at);
      for (const [k, t] of invalidatedAt) {
        if (at - t < INVALIDATION_MEMORY_MS) break;
        invalidatedAt.delete(k);
      }
      const done = await attempt('invalidate', () => inner.invalidate(tenantId, ecosystem));
      if (done.ok) {
        pending.delete(scope);
        return done.value;
      }
      pending.set(scope, [tenantId, ecosystem]);
      return 0;
    },
    async close() {
      await inner.close?.();
    },
  };
}
