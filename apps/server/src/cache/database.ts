import type { Prisma, PrismaClient } from '@enterprise-mcp/database';
import type { ApiCache, CacheEntry } from './types.js';
import { DEFAULT_MAX_RESULT_BYTES } from './memory.js';

export interface DatabaseCacheOptions {
  /** Answers whose JSON is longer than this are not kept (default 1 MiB). */
  maxResultBytes?: number;
  /** Expired rows are deleted at most this often, after a write (default 60 s). */
  pruneIntervalMs?: number;
  now?: () => number;
  /** Told about a failed background prune (a foreground failure rejects instead). */
  onPruneError?: (error: unknown) => void;
}

/**
 * The `api_cache` table on PostgreSQL or PGlite: answers and invalidations are
 * shared by every process on the same database. Expired rows are never served
 * and are deleted in the background after writes. Errors reject: wrap it with
 * `resilientCache` (as `createApiCache` does) so they become misses.
 */
export function createDatabaseCache(prisma: Pick<PrismaClient, 'apiCache'>, options: DatabaseCacheOptions = {}): ApiCache {
  const maxBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const pruneEvery = options.pruneIntervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  let lastPrune = 0;
  let pruning: Promise<unknown> | undefined;

  const prune = () => {
    const at = now();
    if (pruning || at - lastPrune < pruneEvery) return;
    lastPrune = at;
    pruning = prisma.apiCache
      .deleteMany({ where: { expiresAt: { lte: new Date(at) } } })
      .catch((error: unknown) => options.onPruneError?.(error))
      .finally(() => (pruning = undefined));
  };

  return {
    kind: 'database',
    async get(key) {
      const [row] = await prisma.apiCache.updateManyAndReturn({
        where: { key, expiresAt: { gt: new Date(now()) } },
        data: { hitCount: { increment: 1 } },
        select: { result: true, expiresAt: true, hitCount: true, createdAt: true },
      });
      return row ? { result: row.result, expiresAt: row.expiresAt, hitCount: row.hitCount, createdAt: row.createdAt } : undefined;
    },
    async set(entry: CacheEntry) {
      if (!(entry.ttlSeconds > 0)) return;
      const json = JSON.stringify(entry.result ?? null);
      if (json.length > maxBytes) return;
      const at = now();
      const row = {
        tenantId: entry.tenantId,
        ecosystem: entry.ecosystem,
        connection: entry.connection ?? '',
        toolName: entry.toolName,
        result: JSON.parse(json) as Prisma.InputJsonValue,
        expiresAt: new Date(at + entry.ttlSeconds * 1000),
        hitCount: 0,
        createdAt: new Date(at),
      };
      await prisma.apiCache.upsert({ where: { key: entry.key }, create: { key: entry.key, ...row }, update: row });
      prune();
    },
    async invalidate(tenantId, ecosystem) {
      const { count } = await prisma.apiCache.deleteMany({ where: { tenantId, ecosystem } });
      return count;
    },
    async close() {
      await pruning;
    },
  };
}
