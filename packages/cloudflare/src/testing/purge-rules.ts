import type { PurgeCacheRequest, Zone } from '../types.js';
import { CloudflareFakeError } from './envelope.js';

export type PlanTier = 'free' | 'pro' | 'business' | 'enterprise';

/**
 * Cloudflare's published purge limits (developers.cloudflare.com/cache/how-to/purge-cache, "Purge limits"),
 * per account: by tag, host, prefix and everything a token bucket of requests; by URL a rate of URLs per
 * second. Every plan may purge by every kind, with up to 100 items a request (500 URLs on Enterprise).
 */
export const PURGE_LIMITS: Record<PlanTier, { perRequest: number; urlsPerRequest: number; requestsPerSecond: number; bucket: number; urlsPerSecond: number }> = {
  free: { perRequest: 100, urlsPerRequest: 100, requestsPerSecond: 5 / 60, bucket: 25, urlsPerSecond: 800 },
  pro: { perRequest: 100, urlsPerRequest: 100, requestsPerSecond: 5, bucket: 25, urlsPerSecond: 1500 },
  business: { perRequest: 100, urlsPerRequest: 100, requestsPerSecond: 10, bucket: 50, urlsPerSecond: 1500 },
  enterprise: { perRequest: 100, urlsPerRequest: 500, requestsPerSecond: 50, bucket: 500, urlsPerSecond: 3000 },
};

/** Plan names as the zone's `plan.name` says them, and their legacy ids. */
export const PLANS: Record<PlanTier, { id: string; name: string; legacy_id: string }> = {
  free: { id: '0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee', name: 'Free Website', legacy_id: 'free' },
  pro: { id: '94f3b7b768b0458b56d2cac4fe5ec0f9', name: 'Pro Website', legacy_id: 'pro' },
  business: { id: '4a3e4a2e8e8a3f9e1e1c1e1d1b1a1f1e', name: 'Business Website', legacy_id: 'business' },
  enterprise: { id: '1c5a8b4e2d6f4a3b9c7e0d1f2a3b4c5d', name: 'Enterprise Website', legacy_id: 'enterprise' },
};

export function tierOf(zone: Zone): PlanTier {
  const name = zone.plan.name.toLowerCase();
  return (Object.keys(PLANS) as PlanTier[]).find((tier) => name.startsWith(tier)) ?? 'free';
}

/** The per-request item limits a plan allows. */
export function checkPurgeSize(zone: Zone, request: PurgeCacheRequest): void {
  const limits = PURGE_LIMITS[tierOf(zone)];
  for (const [kind, value] of Object.entries(request)) {
    if (!Array.isArray(value)) continue;
    const max = kind === 'files' ? limits.urlsPerRequest : limits.perRequest;
    if (value.length > max) {
      throw new CloudflareFakeError(400, [{ code: 1012, message: `Request must contain at most ${max} ${kind} per purge on this plan` }]);
    }
  }
}

/** Token buckets per account: one of requests (tags, hosts, prefixes, everything), one of URLs. */
export class PurgeLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly clock: () => number = Date.now) {}

  /** Takes from the account's bucket, or throws Cloudflare's 429 with the seconds until it refills enough. */
  take(zone: Zone, request: PurgeCacheRequest): void {
    const limits = PURGE_LIMITS[tierOf(zone)];
    const files = 'files' in request ? request.files.length : 0;
    const [key, capacity, rate, cost] = files
      ? [`${zone.account.id}:urls`, limits.urlsPerSecond, limits.urlsPerSecond, files]
      : [`${zone.account.id}:requests`, limits.bucket, limits.requestsPerSecond, 1];
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < cost) {
      const wait = Math.max(1, Math.ceil((cost - bucket.tokens) / rate));
      throw new CloudflareFakeError(
        429,
        [{ code: 1134, message: 'Purge rate limit reached for this account: too many purge requests, please wait and retry' }],
        { 'retry-after': String(wait) },
      );
    }
    bucket.tokens -= cost;
  }

  reset(): void {
    this.buckets.clear();
  }
}
