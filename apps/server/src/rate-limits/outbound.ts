import { setTimeout as sleep } from 'node:timers/promises';
import {
  CancelledError,
  RateLimitedError,
  rateLimitApplies,
  rateLimitKey,
  type AnyEcosystem,
  type BudgetOwner,
  type OutboundRateLimiter,
  type RateLimitSpec,
} from '@enterprise-mcp/core';
import { consume, type LimiterStore } from './store.js';

export interface OutboundOptions {
  /** Wait this long at most for budget before failing fast with RateLimitedError. */
  maxWaitMs: number;
}

/**
 * Keeps the server under each platform's published limits. Every spec that
 * counts a request's operation is consumed under the key core's
 * `rateLimitKey` gives it (the credential's or the tenant's budget, per
 * operation where the platform counts per operation), so two tenants sharing
 * one credential share one budget, on every replica when the store is Redis.
 */
export function createOutboundLimiter(store: LimiterStore, ecosystem: AnyEcosystem, owner: BudgetOwner, options: OutboundOptions): OutboundRateLimiter {
  const specs = (ecosystem.rateLimits as RateLimitSpec[]).map((spec, index) => ({
    spec,
    index,
    limiter: store.limiter(`out:${ecosystem.id}:${index}`, spec.points, spec.durationSeconds),
  }));
  return {
    async acquire({ operation, signal }) {
      const deadline = Date.now() + options.maxWaitMs;
      for (const { spec, index, limiter } of specs) {
        if (!rateLimitApplies(spec, operation)) continue;
        const key = rateLimitKey(spec, index, owner, operation);
        for (;;) {
          const waitMs = await consume(limiter, key);
          if (waitMs === 0) break;
          if (Date.now() + waitMs > deadline) throw spent(ecosystem, spec, waitMs);
          try {
            await sleep(waitMs, undefined, { signal });
          } catch {
            throw new CancelledError(`${ecosystem.displayName} request was cancelled while waiting for rate-limit budget`);
          }
        }
      }
    },
  };
}

function spent(ecosystem: AnyEcosystem, spec: RateLimitSpec, waitMs: number): RateLimitedError {
  const whose = spec.scope === 'credential' ? 'this credential' : 'this tenant';
  return new RateLimitedError(`${ecosystem.displayName} request budget for ${whose} is spent (${spec.description})`, Math.max(1, Math.ceil(waitMs / 1000)), {
    platform: ecosystem.displayName,
  });
}
