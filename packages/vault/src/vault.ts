import {
  CredentialsMissingError,
  NotFoundError,
  noopLogger,
  oauthSpecOf,
  type AnyEcosystem,
  type ReconnectRequiredError,
  type ConnectionSummary,
  type ConnectionVault,
  type ResolvedConfig,
  type TokenProvider,
} from '@enterprise-mcp/core';
import type { OAuthConnection } from '@enterprise-mcp/database';
import { currentKeyOf } from '@enterprise-mcp/tenancy';
import {
  beginAuthorization,
  completeAuthorization,
  importConnection,
  createConnectLink,
  type AuthorizationRedirect,
  type CompletedConnection,
  type ImportedConnection,
  type ConnectLink,
  type ConnectLinkRequest,
} from './connect.js';
import {
  connectUrl,
  notConnected,
  reconnectRequired,
  DEFAULT_REFRESH_MARGIN_SECONDS,
  DEFAULT_TOKEN_TIMEOUT_MS,
  missingLevelGuidance,
  reconnectUrl,
  type VaultContext,
  type VaultOptions,
} from './context.js';
import { RefreshJournal } from './journal.js';
import { runMaintenance, warningsOf, type MaintenanceReport } from './maintenance.js';
import { oauthParty, revokeToken } from './protocol.js';
import { connectionTokenProvider, recoverJournal, type RefreshTarget } from './refresh.js';
import { sealTokens, summaryOf, unsealTokens } from './rows.js';

/** A connection as `connections list` shows it: the summary, its expiries and state, and warnings for people (no tokens). */
export interface ConnectionDetails extends ConnectionSummary {
  tenantId: string;
  authMode: string;
  environment: string;
  accessExpiresAt?: Date;
  refreshExpiresAt?: Date;
  refreshHardExpiresAt?: Date;
  lastRefreshAt?: Date;
  lastError?: string;
  keyId?: string;
  createdAt: Date;
  updatedAt: Date;
  warnings: string[];
}

export interface DisconnectResult {
  connection: ConnectionSummary;
  /** The provider revoked the grant; false when it has no revocation endpoint or could not be reached (`revocationError`). */
  revokedAtProvider: boolean;
  revocationError?: string;
}

export interface Vault extends ConnectionVault {
  /** Links and flows. */
  createConnectLink(request: ConnectLinkRequest): Promise<ConnectLink>;
  beginAuthorization(ticket: string): Promise<AuthorizationRedirect>;
  completeAuthorization(ecosystemId: string, callback: URLSearchParams, browserState: string | undefined): Promise<CompletedConnection>;
  /** Stores a connection authorised elsewhere (a private app's refresh token, demo mode's fake tokens). */
  importConnection(request: ImportedConnection): Promise<CompletedConnection>;
  /** Management. */
  listConnections(filter?: { tenantId?: string; ecosystem?: string }): Promise<ConnectionDetails[]>;
  disconnect(tenantId: string, connectionId: string): Promise<DisconnectResult>;
  /** Re-seals every token and pending verifier not under the keyring's current key; returns how many rows changed. */
  reencrypt(): Promise<number>;
  /** Applies refreshes a crash kept from the database (the journal); returns how many. Run at start-up. */
  recover(): Promise<number>;
  runMaintenance(): Promise<MaintenanceReport>;
  /** Runs the background job every `intervalMs` until `close()`. */
  startMaintenance(intervalMs: number): void;
  connectUrl(ecosystemId: string): string;
  /** Where a reconnect link is asked for; `levels`: the permission levels it asks for. */
  reconnectUrl(ecosystemId: string, connectionId: string, levels?: readonly string[]): string;
  /** What a caller is told when `connection` lacks permission `level`: the level, and a reconnect that asks for it too. */
  missingLevelGuidance(tenantId: string, ecosystem: AnyEcosystem, resolved: ResolvedConfig, connection: ConnectionSummary, level: string): string;
  /** The error of a tenant with no connection: where to connect one. */
  notConnected(ecosystem: AnyEcosystem): CredentialsMissingError;
  /** The error of a connection that cannot be used: why, and where to reconnect it. */
  reconnectRequired(tenantId: string, ecosystem: AnyEcosystem, connectionId: string): Promise<ReconnectRequiredError | CredentialsMissingError>;
  /** Whether an ecosystem's resolved mode gets its tokens from the vault. */
  isOAuth(ecosystem: AnyEcosystem, resolved: Pick<ResolvedConfig, 'mode'>): boolean;
  close(): Promise<void>;
}

export function createVault(options: VaultOptions): Vault {
  const ctx = contextOf(options);
  const providers = new Map<string, { provider: TokenProvider & { forget(): void }; target: RefreshTarget }>();
  const providerKey = (tenantId: string, ecosystemId: string, connectionId: string) => `${tenantId}\u0000${ecosystemId}\u0000${connectionId}`;
  /** A connection (re)connected in this process: its provider drops the old grant's token. */
  const renewed = (done: CompletedConnection): CompletedConnection => {
    providers.get(providerKey(done.tenantId, done.connection.ecosystem, done.connection.id))?.provider.forget();
    return done;
  };
  let maintenance: { timer: NodeJS.Timeout; running?: Promise<unknown> } | undefined;

  const vault: Vault = {
    async list(tenantId, ecosystemId) {
      const rows = await ctx.prisma.oAuthConnection.findMany({
        where: { tenantId, ecosystem: ecosystemId, status: { not: 'revoked' } },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map(summaryOf);
    },

    tokenProvider(tenantId, ecosystem, resolved, connectionId) {
      // One provider per connection in this process, so every client of it shares one refresh.
      const key = providerKey(tenantId, ecosystem.id, connectionId);
      const known = providers.get(key);
      if (known) {
        known.target.resolved = resolved;
        return known.provider;
      }
      const target: RefreshTarget = { tenantId, ecosystem, resolved, connectionId };
      const provider = connectionTokenProvider(ctx, () => target);
      providers.set(key, { provider, target });
      return provider;
    },

    createConnectLink: (request) => createConnectLink(ctx, request),
    beginAuthorization: (ticket) => beginAuthorization(ctx, ticket),
    completeAuthorization: async (ecosystemId, callback, browserState) => renewed(await completeAuthorization(ctx, ecosystemId, callback, browserState)),
    importConnection: async (request) => renewed(await importConnection(ctx, request)),

    async listConnections(filter = {}) {
      const rows = await ctx.prisma.oAuthConnection.findMany({
        where: { ...(filter.tenantId ? { tenantId: filter.tenantId } : {}), ...(filter.ecosystem ? { ecosystem: filter.ecosystem } : {}) },
        orderBy: [{ tenantId: 'asc' }, { ecosystem: 'asc' }, { createdAt: 'asc' }],
      });
      return rows.map((row) => detailsOf(ctx, row));
    },

    disconnect: (tenantId, connectionId) => disconnect(ctx, tenantId, connectionId),
    reencrypt: () => reencrypt(ctx),
    recover: () => recoverJournal(ctx),
    runMaintenance: () => runMaintenance(ctx),

    startMaintenance(intervalMs) {
      if (maintenance || intervalMs <= 0) return;
      const run = () => {
        if (maintenance?.running) return;
        const running = runMaintenance(ctx)
          .catch((error: unknown) => ctx.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'oauth: maintenance run failed'))
          .finally(() => maintenance && (maintenance.running = undefined));
        if (maintenance) maintenance.running = running;
      };
      maintenance = { timer: setInterval(run, intervalMs) };
      maintenance.timer.unref();
    },

    connectUrl: (ecosystemId) => connectUrl(ctx, ecosystemId),
    reconnectUrl: (ecosystemId, connectionId, levels) => reconnectUrl(ctx, ecosystemId, connectionId, levels),
    missingLevelGuidance: (tenantId, ecosystem, resolved, connection, level) =>
      missingLevelGuidance(ctx, ecosystem, resolved, { ...connection, tenantId }, level),
    notConnected: (ecosystem) => notConnected(ctx, ecosystem),
    async reconnectRequired(tenantId, ecosystem, connectionId) {
      const row = await ctx.prisma.oAuthConnection.findFirst({ where: { id: connectionId, tenantId, ecosystem: ecosystem.id } });
      return row && row.status !== 'active' ? reconnectRequired(ctx, row) : notConnected(ctx, ecosystem);
    },
    isOAuth: (ecosystem, resolved) => oauthSpecOf(ecosystem, resolved) !== undefined,

    async close() {
      if (!maintenance) return;
      clearInterval(maintenance.timer);
      await maintenance.running;
      maintenance = undefined;
    },
  };
  return vault;
}

function contextOf(options: VaultOptions): VaultContext {
  const byId = new Map(options.ecosystems.map((ecosystem) => [ecosystem.id, ecosystem]));
  const ctx: VaultContext = {
    options,
    prisma: options.prisma,
    keys: options.keys,
    logger: options.logger ?? noopLogger,
    now: options.now ?? Date.now,
    journal: options.journalDir ? new RefreshJournal(options.journalDir) : undefined,
    tokenTimeoutMs: options.tokenTimeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS,
    refreshMarginMs: (options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS) * 1000,
    ecosystem(id) {
      const ecosystem = byId.get(id);
      if (!ecosystem) throw new NotFoundError(`No ecosystem "${id}" is served here`, { hint: `use one of: ${[...byId.keys()].join(', ')}` });
      return ecosystem;
    },
    async configOf(tenantId, ecosystem) {
      const resolved = await options.resolveConfig(tenantId, ecosystem);
      if (!resolved || !oauthSpecOf(ecosystem, resolved)) {
        throw new CredentialsMissingError(`${ecosystem.displayName} is not configured for OAuth connections`, {
          platform: ecosystem.displayName,
          hint: `set ${ecosystem.envPrefix}_CLIENT_ID and ${ecosystem.envPrefix}_CLIENT_SECRET (the OAuth app) and the auth mode that uses them`,
        });
      }
      return resolved;
    },
  };
  return ctx;
}

/**
 * Revokes the grant at the provider when it has a revocation endpoint (the
 * refresh token, which takes the grant's access tokens with it), then marks
 * the connection revoked and erases its tokens. A provider that cannot be
 * reached does not keep the tokens here: they are erased all the same.
 */
async function disconnect(ctx: VaultContext, tenantId: string, connectionId: string): Promise<DisconnectResult> {
  const row = await ctx.prisma.oAuthConnection.findFirst({ where: { id: connectionId, tenantId } });
  if (!row) throw new NotFoundError(`This tenant has no connection "${connectionId}"`, { hint: 'list them with `enterprise-mcp connections list`' });
  let revokedAtProvider = false;
  let revocationError: string | undefined;
  const tokens = unsealTokens(row, ctx.keys);
  if (tokens) {
    try {
      const ecosystem = ctx.ecosystem(row.ecosystem);
      const party = oauthParty(ecosystem, await ctx.configOf(tenantId, ecosystem));
      revokedAtProvider = await revokeToken(party, tokens.refreshToken ?? tokens.accessToken, { timeoutMs: ctx.tokenTimeoutMs, now: ctx.now });
    } catch (error) {
      revocationError = error instanceof Error ? error.message : String(error);
      ctx.logger.warn({ connectionId, ecosystem: row.ecosystem, error: revocationError }, 'oauth: revocation at the provider failed; erasing the tokens here anyway');
    }
  }
  const updated = await ctx.prisma.oAuthConnection.update({
    where: { id: row.id },
    data: { status: 'revoked', tokensCiphertext: null, tokensIv: null, tokensAuthTag: null, keyId: null, accessExpiresAt: null, lastError: null },
  });
  ctx.logger.info({ connectionId, tenantId, ecosystem: row.ecosystem, revokedAtProvider }, 'oauth: connection disconnected');
  return { connection: summaryOf(updated), revokedAtProvider, ...(revocationError ? { revocationError } : {}) };
}

/** Each stale row is re-sealed under its row lock, so a refresh on another replica cannot interleave. */
async function reencrypt(ctx: VaultContext): Promise<number> {
  const current = currentKeyOf(ctx.keys, 're-encrypting OAuth tokens');
  const stale = await ctx.prisma.oAuthConnection.findMany({ where: staleKey(current.id), select: { id: true } });
  let changed = 0;
  for (const { id } of stale) {
    changed += await ctx.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM oauth_connections WHERE id = ${id} FOR UPDATE`;
      const row = await tx.oAuthConnection.findUnique({ where: { id } });
      const tokens = row && row.keyId !== current.id ? unsealTokens(row, ctx.keys) : undefined;
      if (!row || !tokens) return 0;
      const sealed = sealTokens(row, tokens, current);
      await tx.oAuthConnection.update({
        where: { id },
        data: { tokensCiphertext: sealed.ciphertext, tokensIv: sealed.iv, tokensAuthTag: sealed.authTag, keyId: sealed.keyId },
      });
      return 1;
    });
  }
  // Flows in progress live 10 minutes: those under an old key are dropped rather than re-sealed.
  await ctx.prisma.oAuthAuthorization.deleteMany({ where: staleKey(current.id) });
  return changed;
}

/** Rows sealed under a key other than the current one (rows with nothing sealed are not stale). */
function staleKey(currentId: string) {
  return { AND: [{ keyId: { not: null } }, { keyId: { not: currentId } }] };
}

function detailsOf(ctx: VaultContext, row: OAuthConnection): ConnectionDetails {
  const optional = <K extends string, V>(name: K, value: V | null) => (value === null ? {} : ({ [name]: value } as Record<K, V>));
  return {
    ...summaryOf(row),
    tenantId: row.tenantId,
    authMode: row.authMode,
    environment: row.environment,
    ...optional('accessExpiresAt', row.accessExpiresAt),
    ...optional('refreshExpiresAt', row.refreshExpiresAt),
    ...optional('refreshHardExpiresAt', row.refreshHardExpiresAt),
    ...optional('lastRefreshAt', row.lastRefreshAt),
    ...optional('lastError', row.lastError),
    ...optional('keyId', row.keyId),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    warnings: warningsOf(ctx, row),
  };
}
