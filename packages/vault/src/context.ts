import {
  CredentialsMissingError,
  oauthAllowedLevels,
  ReconnectRequiredError,
  type AnyEcosystem,
  type AuthModes,
  type ConnectionSummary,
  type AuditSink,
  type Logger,
  type ResolvedConfig,
} from '@enterprise-mcp/core';
import type { OAuthConnection, PrismaClient } from '@enterprise-mcp/database';
import type { CredentialKeys } from '@enterprise-mcp/tenancy';
import type { RefreshJournal } from './journal.js';

export interface VaultOptions {
  prisma: PrismaClient;
  /** The keyring from CREDENTIALS_ENCRYPTION_KEY (current first) and CREDENTIALS_ENCRYPTION_KEY_PREVIOUS. */
  keys: CredentialKeys;
  /** The ecosystems whose connections the vault keeps (by id). */
  ecosystems: AnyEcosystem[];
  /** A tenant's configuration of an ecosystem (the OAuth app's client id and secret, endpoints); undefined when it has none. */
  resolveConfig(tenantId: string, ecosystem: AnyEcosystem): Promise<ResolvedConfig | undefined>;
  /** Where people reach the server (PUBLIC_URL, else the listen address): redirect, connect and reconnect URLs start here. */
  publicUrl(): string;
  /** Refresh this long before the access token expires (OAUTH_REFRESH_MARGIN_SECONDS, default 300). */
  refreshMarginSeconds?: number;
  /** The folder of the refresh journal (OAUTH_JOURNAL_DIR, default the data folder); none: no crash journal. */
  journalDir?: string;
  /** Longest wait for the provider's token endpoint (default 15 s). */
  tokenTimeoutMs?: number;
  /** The background job refreshes a connection whose unused refresh token dies within this many days (default 30). */
  rollingRefreshDays?: number;
  /** The background job warns this many days before a refresh token's hard cap (default 30). */
  hardExpiryWarningDays?: number;
  logger?: Logger;
  /** Where the background job's warnings are recorded besides the log. */
  audit?: AuditSink;
  /** Extra client dependencies for `describeConnection` (user agent, logger). */
  userAgent?: string;
  now?: () => number;
  /**
   * Test seam: runs after a refresh's answer is journaled and before the
   * database commit, so a test can end the process exactly there.
   */
  afterJournal?: () => void | Promise<void>;
}

export const DEFAULT_REFRESH_MARGIN_SECONDS = 300;
export const DEFAULT_TOKEN_TIMEOUT_MS = 15_000;
export const DEFAULT_ROLLING_REFRESH_DAYS = 30;
export const DEFAULT_HARD_EXPIRY_WARNING_DAYS = 30;
/** A connect link, and then the provider's authorization request, each live this long. */
export const AUTHORIZATION_TTL_MS = 10 * 60_000;
export const DAY_MS = 86_400_000;

/** What the vault's parts share. */
export interface VaultContext {
  options: VaultOptions;
  prisma: PrismaClient;
  keys: CredentialKeys;
  logger: Logger;
  now: () => number;
  journal?: RefreshJournal;
  tokenTimeoutMs: number;
  refreshMarginMs: number;
  ecosystem(id: string): AnyEcosystem;
  /** The tenant's configuration of an OAuth ecosystem, or a CredentialsMissingError naming what to set. */
  configOf(tenantId: string, ecosystem: AnyEcosystem): Promise<ResolvedConfig>;
}

/** `${PUBLIC_URL}/connect/<eco>?connection=<id>[&levels=a,b]`: where an authenticated caller gets a link that reconnects. */
export function reconnectUrl(ctx: Pick<VaultContext, 'options'>, ecosystemId: string, connectionId: string, levels?: readonly string[]): string {
  const asked = levels?.length ? `&levels=${levels.map(encodeURIComponent).join(',')}` : '';
  return `${base(ctx)}/connect/${encodeURIComponent(ecosystemId)}?connection=${encodeURIComponent(connectionId)}${asked}`;
}

/**
 * What a caller is told when a connection lacks a permission level a call
 * needs: which level, what it holds, and how a person reconnects it asking
 * for the level too (incremental: the levels it holds are asked again). A
 * level the deployment does not allow needs an operator first.
 */
export function missingLevelGuidance(
  ctx: Pick<VaultContext, 'options'>,
  ecosystem: AnyEcosystem,
  resolved: ResolvedConfig,
  connection: Pick<ConnectionSummary, 'id' | 'displayName' | 'levels'> & { tenantId: string },
  level: string,
): string {
  const allowed = oauthAllowedLevels(ecosystem, resolved);
  const name = connection.displayName ? `"${connection.displayName}" (${connection.id})` : connection.id;
  const holds = connection.levels?.length ? connection.levels.join(', ') : 'none';
  const lacks = `${ecosystem.displayName} connection ${name} does not hold the "${level}" permission level (it holds: ${holds})`;
  if (!allowed.includes(level)) {
    // The mode's `levels` field is where an operator allows levels (GOOGLE_PERMISSION_LEVELS).
    const setting = ((ecosystem.authModes as AuthModes)[resolved.mode]?.env as Record<string, string> | undefined)?.['levels'];
    return `${lacks}, and this deployment does not allow it (allowed: ${allowed.join(', ')}): an operator must add it${setting ? ` to ${setting}` : ''} first`;
  }
  const levels = Object.keys(ecosystem.permissionLevels ?? {}).filter((candidate) => candidate === level || connection.levels?.includes(candidate));
  const url = reconnectUrl(ctx, ecosystem.id, connection.id, levels);
  return (
    `${lacks}. A person reconnects it asking for "${level}" too: GET ${url} with an API key of this tenant answers with a one-time link to open in a browser, ` +
    `or run \`enterprise-mcp connect ${ecosystem.id} --tenant ${connection.tenantId} --connection ${connection.id} --levels ${levels.join(',')}\`; ` +
    `every permission must stay ticked on ${ecosystem.displayName}'s consent screen`
  );
}

export function connectUrl(ctx: Pick<VaultContext, 'options'>, ecosystemId: string): string {
  return `${base(ctx)}/connect/${encodeURIComponent(ecosystemId)}`;
}

export function redirectUriFor(ctx: Pick<VaultContext, 'options'>, ecosystemId: string): string {
  return `${base(ctx)}/oauth/callback/${encodeURIComponent(ecosystemId)}`;
}

export function base(ctx: Pick<VaultContext, 'options'>): string {
  return ctx.options.publicUrl().replace(/\/+$/, '');
}

/** The tool error of a connection that can no longer be refreshed: what happened and where to reconnect it. */
export function reconnectRequired(ctx: VaultContext, row: OAuthConnection): ReconnectRequiredError {
  const ecosystem = ctx.ecosystem(row.ecosystem);
  const url = reconnectUrl(ctx, row.ecosystem, row.id);
  const name = row.displayName ? `"${row.displayName}" (${row.id})` : row.id;
  const why = row.status === 'revoked' ? 'was disconnected' : `needs to be reconnected${row.lastError ? ` (${row.lastError})` : ''}`;
  return new ReconnectRequiredError(`${ecosystem.displayName} connection ${name} ${why}`, {
    platform: ecosystem.displayName,
    connectionId: row.id,
    reconnectUrl: url,
    hint:
      `a person must reconnect it: GET ${url} with an API key of this tenant answers with a one-time link to open in a browser, ` +
      `or run \`enterprise-mcp connect ${row.ecosystem} --tenant ${row.tenantId} --connection ${row.id}\``,
  });
}

export function notConnected(ctx: VaultContext, ecosystem: AnyEcosystem): CredentialsMissingError {
  return new CredentialsMissingError(`${ecosystem.displayName} has no connected account for this tenant`, {
    platform: ecosystem.displayName,
    hint:
      `a person connects one: GET ${connectUrl(ctx, ecosystem.id)} with an API key of this tenant answers with a one-time link to open in a browser, ` +
      `or run \`enterprise-mcp connect ${ecosystem.id}\``,
  });
}
