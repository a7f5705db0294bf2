import { createHash } from 'node:crypto';
import { childLogger, CredentialsMissingError, parseEcosystemConfig, type AnyEcosystem, type Logger } from '@enterprise-mcp/core';
import type { CredentialSource } from './data-plane/types.js';
import { callScopedLogger } from './logger.js';
import { createOutboundLimiter } from './rate-limits/outbound.js';
import type { LimiterStore } from './rate-limits/store.js';

export interface ClientProviderOptions {
  credentials: CredentialSource;
  limiterStore: LimiterStore;
  outboundMaxWaitMs: number;
  logger: Logger;
  /** How long a tenant's client (and so its credentials) is reused before being re-read. */
  ttlMs?: number;
  userAgent?: string;
}

interface CachedClient {
  client: Promise<unknown>;
  expiresAt: number;
}

/**
 * Platform clients per tenant and ecosystem, built from that tenant's own
 * credentials and cached. The cache key always includes the tenant id, so a
 * client built from one tenant's credentials is never handed to another.
 */
export class ClientProvider {
  private readonly cache = new Map<string, CachedClient>();
  private readonly ttlMs: number;

  constructor(private readonly options: ClientProviderOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  get(tenantId: string, ecosystem: AnyEcosystem): Promise<unknown> {
    const cacheKey = `${tenantId}\u0000${ecosystem.id}`;
    const now = Date.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > now) return cached.client;
    const client = this.build(tenantId, ecosystem);
    this.cache.set(cacheKey, { client, expiresAt: now + this.ttlMs });
    // A failed build (no credentials yet) must not be cached for the whole TTL.
    client.catch(() => this.cache.delete(cacheKey));
    return client;
  }

  /** Forgets a tenant's clients, e.g. after its credentials change. */
  invalidate(tenantId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${tenantId}\u0000`)) this.cache.delete(key);
  }

  private async build(tenantId: string, ecosystem: AnyEcosystem): Promise<unknown> {
    const raw = await this.options.credentials.configFor(tenantId, ecosystem.id);
    if (!raw) {
      throw new CredentialsMissingError(`${ecosystem.displayName} has no stored credentials for this tenant`, {
        hint: `an operator stores them with \`enterprise-mcp credentials set --tenant <tenant> --ecosystem ${ecosystem.id}\``,
      });
    }
    const config = parseEcosystemConfig(ecosystem, raw);
    const budgetKey = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
    return ecosystem.createClient(config, {
      logger: callScopedLogger(childLogger(this.options.logger, { tenantId, ecosystem: ecosystem.id })),
      tenantId,
      userAgent: this.options.userAgent,
      rateLimiter: createOutboundLimiter(this.options.limiterStore, ecosystem, budgetKey, {
        maxWaitMs: this.options.outboundMaxWaitMs,
      }),
    });
  }
}

/** Single-tenant credentials: every tenant uses the ecosystems' environment variables. */
export function envCredentialSource(envConfigs: Map<string, Record<string, unknown>>): CredentialSource {
  return { configFor: async (_tenantId, ecosystemId) => envConfigs.get(ecosystemId) };
}
