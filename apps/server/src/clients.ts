import { createHash } from 'node:crypto';
import {
  childLogger,
  createEcosystemClient,
  credentialKeyFor,
  CredentialsMissingError,
  parseEcosystemConfig,
  type AnyEcosystem,
  type Logger,
} from '@enterprise-mcp/core';
import type { EcosystemSettings } from './config.js';
import type { CredentialSource } from './data-plane/types.js';
import { callScopedLogger } from './logger.js';
import { createOutboundLimiter } from './rate-limits/outbound.js';
import type { LimiterStore } from './rate-limits/store.js';

export interface ClientProviderOptions {
  credentials: CredentialSource;
  limiterStore: LimiterStore;
  outboundMaxWaitMs: number;
  logger: Logger;
  /**
   * How long a tenant's stored credentials are trusted before they are read
   * again (default 5000, the API-key cache's `API_KEY_CACHE_TTL_MS`): a
   * credential set, changed or deleted with the CLI takes effect within this
   * on every replica. The client itself is rebuilt only when what was read differs.
   */
  ttlMs?: number;
  userAgent?: string;
  now?: () => number;
}

export const DEFAULT_CREDENTIALS_TTL_MS = 5_000;

interface CachedClient {
  client: unknown;
  /** SHA-256 of the parsed configuration the client was built from. */
  fingerprint: string;
  checkedAt: number;
}

/**
 * Platform clients per tenant and ecosystem, built from that tenant's own
 * credentials and cached. The cache key always includes the tenant id, so a
 * client built from one tenant's credentials is never handed to another.
 *
 * Credentials are re-read once they are older than `ttlMs`; an unchanged
 * configuration keeps its client (and its connections), a changed one gets a
 * new client, and deleted credentials stop the ecosystem for that tenant.
 */
export class ClientProvider {
  private readonly cache = new Map<string, CachedClient>();
  private readonly refreshing = new Map<string, Promise<unknown>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ClientProviderOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CREDENTIALS_TTL_MS;
    this.now = options.now ?? (() => Date.now());
  }

  get(tenantId: string, ecosystem: AnyEcosystem): Promise<unknown> {
    const cacheKey = `${tenantId}\u0000${ecosystem.id}`;
    const cached = this.cache.get(cacheKey);
    if (cached && this.now() - cached.checkedAt < this.ttlMs) return Promise.resolve(cached.client);
    let pending = this.refreshing.get(cacheKey);
    if (!pending) {
      pending = this.refresh(cacheKey, tenantId, ecosystem).finally(() => this.refreshing.delete(cacheKey));
      this.refreshing.set(cacheKey, pending);
    }
    return pending;
  }

  /**
   * A digest of the credentials the tenant's current client was built from
   * (after `get`): answers cached for one credential are never served for another.
   */
  fingerprintOf(tenantId: string, ecosystem: AnyEcosystem): string | undefined {
    return this.cache.get(`${tenantId}\u0000${ecosystem.id}`)?.fingerprint.slice(0, 16);
  }

  /** Forgets a tenant's clients, e.g. after its credentials change in this process. */
  invalidate(tenantId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${tenantId}\u0000`)) this.cache.delete(key);
  }

  private async refresh(cacheKey: string, tenantId: string, ecosystem: AnyEcosystem): Promise<unknown> {
    const checkedAt = this.now();
    const raw = await this.options.credentials.configFor(tenantId, ecosystem.id);
    if (!raw) {
      this.cache.delete(cacheKey);
      throw new CredentialsMissingError(`${ecosystem.displayName} has no stored credentials for this tenant`, {
        hint: `an operator stores them with \`enterprise-mcp credentials set --tenant <tenant> --ecosystem ${ecosystem.id}\``,
      });
    }
    const config = parseEcosystemConfig(ecosystem, raw);
    const fingerprint = createHash('sha256').update(JSON.stringify(config)).digest('hex');
    const cached = this.cache.get(cacheKey);
    if (cached?.fingerprint === fingerprint) {
      cached.checkedAt = checkedAt;
      return cached.client;
    }
    const client = createEcosystemClient(ecosystem, config, {
      logger: callScopedLogger(childLogger(this.options.logger, { tenantId, ecosystem: ecosystem.id })),
      tenantId,
      userAgent: this.options.userAgent,
      rateLimiter: createOutboundLimiter(
        this.options.limiterStore,
        ecosystem,
        { ecosystemId: ecosystem.id, credential: credentialKeyFor(ecosystem, config), tenantId },
        { maxWaitMs: this.options.outboundMaxWaitMs },
      ),
    });
    this.cache.set(cacheKey, { client, fingerprint, checkedAt });
    return client;
  }
}

/** Single-tenant credentials: every tenant uses the ecosystems' environment variables (as `loadConfig` read them). */
export function envCredentialSource(ecosystems: Array<Pick<EcosystemSettings, 'ecosystem' | 'envConfig'>>): CredentialSource {
  const configs = new Map(ecosystems.filter((settings) => settings.envConfig).map((settings) => [settings.ecosystem.id, settings.envConfig!]));
  return { configFor: async (_tenantId, ecosystemId) => configs.get(ecosystemId) };
}
