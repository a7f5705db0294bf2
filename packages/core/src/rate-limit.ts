import { createHash } from 'node:crypto';
import picomatch from 'picomatch';

/** One outbound request, as the rate limiter sees it. */
export interface OutboundRequest {
  /** `METHOD /path/template` (`GET /v1/domains/{domain}`) or the platform's operation name (`searchOrders`). */
  operation: string;
  signal?: AbortSignal;
}

/**
 * The outbound rate-limit hook. Core calls it before every upstream request;
 * implementations (memory, Redis) live with the server, so a package used alone needs none.
 */
export interface OutboundRateLimiter {
  /** Resolves when the request may go out; waits, or throws RateLimitedError (with retry-after) when the budget is spent. */
  acquire(request: OutboundRequest): Promise<void>;
  /**
   * Lets a limiter learn the platform's own view from every response: its
   * headers (GoHighLevel, Amazon report limits) and status (a 429 says the
   * budget is spent). Core waits for it, so a re-rated budget holds for the next request.
   */
  observe?(operation: string, headers: ResponseHeaders, status?: number): void | Promise<void>;
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** A platform that tells, in its responses, the rate it applies now (which may differ from the published default). */
export interface ObservedRate {
  /** Requests per second the platform applies now, read from a response's headers; undefined when it says nothing. */
  rate(headers: ResponseHeaders): number | undefined;
  /** How long an observed rate holds unless a later response repeats it (default 600 s); then the spec's own rate applies again. */
  ttlSeconds?: number;
}

/** A platform's published limit: `points` requests per `durationSeconds`. */
export interface RateLimitSpec {
  points: number;
  durationSeconds: number;
  /** Whose budget it is: the credential's (token, app, seller; shared by every tenant using it) or the tenant's. */
  scope: 'credential' | 'tenant';
  /** The operations it counts (globs over `METHOD /path` or operation names); every request when absent. */
  operations?: string[];
  /** Each matching operation has a budget of its own (GoDaddy: 60 a minute per endpoint; SP-API: per operation). */
  perOperation?: boolean;
  /**
   * The platform re-rates this budget in its responses (Amazon's
   * `x-amzn-RateLimit-Limit`): a host's limiter adopts the observed rate for
   * the budget's key, on every replica, until it expires. `points` stays the burst.
   */
  observed?: ObservedRate;
  /**
   * A 429 means the budget is spent whatever the limiter counted (the platform
   * counts requests of other clients of the same seller too): the host empties
   * it until one request's refill time (or the Retry-After) has passed.
   */
  emptiedBy429?: boolean;
  description: string;
}

/** An observed rate's default lifetime. */
export const OBSERVED_RATE_TTL_SECONDS = 600;

/**
 * The budget of a spec re-rated to `rate` requests per second: the same burst
 * (`points`) refilled at the new rate, as whole seconds; a rate above the burst
 * per second becomes that many points a second.
 */
export function reratedBudget(spec: Pick<RateLimitSpec, 'points'>, rate: number): { points: number; durationSeconds: number } {
  const durationSeconds = Math.max(1, Math.round(spec.points / rate));
  return { points: Math.max(spec.points, Math.round(rate * durationSeconds)), durationSeconds };
}

/** Who is calling, for keying budgets. */
export interface BudgetOwner {
  ecosystemId: string;
  /** A digest of the credential (see `credentialKey`), never the secret. */
  credential: string;
  tenantId: string;
}

/**
 * The one place budgets are keyed: a spec's key names the credential or the
 * tenant and, for per-operation budgets, the operation. Two tenants sharing a
 * credential share its credential-scoped budgets.
 */
export function rateLimitKey(spec: RateLimitSpec, index: number, owner: BudgetOwner, operation: string): string {
  const whose = spec.scope === 'credential' ? `c:${owner.credential}` : `t:${owner.tenantId}`;
  return `${owner.ecosystemId}:${index}:${whose}${spec.perOperation ? `:${operation}` : ''}`;
}

const matchers = new WeakMap<RateLimitSpec, (operation: string) => boolean>();

/** Whether a spec counts this operation. */
export function rateLimitApplies(spec: RateLimitSpec, operation: string): boolean {
  if (!spec.operations?.length) return true;
  let matcher = matchers.get(spec);
  if (!matcher) {
    matcher = picomatch(spec.operations, { nocase: true });
    matchers.set(spec, matcher);
  }
  return matcher(operation);
}

/** A short digest of a credential, for budget keys and logs: the same credential, the same key, and no way back to it. */
export function credentialKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
