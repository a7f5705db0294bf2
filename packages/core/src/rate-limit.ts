/**
 * The outbound rate-limit hook. Core calls it before every upstream request;
 * implementations (memory, Redis) live with the server, so a package used alone needs none.
 */
export interface OutboundRateLimiter {
  /**
   * Resolves when a request under `key` may go out. Waits or throws
   * RateLimitedError (with retry-after) when the budget is spent.
   */
  acquire(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Lets a limiter learn the platform's own view from response headers (GoHighLevel sends them). */
  observe?(key: string, headers: Record<string, string | string[] | undefined>): void;
}

/** A platform's published limit: `points` requests per `durationSeconds`, counted per `scope`. */
export interface RateLimitSpec {
  points: number;
  durationSeconds: number;
  scope: 'credential' | 'account' | 'endpoint' | 'location';
  description: string;
}
