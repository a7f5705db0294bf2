import { setTimeout as sleep } from 'node:timers/promises';
import {
  CancelledError,
  OBSERVED_RATE_TTL_SECONDS,
  RateLimitedError,
  parseRetryAfter,
  rateLimitApplies,
  rateLimitKey,
  reratedBudget,
  type AnyEcosystem,
  type BudgetOwner,
  type OutboundRateLimiter,
  type RateLimitSpec,
  type ResponseHeaders,
} from '@enterprise-mcp/core';
import { consume, type LimiterStore } from './store.js';
import { activeMetrics } from '../telemetry/metrics.js';

export interface OutboundOptions {
  /** Wait this long at most for budget before failing fast with RateLimitedError. */
  maxWaitMs: number;
}

/** A budget as it applies now: the spec's numbers, or those of the rate the platform reported. */
interface Budget {
  points: number;
  durationSeconds: number;
  /** The rate the platform reported, when it re-rated the budget. */
  observedRate?: number;
}

/**
 * Keeps the server under each platform's published limits. Every spec that
 * counts a request's operation is consumed under the key core's
 * `rateLimitKey` gives it (the credential's or the tenant's budget, per
 * operation where the platform counts per operation), so two tenants sharing
 * one credential share one budget, on every replica when the store is Redis.
 *
 * A spec the platform re-rates (`observed`) follows the rate its responses
 * report, kept per budget key in the store (so every replica adopts it) for
 * the spec's TTL; a spec `emptiedBy429` is emptied, for every replica, when
 * the platform answers 429. A re-rated budget is counted in a window of its
 * own, so a change of rate starts it afresh.
 */
export function createOutboundLimiter(store: LimiterStore, ecosystem: AnyEcosystem, owner: BudgetOwner, options: OutboundOptions): OutboundRateLimiter {
  const specs = (ecosystem.rateLimits as RateLimitSpec[]).map((spec, index) => ({ spec, index }));
  const limiterOf = (index: number, budget: Budget) => store.limiter(`out:${ecosystem.id}:${index}`, budget.points, budget.durationSeconds);
  const rateKey = (key: string) => `rate:${key}`;

  const budgetOf = async (spec: RateLimitSpec, key: string): Promise<Budget> => {
    if (!spec.observed) return spec;
    const rate = Number(await store.getValue(rateKey(key)));
    return rate > 0 ? { ...reratedBudget(spec, rate), observedRate: rate } : spec;
  };

  const applying = (operation: string) =>
    specs.filter(({ spec }) => rateLimitApplies(spec, operation)).map((entry) => ({ ...entry, key: rateLimitKey(entry.spec, entry.index, owner, operation) }));

  return {
    async acquire({ operation, signal }) {
      const deadline = Date.now() + options.maxWaitMs;
      for (const { spec, index, key } of applying(operation)) {
        const budget = await budgetOf(spec, key);
        const limiter = limiterOf(index, budget);
        for (;;) {
          const waitMs = await consume(limiter, key);
          if (waitMs === 0) break;
          if (Date.now() + waitMs > deadline) throw spent(ecosystem, spec, budget, waitMs);
          try {
            await sleep(waitMs, undefined, { signal });
          } catch {
            throw new CancelledError(`${ecosystem.displayName} request was cancelled while waiting for rate-limit budget`);
          }
        }
      }
    },
    async observe(operation, headers, status) {
      for (const { spec, index, key } of applying(operation)) {
        const rate = spec.observed?.rate(headers);
        if (rate !== undefined && rate > 0) await store.setValue(rateKey(key), String(rate), spec.observed!.ttlSeconds ?? OBSERVED_RATE_TTL_SECONDS);
        if (status === 429 && spec.emptiedBy429) {
          const budget = await budgetOf(spec, key);
          await empty(limiterOf(index, budget), key, headers, budget);
        }
      }
    },
  };
}

/** Blocks a budget's key until one request's refill time has passed, or the platform's Retry-After. */
async function empty(limiter: ReturnType<LimiterStore['limiter']>, key: string, headers: ResponseHeaders, budget: Budget): Promise<void> {
  const refillSeconds = budget.durationSeconds / budget.points;
  const seconds = parseRetryAfter(headers['retry-after']) ?? Math.max(1, Math.ceil(refillSeconds));
  await limiter.block(key, Math.max(1, seconds));
}

function spent(ecosystem: AnyEcosystem, spec: RateLimitSpec, budget: Budget, waitMs: number): RateLimitedError {
  activeMetrics()?.outboundRefused(ecosystem.displayName);
  const whose = spec.scope === 'credential' ? 'this credential' : 'this tenant';
  const rerated = budget.observedRate === undefined ? '' : `; ${ecosystem.displayName} applies ${budget.observedRate} requests per second now`;
  return new RateLimitedError(
    `${ecosystem.displayName} request budget for ${whose} is spent (${spec.description}${rerated})`,
    Math.max(1, Math.ceil(waitMs / 1000)),
    { platform: ecosystem.displayName },
  );
}
