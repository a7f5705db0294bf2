import type { HttpHeaders, RateLimitSpec } from '@enterprise-mcp/core';

/**
 * GoHighLevel's published limits for API 2.0, counted per app per location:
 * a Private Integration token or a marketplace app's connection is exactly
 * one app in one location, so the budget is the credential's.
 */
export const GHL_RATE_LIMITS: RateLimitSpec[] = [
  { points: 100, durationSeconds: 10, scope: 'credential', description: 'burst: 100 requests per 10 seconds per app per location' },
  { points: 200_000, durationSeconds: 86_400, scope: 'credential', description: 'daily: 200,000 requests per day per app per location' },
];

/** The budget GoHighLevel reported on its last response. */
export interface GhlRateLimitBudget {
  /** Requests allowed per burst interval (`X-RateLimit-Max`). */
  max: number;
  /** Requests left in the current interval (`X-RateLimit-Remaining`). */
  remaining: number;
  /** Length of the burst interval (`X-RateLimit-Interval-Milliseconds`). */
  intervalMs: number;
  /** Requests allowed per day (`X-RateLimit-Limit-Daily`). */
  dailyLimit: number;
  /** Requests left today (`X-RateLimit-Daily-Remaining`). */
  dailyRemaining: number;
  observedAt: Date;
}

export const RATE_LIMIT_HEADERS = {
  max: 'x-ratelimit-max',
  remaining: 'x-ratelimit-remaining',
  intervalMs: 'x-ratelimit-interval-milliseconds',
  dailyLimit: 'x-ratelimit-limit-daily',
  dailyRemaining: 'x-ratelimit-daily-remaining',
} as const;

/** Reads the rate-limit headers; undefined when the response carried none (errors before auth). */
export function parseRateLimitHeaders(headers: HttpHeaders, now = new Date()): GhlRateLimitBudget | undefined {
  const read = (name: string) => {
    const raw = headers[name];
    const value = Number(Array.isArray(raw) ? raw[0] : raw);
    return raw === undefined || !Number.isFinite(value) ? undefined : value;
  };
  const max = read(RATE_LIMIT_HEADERS.max);
  const remaining = read(RATE_LIMIT_HEADERS.remaining);
  if (max === undefined || remaining === undefined) return undefined;
  return {
    max,
    remaining,
    intervalMs: read(RATE_LIMIT_HEADERS.intervalMs) ?? 10_000,
    dailyLimit: read(RATE_LIMIT_HEADERS.dailyLimit) ?? 200_000,
    dailyRemaining: read(RATE_LIMIT_HEADERS.dailyRemaining) ?? Number.POSITIVE_INFINITY,
    observedAt: now,
  };
}
