import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, RateLimitedError, type HttpHeaders, type OutboundRateLimiter } from '@enterprise-mcp/core';
import { PLATFORM } from './errors.js';
import { rateLimitHeader, SP_API_OPERATIONS, type SpApiOperation, type UsagePlan } from './usage-plans.js';

/**
 * Amazon's token buckets in process, for a client used alone: one per seller,
 * region and operation, seeded from the operation's default usage plan,
 * re-rated by `x-amzn-RateLimit-Limit` and emptied by a 429. A host passes
 * its own limiter instead (the server's, shared through Redis, reads the same
 * header and 429s through `AMAZON_RATE_LIMITS`), and these are then not used,
 * so nothing is limited twice.
 */
export class SpApiBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes a token from the bucket of `key`, waiting for one when it is empty;
   * fails fast with the retry time when that wait would exceed `maxWaitMs`.
   */
  async take(key: string, plan: UsagePlan, maxWaitMs: number, signal?: AbortSignal): Promise<void> {
    const bucket = this.bucketOf(key, plan);
    for (;;) {
      this.refill(bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - bucket.tokens) / bucket.rate) * 1000);
      if (waitMs > maxWaitMs) throw spent(key, bucket, waitMs);
      try {
        await sleep(waitMs, undefined, { signal });
      } catch (error) {
        throw new CancelledError('The Amazon request was cancelled while waiting for rate-limit budget', { platform: PLATFORM, cause: error });
      }
    }
  }

  /** Amazon answered 429: the bucket is empty whatever this process counted (another client shares the seller's plan). */
  drain(key: string, plan: UsagePlan): void {
    const bucket = this.bucketOf(key, plan);
    this.refill(bucket);
    bucket.tokens = Math.min(bucket.tokens, 0);
  }

  /** Adopts the rate Amazon reports in `x-amzn-RateLimit-Limit` for this bucket. */
  observe(key: string, plan: UsagePlan, headers: HttpHeaders): void {
    const rate = rateLimitHeader(headers);
    if (rate === undefined) return;
    const bucket = this.bucketOf(key, plan);
    this.refill(bucket);
    bucket.rate = rate;
  }

  /** These buckets as the outbound limiter of one seller (`owner`): what a client without a host limiter counts with. */
  limiterFor(owner: string, maxWaitMs: number): OutboundRateLimiter {
    const planOf = (operation: string): UsagePlan | undefined => SP_API_OPERATIONS[operation as SpApiOperation];
    return {
      acquire: async ({ operation, signal }) => {
        const plan = planOf(operation);
        if (plan) await this.take(`${owner}|${operation}`, plan, maxWaitMs, signal);
      },
      observe: (operation, headers, status) => {
        const plan = planOf(operation);
        if (!plan) return;
        this.observe(`${owner}|${operation}`, plan, headers);
        if (status === 429) this.drain(`${owner}|${operation}`, plan);
      },
    };
  }

  /** The rate and tokens of a bucket now, for tests and diagnostics. */
  inspect(key: string): { rate: number; burst: number; tokens: number } | undefined {
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    this.refill(bucket);
    return { rate: bucket.rate, burst: bucket.burst, tokens: bucket.tokens };
  }

  private bucketOf(key: string, plan: UsagePlan): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { rate: plan.rate, burst: plan.burst, tokens: plan.burst, at: this.now() };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private refill(bucket: Bucket): void {
    const now = this.now();
    bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate);
    bucket.at = now;
  }
}

interface Bucket {
  rate: number;
  burst: number;
  tokens: number;
  at: number;
}

/** The buckets every client in this process shares, so two clients of one seller share its plan. */
export const sharedBuckets = new SpApiBuckets();

function spent(key: string, bucket: Bucket, waitMs: number): RateLimitedError {
  const operation = key.split('|').at(-1);
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new RateLimitedError(`The Amazon usage plan of ${operation} (${bucket.rate} requests per second, burst ${bucket.burst}) is spent for this seller`, seconds, {
    platform: PLATFORM,
    hint: `retry after ${seconds} seconds`,
  });
}
