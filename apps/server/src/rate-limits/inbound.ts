import { toolMatcher } from '@enterprise-mcp/core';
import type { TenantSettings } from '@enterprise-mcp/tenancy';
import { consume, type LimiterStore } from './store.js';

/** Per-tenant overrides: `rateLimits` of the tenant's settings, validated by tenancy when the tenant is read. */
export type TenantRateLimits = NonNullable<TenantSettings['rateLimits']>;

export interface InboundDefaults {
  /** JSON-RPC messages per minute for the whole tenant (every key of it together). */
  requestsPerMinute: number;
  /** JSON-RPC messages per minute for one API key; undefined: only the tenant's budget applies. */
  keyRequestsPerMinute?: number;
  toolCallsPerMinute: number;
}

/** Seconds to wait before retrying; 0 means allowed. */
export type RetryAfterSeconds = number;

/** A request refused for budget: which budget ran out, and when to retry. */
export interface RequestRefusal {
  budget: 'tenant' | 'key';
  retryAfter: RetryAfterSeconds;
}

/**
 * Inbound limits: JSON-RPC messages per tenant (and optionally per API key),
 * and tool calls per tenant and tool. Limits come from the server defaults, overridden per tenant.
 */
export class InboundRateLimits {
  constructor(
    private readonly store: LimiterStore,
    private readonly defaults: InboundDefaults,
  ) {}

  private readonly matchers = new Map<string, (name: string) => boolean>();

  /** Whole MCP requests per tenant: every key of the tenant draws from one budget. */
  async checkRequest(tenantId: string, limits: TenantRateLimits | undefined): Promise<RetryAfterSeconds> {
    const points = limits?.requestsPerMinute ?? this.defaults.requestsPerMinute;
    return seconds(await consume(this.store.limiter('in:req', points, 60), tenantId));
  }

  /**
   * Admits a request of `messages` JSON-RPC messages: each message of a batch
   * costs one point, from the key's budget and from its tenant's. Undefined
   * when admitted.
   */
  async admitRequest(tenantId: string, keyId: string | null, messages: number, limits: TenantRateLimits | undefined): Promise<RequestRefusal | undefined> {
    const points = Math.max(1, messages);
    const perKey = this.defaults.keyRequestsPerMinute;
    if (perKey !== undefined && keyId !== null) {
      const wait = seconds(await consume(this.store.limiter('in:key', perKey, 60), keyId, points));
      if (wait > 0) return { budget: 'key', retryAfter: wait };
    }
    const perTenant = limits?.requestsPerMinute ?? this.defaults.requestsPerMinute;
    const wait = seconds(await consume(this.store.limiter('in:req', perTenant, 60), tenantId, points));
    return wait > 0 ? { budget: 'tenant', retryAfter: wait } : undefined;
  }

  /**
   * Whether `calls` more audit rows for calls refused with a whole request may
   * be written this minute. The allowance equals the tenant's request budget,
   * so a flood of refused requests writes at most that many rows a minute.
   */
  async mayAuditRefusals(tenantId: string, calls: number, limits: TenantRateLimits | undefined): Promise<boolean> {
    const perTenant = limits?.requestsPerMinute ?? this.defaults.requestsPerMinute;
    return (await consume(this.store.limiter('in:refused', perTenant, 60), tenantId, calls)) === 0;
  }

  /** Calls per tenant and tool; a per-tool setting (name or glob) wins over the tenant's general one. */
  async checkToolCall(tenantId: string, tool: string, limits: TenantRateLimits | undefined): Promise<RetryAfterSeconds> {
    const points = this.perToolLimit(tool, limits) ?? limits?.toolCallsPerMinute ?? this.defaults.toolCallsPerMinute;
    return seconds(await consume(this.store.limiter('in:tool', points, 60), `${tenantId}:${tool}`));
  }

  private perToolLimit(tool: string, limits: TenantRateLimits | undefined): number | undefined {
    if (!limits?.perTool) return undefined;
    for (const [pattern, points] of Object.entries(limits.perTool)) {
      let matches = this.matchers.get(pattern);
      if (!matches) this.matchers.set(pattern, (matches = toolMatcher([pattern])));
      if (matches(tool)) return points;
    }
    return undefined;
  }
}

function seconds(ms: number): number {
  return ms === 0 ? 0 : Math.max(1, Math.ceil(ms / 1000));
}
