/** The server's cache of read tools' answers (`api_cache`): one interface, a memory and a database store. */

export type ApiCacheStore = 'memory' | 'database' | 'off';

/** An answer to keep, as the call pipeline hands it over. */
export interface CacheEntry {
  /** `cacheKey(...)` of the call. */
  key: string;
  tenantId: string;
  ecosystem: string;
  /** Absent or empty when the call named no connection. */
  connection?: string | null;
  toolName: string;
  /** The answer: any JSON value (stored as JSON; what comes back is its JSON round trip). */
  result: unknown;
  /** How long it may be served again; 0 or less keeps nothing. */
  ttlSeconds: number;
  /**
   * When the call that produced the answer started. An answer whose call
   * started before the latest invalidation of its tenant and ecosystem in this
   * process is not kept (a write ran meanwhile, so it may already be stale).
   */
  startedAt?: Date;
}

export interface CachedAnswer {
  result: unknown;
  expiresAt: Date;
  /** Times it has been served, this one included. */
  hitCount: number;
  createdAt: Date;
}

export interface ApiCache {
  readonly kind: ApiCacheStore;
  /** The unexpired answer under the key, counting the hit; undefined on a miss (and on any failure). */
  get(key: string): Promise<CachedAnswer | undefined>;
  /** Keeps an answer (replacing any under the same key). Never rejects. */
  set(entry: CacheEntry): Promise<void>;
  /** Drops every answer of the tenant for the ecosystem; resolves with how many. Never rejects. */
  invalidate(tenantId: string, ecosystem: string): Promise<number>;
  close?(): Promise<void>;
}
