/**
 * The refresh protocol. One refresh at a time per connection: in a process,
 * callers share one promise (core's `refreshingToken`); across replicas, the
 * refresh runs in a transaction that holds the connection's row lock
 * (`SELECT … FOR UPDATE`, PGlite too). Under the lock the row is read again:
 * when another replica refreshed meanwhile, its token is used and the
 * provider is not called. The provider's answer is journaled (sealed,
 * fsync'd) before the commit, and the new access token is handed out only
 * after the commit, so a rotated refresh token is stored before anything uses
 * what it bought.
 */
import { callLogger, refreshingToken, reportTelemetry, type AccessToken, type AnyEcosystem, type ResolvedConfig, type TokenProvider } from '@enterprise-mcp/core';
import type { OAuthConnection, Prisma } from '@enterprise-mcp/database';
import { notConnected, reconnectRequired, type VaultContext } from './context.js';
import type { JournaledEntry } from './journal.js';
import { boundedText, InvalidGrantError, oauthParty, refreshTokens } from './protocol.js';
import { tokenColumns, tokenDigest, unsealTokens, type StoredTokens } from './rows.js';

type Tx = Prisma.TransactionClient;

export interface RefreshTarget {
  tenantId: string;
  ecosystem: AnyEcosystem;
  resolved: ResolvedConfig;
  connectionId: string;
}

/** Why a token is being fetched: the platform rejected one, or the row must be refreshed whatever its access token says. */
export interface RefreshReason {
  rejected?: string;
  /** Refresh under the lock when this holds for the row as read there (the background job's rolling-expiry refresh). */
  force?: (row: OAuthConnection) => boolean;
  /** The signal of the tool call that asked: the refresh's log lines go to that call's logger, with its request id. */
  signal?: AbortSignal;
}

type Outcome =
  | { kind: 'token'; token: AccessToken; journaled: string[] }
  | { kind: 'missing' }
  | { kind: 'inactive'; row: OAuthConnection }
  | { kind: 'failed'; error: unknown };

/** How long a refresh transaction may run: the wait for the lock, then the provider's answer. */
const LOCK_WAIT_MS = 30_000;

/**
 * The access token of a connection: the one in memory while fresh, else the
 * row's (another replica may have refreshed it), else a refresh under the lock.
 */
export function connectionTokenProvider(ctx: VaultContext, target: () => RefreshTarget): TokenProvider & { forget(): void } {
  let rejected: string | undefined;
  let handedOut: string | undefined;
  const provider = refreshingToken((request) => obtainToken(ctx, target(), { rejected, signal: request.signal }), { refreshMarginMs: ctx.refreshMarginMs, now: ctx.now });
  return {
    getToken: async (request) => (handedOut = await provider.getToken(request)),
    invalidate(token) {
      rejected = token;
      return provider.invalidate(token);
    },
    // After a reconnect the row holds another grant (other scopes): the next call reads it instead of the token in memory.
    forget() {
      if (handedOut) provider.invalidate(handedOut);
    },
  };
}

/** The row's token when it is still good (no lock needed to read), else a refresh under the lock. */
export async function obtainToken(ctx: VaultContext, target: RefreshTarget, reason: RefreshReason = {}): Promise<AccessToken> {
  const row = await ctx.prisma.oAuthConnection.findFirst({ where: rowOf(target) });
  if (!row) throw notConnected(ctx, target.ecosystem);
  if (row.status !== 'active') throw reconnectRequired(ctx, row);
  const tokens = unsealTokens(row, ctx.keys);
  if (tokens && !reason.force && usable(ctx, row, tokens, reason)) return tokenOf(tokens, row);
  return refreshUnderLock(ctx, target, reason);
}

export async function refreshUnderLock(ctx: VaultContext, target: RefreshTarget, reason: RefreshReason): Promise<AccessToken> {
  const outcome = await ctx.prisma.$transaction((tx) => refreshInTransaction(ctx, tx, target, reason), {
    maxWait: 10_000,
    timeout: LOCK_WAIT_MS + ctx.tokenTimeoutMs,
  });
  if (outcome.kind === 'missing') throw notConnected(ctx, target.ecosystem);
  if (outcome.kind === 'inactive') throw reconnectRequired(ctx, outcome.row);
  if (outcome.kind === 'failed') throw outcome.error;
  // Committed: the journal's copies are no longer needed.
  for (const path of outcome.journaled) await ctx.journal?.remove(path);
  return outcome.token;
}

async function refreshInTransaction(ctx: VaultContext, tx: Tx, target: RefreshTarget, reason: RefreshReason): Promise<Outcome> {
  const locked = await lockedRow(tx, target);
  if (!locked) return { kind: 'missing' };
  const recovered = await applyJournal(ctx, tx, locked);
  const row = recovered?.row ?? locked;
  if (row.status !== 'active') return { kind: 'inactive', row };
  const tokens = unsealTokens(row, ctx.keys);
  if (!tokens) return { kind: 'inactive', row };
  const forced = reason.force?.(row) ?? false;
  if (!forced && usable(ctx, row, tokens, reason)) return { kind: 'token', token: tokenOf(tokens, row), journaled: recovered?.applied ?? [] };
  if (!tokens.refreshToken) return { kind: 'inactive', row: await markNeedsReconnect(tx, row, 'the platform issued no refresh token') };
  return refreshAtProvider(ctx, tx, target, row, tokens as StoredTokens & { refreshToken: string }, recovered?.applied ?? [], reason);
}

async function refreshAtProvider(
  ctx: VaultContext,
  tx: Tx,
  target: RefreshTarget,
  row: OAuthConnection,
  tokens: StoredTokens & { refreshToken: string },
  applied: string[],
  reason: RefreshReason,
): Promise<Outcome> {
  const party = oauthParty(target.ecosystem, target.resolved);
  const logger = callLogger(ctx.logger, reason.signal);
  const log = { connectionId: row.id, tenantId: row.tenantId, ecosystem: row.ecosystem };
  let set;
  try {
    set = await refreshTokens(
      party,
      { refreshToken: tokens.refreshToken, refreshExpiresAt: row.refreshExpiresAt ?? undefined, refreshHardExpiresAt: row.refreshHardExpiresAt ?? undefined, scopes: row.scopes },
      { timeoutMs: ctx.tokenTimeoutMs, now: ctx.now },
    );
  } catch (error) {
    reportTelemetry((sink) => sink.tokenRefresh?.(row.ecosystem, 'failed'));
    if (error instanceof InvalidGrantError) {
      logger.warn({ ...log, error: error.message }, 'oauth: refresh token refused (invalid_grant); the connection needs to be reconnected');
      return { kind: 'inactive', row: await markNeedsReconnect(tx, row, error.message) };
    }
    logger.warn({ ...log, err: error instanceof Error ? error.message : String(error) }, 'oauth: refresh failed; will try again');
    await tx.oAuthConnection.update({ where: { id: row.id }, data: { lastError: boundedText(error instanceof Error ? error.message : String(error)) } });
    return { kind: 'failed', error };
  }
  reportTelemetry((sink) => sink.tokenRefresh?.(row.ecosystem, 'ok'));
  const columns = tokenColumns(row, set, ctx.keys);
  const journaled = await journalAnswer(ctx, row, tokens.refreshToken, columns, set.scopes);
  await ctx.options.afterJournal?.();
  await tx.oAuthConnection.update({
    where: { id: row.id },
    data: { ...columns, scopes: set.scopes ?? row.scopes, lastRefreshAt: new Date(ctx.now()), lastError: null },
  });
  logger.info({ ...log, rotated: set.refreshToken !== tokens.refreshToken }, 'oauth: connection refreshed');
  return { kind: 'token', token: { value: set.accessToken, expiresAt: set.expiresAt }, journaled: [...applied, ...(journaled ? [journaled] : [])] };
}

/**
 * Writes the answer to the journal before the commit. A journal that cannot
 * be written does not stop the commit (the old refresh token is already
 * dead): it is logged, and only a crash in the next milliseconds could lose the token.
 */
async function journalAnswer(
  ctx: VaultContext,
  row: OAuthConnection,
  usedRefreshToken: string,
  columns: ReturnType<typeof tokenColumns>,
  scopes: string[] | undefined,
): Promise<string | undefined> {
  if (!ctx.journal) return undefined;
  try {
    return await ctx.journal.write({
      connectionId: row.id,
      tenantId: row.tenantId,
      ecosystem: row.ecosystem,
      usedRefreshDigest: tokenDigest(usedRefreshToken),
      receivedAt: new Date(ctx.now()).toISOString(),
      sealed: { ciphertext: columns.tokensCiphertext, iv: columns.tokensIv, authTag: columns.tokensAuthTag, keyId: columns.keyId },
      ...(columns.accessExpiresAt ? { accessExpiresAt: columns.accessExpiresAt.toISOString() } : {}),
      ...(columns.refreshExpiresAt ? { refreshExpiresAt: columns.refreshExpiresAt.toISOString() } : {}),
      ...(columns.refreshHardExpiresAt ? { refreshHardExpiresAt: columns.refreshHardExpiresAt.toISOString() } : {}),
      ...(scopes ? { scopes } : {}),
    });
  } catch (error) {
    ctx.logger.error({ connectionId: row.id, dir: ctx.journal.dir, err: error instanceof Error ? error.message : String(error) }, 'oauth: refresh journal not written; committing without it');
    return undefined;
  }
}

/**
 * Applies this connection's journal entries that were never committed (the
 * row still holds the refresh token they were bought with); drops the others
 * (committed, or superseded by a later refresh). Runs under the row lock.
 */
export async function applyJournal(ctx: VaultContext, tx: Tx, row: OAuthConnection): Promise<{ row: OAuthConnection; applied: string[] } | undefined> {
  const entries = (await ctx.journal?.entriesOf(row.id)) ?? [];
  if (!entries.length) return undefined;
  let current = row;
  const applied: string[] = [];
  for (const journaled of entries) {
    const tokens = current.status === 'active' ? unsealTokens(current, ctx.keys) : undefined;
    if (tokens && journaled.entry.tenantId === row.tenantId && journaled.entry.usedRefreshDigest === tokenDigest(tokens.refreshToken)) {
      current = await tx.oAuthConnection.update({ where: { id: row.id }, data: columnsOf(journaled) });
      ctx.logger.warn({ connectionId: row.id, receivedAt: journaled.entry.receivedAt }, 'oauth: recovered a refresh from the journal that a crash kept from the database');
    }
    applied.push(journaled.path);
  }
  return { row: current, applied };
}

/** At start-up: every connection with journal entries is settled under its lock. Returns how many entries were applied. */
export async function recoverJournal(ctx: VaultContext): Promise<number> {
  const entries = (await ctx.journal?.entries()) ?? [];
  let recovered = 0;
  for (const connectionId of new Set(entries.map(({ entry }) => entry.connectionId))) {
    const paths = await ctx.prisma.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM oauth_connections WHERE id = ${connectionId} FOR UPDATE`;
      if (!locked) return entries.filter(({ entry }) => entry.connectionId === connectionId).map(({ path }) => path);
      const row = await tx.oAuthConnection.findUniqueOrThrow({ where: { id: connectionId } });
      const before = row.updatedAt.getTime();
      const result = await applyJournal(ctx, tx, row);
      if (result && result.row.updatedAt.getTime() !== before) recovered++;
      return result?.applied ?? [];
    });
    for (const path of paths) await ctx.journal?.remove(path);
  }
  return recovered;
}

function columnsOf({ entry }: JournaledEntry) {
  const date = (value: string | undefined) => (value ? new Date(value) : null);
  return {
    tokensCiphertext: entry.sealed.ciphertext,
    tokensIv: entry.sealed.iv,
    tokensAuthTag: entry.sealed.authTag,
    keyId: entry.sealed.keyId,
    accessExpiresAt: date(entry.accessExpiresAt),
    refreshExpiresAt: date(entry.refreshExpiresAt),
    refreshHardExpiresAt: date(entry.refreshHardExpiresAt),
    ...(entry.scopes ? { scopes: entry.scopes } : {}),
    lastRefreshAt: new Date(entry.receivedAt),
    lastError: null,
  };
}

async function lockedRow(tx: Tx, target: RefreshTarget): Promise<OAuthConnection | undefined> {
  const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM oauth_connections
    WHERE id = ${target.connectionId} AND tenant_id = ${target.tenantId} AND ecosystem = ${target.ecosystem.id}
    FOR UPDATE`;
  if (!locked) return undefined;
  // Read after the lock is held: in READ COMMITTED this sees what a replica that held it before committed.
  return (await tx.oAuthConnection.findUnique({ where: { id: locked.id } })) ?? undefined;
}

function markNeedsReconnect(tx: Tx, row: OAuthConnection, why: string): Promise<OAuthConnection> {
  return tx.oAuthConnection.update({ where: { id: row.id }, data: { status: 'needs_reconnect', lastError: boundedText(why) } });
}

/** The row's access token is good for this caller: not the one the platform just rejected, and not about to expire. */
function usable(ctx: VaultContext, row: OAuthConnection, tokens: StoredTokens, reason: RefreshReason): boolean {
  if (reason.rejected !== undefined && tokens.accessToken === reason.rejected) return false;
  return row.accessExpiresAt === null || row.accessExpiresAt.getTime() - ctx.refreshMarginMs > ctx.now();
}

function tokenOf(tokens: StoredTokens, row: OAuthConnection): AccessToken {
  return { value: tokens.accessToken, ...(row.accessExpiresAt ? { expiresAt: row.accessExpiresAt } : {}) };
}

function rowOf(target: RefreshTarget) {
  return { id: target.connectionId, tenantId: target.tenantId, ecosystem: target.ecosystem.id };
}
