import { createHash } from 'node:crypto';
import {
  childLogger,
  createEcosystemClient,
  credentialKeyFor,
  CredentialsMissingError,
  parseEcosystemConfig,
  type AnyEcosystem,
  type Connection,
  type ConnectionVault,
  type Logger,
  type ResolvedConfig,
} from '@enterprise-mcp/core';
import type { EcosystemSettings } from './config.js';
import type { CredentialSource } from './data-plane/types.js';
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
  /** The OAuth connections: an OAuth mode's client gets its token provider from here. */
  vault?: ConnectionVault;
}

export const DEFAULT_CREDENTIALS_TTL_MS = 5_000;

interface CachedConfig {
  config: ResolvedConfig;
  /** SHA-256 of the parsed configuration. */
  fingerprint: string;
  checkedAt: number;
}

/**
 * Platform clients per tenant, ecosystem and (for OAuth modes) connection,
 * built from that tenant's own credentials and cached. The cache key always
 * includes the tenant id, so a client built from one tenant's credentials or
 * connection is never handed to another.
 *
 * Credentials are re-read once they are older than `ttlMs`; an unchanged
 * configuration keeps its clients (and their connections), a changed one gets
 * new clients, and deleted credentials stop the ecosystem for that tenant.
 */
export class ClientProvider {
  private readonly configs = new Map<string, CachedConfig>();
  private readonly reading = new Map<string, Promise<CachedConfig>>();
  private readonly clients = new Map<string, { client: unknown; fingerprint: string }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ClientProviderOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CREDENTIALS_TTL_MS;
    this.now = options.now ?? (() => Date.now());
  }

  /** The tenant's parsed configuration of an ecosystem; CredentialsMissingError when it has none. */
  async config(tenantId: string, ecosystem: AnyEcosystem): Promise<ResolvedConfig> {
    return (await this.current(tenantId, ecosystem)).config;
  }

  /** The tenant's client of an ecosystem; for an OAuth mode, the client of one of its connections. */
  async get(tenantId: string, ecosystem: AnyEcosystem, connection?: Connection): Promise<unknown> {
    const { config, fingerprint } = await this.current(tenantId, ecosystem);
    const key = `${tenantId}\u0000${ecosystem.id}\u0000${connection?.id ?? ''}`;
    const cached = this.clients.get(key);
    if (cached?.fingerprint === fingerprint) return cached.client;
    const client = this.build(tenantId, ecosystem, config, connection);
    this.clients.set(key, { client, fingerprint });
    return client;
  }

  /**
   * A digest of the credentials the tenant's current client was built from
   * (after `get`): answers cached for one credential are never served for another.
   */
  fingerprintOf(tenantId: string, ecosystem: AnyEcosystem): string | undefined {
    return this.configs.get(`${tenantId}\u0000${ecosystem.id}`)?.fingerprint.slice(0, 16);
  }

  /** Forgets a tenant's clients, e.g. after its credentials change in this process. */
  invalidate(tenantId: string): void {
    this.forget(`${tenantId}\u0000`);
    for (const key of this.configs.keys()) if (key.startsWith(`${tenantId}\u0000`)) this.configs.delete(key);
  }

  private current(tenantId: string, ecosystem: AnyEcosystem): Promise<CachedConfig> {
    const key = `${tenantId}\u0000${ecosystem.id}`;
    const cached = this.configs.get(key);
    if (cached && this.now() - cached.checkedAt < this.ttlMs) return Promise.resolve(cached);
    let pending = this.reading.get(key);
    if (!pending) {
      pending = this.read(key, tenantId, ecosystem).finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }

  private async read(key: string, tenantId: string, ecosystem: AnyEcosystem): Promise<CachedConfig> {
    const checkedAt = this.now();
    const raw = await this.options.credentials.configFor(tenantId, ecosystem.id);
    if (!raw) {
      this.forget(`${key}\u0000`);
      this.configs.delete(key);
      throw new CredentialsMissingError(`${ecosystem.displayName} has no stored credentials for this tenant`, {
        hint: `an operator stores them with \`enterprise-mcp credentials set --tenant <tenant> --ecosystem ${ecosystem.id}\``,
      });
    }
    const config = parseEcosystemConfig(ecosystem, raw);
    const fingerprint = createHash('sha256').update(JSON.stringify(config)).digest('hex');
    const fresh = { config, fingerprint, checkedAt };
    this.configs.set(key, fresh);
    return fresh;
  }

  private build(tenantId: string, ecosystem: AnyEcosystem, config: ResolvedConfig, connection: Connection | undefined): unknown {
    const token = connection && this.options.vault ? this.options.vault.tokenProvider(tenantId, ecosystem, config, connection.id) : undefined;
    return createEcosystemClient(ecosystem, config, {
      logger: childLogger(this.options.logger, { tenantId, ecosystem: ecosystem.id, ...(connection ? { connectionId: connection.id } : {}) }),
      tenantId,
      userAgent: this.options.userAgent,
      ...(token ? { token, connection } : {}),
      rateLimiter: createOutboundLimiter(
        this.options.limiterStore,
        ecosystem,
        // A connection is its own credential: its budget is shared by every tenant and replica that uses it.
        { ecosystemId: ecosystem.id, credential: credentialKeyFor(ecosystem, config, connection), tenantId },
        { maxWaitMs: this.options.outboundMaxWaitMs },
      ),
    });
  }

  private forget(prefix: string): void {
    for (const key of this.clients.keys()) if (key.startsWith(prefix)) this.clients.delete(key);
  }
}

/** Single-tenant credentials: every tenant uses the ecosystems' environment variables (as `loadConfig` read them). */
export function envCredentialSource(ecosystems: Array<Pick<EcosystemSettings, 'ecosystem' | 'envConfig'>>): CredentialSource {
  const configs = new Map(ecosystems.filter((settings) => settings.envConfig).map((settings) => [settings.ecosystem.id, settings.envConfig!]));
  return { configFor: async (_tenantId, ecosystemId) => configs.get(ecosystemId) };
}
