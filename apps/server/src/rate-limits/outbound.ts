import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, RateLimitedError, type AnyEcosystem, type OutboundRateLimiter } from '@enterprise-mcp/core';
import { consume, type LimiterStore } from './store.js';

export interface OutboundOptions {
  /** Wait this long at most for budget before failing fast with RateLimitedError. */
  maxWaitMs: number;
}

/**
 * Keeps the server under each platform's published limits, per platform and
 * credential. `budgetKey` identifies the credential (a hash, never the secret),
 * so two tenants sharing one credential share one budget.
 */
export function createOutboundLimiter(
  store: LimiterStore,
  ecosystem: AnyEcosystem,
  budgetKey: string,
  options: OutboundOptions,
): OutboundRateLimiter {
  const limiters = ecosystem.rateLimits.map((spec) => ({
    spec,
    limiter: store.limiter(`out:${ecosystem.id}`, spec.points, spec.durationSeconds),
  }));
  return {
    async acquire(key, acquireOptions) {
      const deadline = Date.now() + options.maxWaitMs;
      for (const { limiter } of limiters) {
        for (;;) {
          const waitMs = await consume(limiter, `${budgetKey}:${key}`);
          if (waitMs === 0) break;
          if (Date.now() + waitMs > deadline) {
            throw new RateLimitedError(
              `${ecosystem.displayName} request budget for this credential is spent`,
              Math.max(1, Math.ceil(waitMs / 1000)),
              { platform: ecosystem.displayName },
            );
          }
          try {
            await sleep(waitMs, undefined, { signal: acquireOptions?.signal });
          } catch {
            throw new CancelledError(`${ecosystem.displayName} request was cancelled while waiting for rate-limit budget`);
          }
        }
      }
    },
  };
}
