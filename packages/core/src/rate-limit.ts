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
  /** Lets a limiter learn the platform's own view from response headers (GoHighLevel, Amazon send them). */
  observe?(operation: string, headers: Record<string, string | string[] | undefined>): void;
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
  description: string;
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
