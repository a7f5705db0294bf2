import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Makes rate limiters on one backing store: process memory, or Redis so that
 * every replica draws from the same budget. A Redis outage falls back to a
 * per-process memory limiter rather than failing requests.
 */
export interface LimiterStore {
  readonly kind: 'memory' | 'redis';
  limiter(prefix: string, points: number, durationSeconds: number): RateLimiterAbstract;
  /** A small value with a lifetime (a platform's observed rate), in Redis when configured so every replica reads it. */
  getValue(key: string): Promise<string | undefined>;
  setValue(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Resolves once Redis is connected (at once for memory); false when it did not connect in time. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createLimiterStore(redisUrl?: string, namespace = 'emcp'): LimiterStore {
  const cache = new Map<string, RateLimiterAbstract>();
  const redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  // Errors surface through the insurance limiter; without a listener ioredis would print them unhandled.
  redis?.on('error', () => {});
  // Values fall back to process memory while Redis is down, as the limiters do.
  const local = new ExpiringValues();
  const valueKey = (key: string) => `${namespace}:value:${key}`;
  return {
    kind: redis ? 'redis' : 'memory',
    async getValue(key) {
      if (!redis) return local.get(key);
      try {
        return (await redis.get(valueKey(key))) ?? undefined;
      } catch {
        return local.get(key);
      }
    },
    async setValue(key, value, ttlSeconds) {
      local.set(key, value, ttlSeconds);
      if (redis) await redis.set(valueKey(key), value, 'EX', Math.max(1, Math.ceil(ttlSeconds))).catch(() => {});
    },
    limiter(prefix, points, durationSeconds) {
      const id = `${prefix}|${points}|${durationSeconds}`;
      let limiter = cache.get(id);
      if (!limiter) {
        const keyPrefix = `${namespace}:${prefix}:${points}:${durationSeconds}`;
        const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
        limiter = redis
          ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds, insuranceLimiter: memory })
          : memory;
        cache.set(id, limiter);
      }
      return limiter;
    },
    ready(timeoutMs = 5000) {
      if (!redis || redis.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        redis.once('ready', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Consumes points (one by default); resolves with the wait in ms when over the limit, 0 when allowed. */
export async function consume(limiter: RateLimiterAbstract, key: string, points = 1): Promise<number> {
  try {
    await limiter.consume(key, points);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
    throw rejection;
  }
}

/** Values that expire, bounded: the oldest go first when full. */
class ExpiringValues {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: string, ttlSeconds: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }
}
