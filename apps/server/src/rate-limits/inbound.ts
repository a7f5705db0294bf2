import { z } from 'zod';
import { consume, type LimiterStore } from './store.js';

/** Per-tenant overrides, read from the tenant's settings (`rateLimits`). */
export const tenantRateLimitsSchema = z
  .object({
    requestsPerMinute: z.number().int().positive().optional(),
    toolCallsPerMinute: z.number().int().positive().optional(),
    tools: z.record(z.string(), z.number().int().positive()).optional(),
  })
  .partial();

export type TenantRateLimits = z.output<typeof tenantRateLimitsSchema>;

export interface InboundDefaults {
  requestsPerMinute: number;
  toolCallsPerMinute: number;
}

/** Seconds to wait before retrying; 0 means allowed. */
export type RetryAfterSeconds = number;

/**
 * Inbound limits: whole HTTP requests per API key, and tool calls per tenant
 * and tool. Limits come from the server defaults, overridden per tenant.
 */
export class InboundRateLimits {
  constructor(
    private readonly store: LimiterStore,
    private readonly defaults: InboundDefaults,
  ) {}

  async checkRequest(keyId: string, limits: TenantRateLimits | undefined): Promise<RetryAfterSeconds> {
    const points = limits?.requestsPerMinute ?? this.defaults.requestsPerMinute;
    return seconds(await consume(this.store.limiter('in:req', points, 60), keyId));
  }

  async checkToolCall(tenantId: string, tool: string, limits: TenantRateLimits | undefined): Promise<RetryAfterSeconds> {
    const points = limits?.tools?.[tool] ?? limits?.toolCallsPerMinute ?? this.defaults.toolCallsPerMinute;
    return seconds(await consume(this.store.limiter('in:tool', points, 60), `${tenantId}:${tool}`));
  }
}

/** Reads `rateLimits` out of a tenant's settings object; anything malformed means defaults. */
export function tenantRateLimitsOf(settings: unknown): TenantRateLimits | undefined {
  if (!settings || typeof settings !== 'object') return undefined;
  const parsed = tenantRateLimitsSchema.safeParse((settings as { rateLimits?: unknown }).rateLimits);
  return parsed.success ? parsed.data : undefined;
}

function seconds(ms: number): number {
  return ms === 0 ? 0 : Math.max(1, Math.ceil(ms / 1000));
}
