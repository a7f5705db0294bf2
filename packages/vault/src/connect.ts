/**
 * The connect flow. A one-time link (for the CLI's `connect`, or an
 * authenticated `GET /connect/:ecosystem`) is stored as the SHA-256 of its
 * secret; opening it starts the provider's authorization request with a fresh
 * state (stored as a hash) and PKCE verifier (sealed); the callback finds the
 * request by its state, trades the code, asks the ecosystem who was connected,
 * and stores the connection, keeping the id of an account connected before.
 * Each step is single use and lives 10 minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import {
  chooseConnectionLevels,
  connectionLevelNames,
  createEcosystemClient,
  levelsCoveredByScopes,
  NotFoundError,
  oauthAllowedLevels,
  oauthScopesFor,
  staticToken,
  ValidationError,
  type AnyEcosystem,
  type ConnectionIdentity,
  type ConnectionSummary,
  type OAuthTokenSet,
  type ResolvedConfig,
} from '@enterprise-mcp/core';
import type { OAuthAuthorization, OAuthConnection } from '@enterprise-mcp/database';
import { seal, unseal } from '@enterprise-mcp/tenancy';
import { AUTHORIZATION_TTL_MS, base, redirectUriFor, type VaultContext } from './context.js';
import { authorizationRequest, boundedText, exchangeCode, InvalidGrantError, oauthParty, refreshTokens } from './protocol.js';
import { accountKeyOf, levelsOfRow, summaryOf, tokenColumns } from './rows.js';

export interface ConnectLink {
  /** `${PUBLIC_URL}/connect/start/<ticket>`: open it in a browser within 10 minutes, once. */
  url: string;
  expiresAt: Date;
  ecosystem: string;
  tenantId: string;
  /** The connection this link reconnects, when it does. */
  connectionId?: string;
  /** The permission levels the link asks for (their scopes); empty for an ecosystem without such levels. */
  levels: string[];
}

export interface ConnectLinkRequest {
  tenantId: string;
  ecosystem: string;
  /** Reconnect this connection (its id is kept when the same account is connected). */
  connectionId?: string;
  /**
   * The permission levels to ask for, among those the deployment allows (a
   * ValidationError names a wrong one). Default: the reconnected connection's
   * levels, else every allowed level.
   */
  levels?: string[];
}

export interface AuthorizationRedirect {
  /** The provider's authorization URL to send the browser to. */
  url: string;
  /** The flow's state: a host binds it to the browser (a cookie) and hands it back to `completeAuthorization`. */
  state: string;
  expiresAt: Date;
}

export interface CompletedConnection {
  connection: ConnectionSummary;
  tenantId: string;
  ecosystemName: string;
  /** What the platform calls the account ("company"); "account" when the ecosystem does not say. */
  accountKind: string;
  /** An existing connection of the same account was renewed (its id kept). */
  reconnected: boolean;
  /** The levels the flow asked for. */
  requestedLevels: string[];
  /** Requested levels the connection does not hold: the person unticked one of their scopes. */
  notGrantedLevels: string[];
}

export async function createConnectLink(ctx: VaultContext, request: ConnectLinkRequest): Promise<ConnectLink> {
  const ecosystem = ctx.ecosystem(request.ecosystem);
  const resolved = await ctx.configOf(request.tenantId, ecosystem);
  // Fails now, naming the variables, rather than after the person has signed in at the provider.
  oauthParty(ecosystem, resolved);
  const existing = request.connectionId ? await existingConnection(ctx, request.tenantId, ecosystem, request.connectionId) : undefined;
  const levels = chooseConnectionLevels(ecosystem, resolved, request.levels ?? keptLevels(ecosystem, resolved, existing));
  const ticket = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now() + AUTHORIZATION_TTL_MS);
  await ctx.prisma.oAuthAuthorization.create({
    data: {
      id: `auth_${randomBytes(12).toString('hex')}`,
      tenantId: request.tenantId,
      ecosystem: ecosystem.id,
      ticketHash: digest(ticket),
      redirectUri: redirectUriFor(ctx, ecosystem.id),
      connectionId: request.connectionId ?? null,
      requestedLevels: levels,
      expiresAt,
    },
  });
  return {
    url: `${base(ctx)}/connect/start/${ticket}`,
    expiresAt,
    ecosystem: ecosystem.id,
    tenantId: request.tenantId,
    ...(request.connectionId ? { connectionId: request.connectionId } : {}),
    levels,
  };
}

/** A reconnect asks again for the levels the connection holds (those still allowed); none held: the default. */
function keptLevels(ecosystem: AnyEcosystem, resolved: ResolvedConfig, existing: OAuthConnection | undefined): string[] | undefined {
  const held = existing ? levelsOfRow(existing) : undefined;
  const allowed = oauthAllowedLevels(ecosystem, resolved);
  const kept = held?.filter((level) => allowed.includes(level));
  return kept?.length ? kept : undefined;
}

/** Opens a one-time link: the provider's authorization URL with a fresh state and PKCE challenge. The link is spent. */
export async function beginAuthorization(ctx: VaultContext, ticket: string): Promise<AuthorizationRedirect> {
  const now = new Date(ctx.now());
  const pending = await ctx.prisma.oAuthAuthorization.findUnique({ where: { ticketHash: digest(ticket) } });
  if (!pending || pending.startedAt || pending.expiresAt <= now) throw linkSpent();
  const ecosystem = ctx.ecosystem(pending.ecosystem);
  const party = oauthParty(ecosystem, await ctx.configOf(pending.tenantId, ecosystem));
  const start = await authorizationRequest(party, pending.redirectUri, pending.requestedLevels);
  const expiresAt = new Date(ctx.now() + AUTHORIZATION_TTL_MS);
  const verifier = seal(start.codeVerifier, ctx.keys, verifierAad(pending));
  // Single use even when two browsers open the link at once: only one update finds it unstarted.
  const { count } = await ctx.prisma.oAuthAuthorization.updateMany({
    where: { id: pending.id, startedAt: null, expiresAt: { gt: now } },
    data: {
      startedAt: now,
      expiresAt,
      stateHash: digest(start.state),
      verifierCiphertext: verifier.ciphertext,
      verifierIv: verifier.iv,
      verifierAuthTag: verifier.authTag,
      keyId: verifier.keyId,
    },
  });
  if (count !== 1) throw linkSpent();
  return { url: start.url, state: start.state, expiresAt };
}

/**
 * The provider's callback: checks the state (and the browser's copy of it),
 * trades the code with the PKCE verifier, identifies the account and stores
 * the connection. The authorization request is spent whatever the outcome.
 */
export async function completeAuthorization(
  ctx: VaultContext,
  ecosystemId: string,
  callback: URLSearchParams,
  browserState: string | undefined,
): Promise<CompletedConnection> {
  const state = callback.get('state') ?? '';
  const pending = state ? await ctx.prisma.oAuthAuthorization.findUnique({ where: { stateHash: digest(state) } }) : null;
  const now = new Date(ctx.now());
  if (!pending || pending.ecosystem !== ecosystemId || pending.usedAt || pending.expiresAt <= now) {
    throw new ValidationError('This sign-in is unknown, expired or already used; start again with a new connect link');
  }
  const { count } = await ctx.prisma.oAuthAuthorization.updateMany({ where: { id: pending.id, usedAt: null }, data: { usedAt: now } });
  if (count !== 1) throw new ValidationError('This sign-in was already completed; start again with a new connect link');
  if (browserState !== state) {
    throw new ValidationError('This sign-in was started in another browser (or its cookie was lost); open the connect link again in this browser');
  }
  const ecosystem = ctx.ecosystem(pending.ecosystem);
  const resolved = await ctx.configOf(pending.tenantId, ecosystem);
  const party = oauthParty(ecosystem, resolved);
  const codeVerifier = unseal(sealedVerifier(pending), ctx.keys, verifierAad(pending), `a pending ${ecosystem.id} authorization`);
  const { tokens, params } = await exchangeCode(party, callback, { state, codeVerifier, redirectUri: pending.redirectUri }, { timeoutMs: ctx.tokenTimeoutMs, now: ctx.now }).catch(
    (error: unknown) => {
      throw callbackError(ecosystem, error);
    },
  );
  const identity = party.spec.identify({ tokens, params });
  const displayName = identity.displayName ?? (await describe(ctx, ecosystem, resolved, tokens, identity));
  const levels = grantedLevels(ecosystem, pending.requestedLevels, tokens.scopes);
  const stored = await storeConnection(ctx, pending, ecosystem, resolved, tokens, { ...identity, displayName }, levels);
  const notGrantedLevels = pending.requestedLevels.filter((level) => levels && !levels.includes(level));
  ctx.logger.info(
    { connectionId: stored.row.id, tenantId: pending.tenantId, ecosystem: ecosystem.id, reconnected: stored.reconnected, levels, notGrantedLevels },
    'oauth: account connected',
  );
  return {
    connection: summaryOf(stored.row),
    tenantId: pending.tenantId,
    ecosystemName: ecosystem.displayName,
    accountKind: identity.accountKind ?? 'account',
    reconnected: stored.reconnected,
    requestedLevels: pending.requestedLevels,
    notGrantedLevels,
  };
}

/**
 * The levels a connection holds after its grant: the requested ones whose
 * scopes were all granted (the platform's `scope` answer; all requested when
 * it does not say). Null for an ecosystem whose levels declare no scopes.
 */
function grantedLevels(ecosystem: AnyEcosystem, requested: readonly string[], granted: string[] | undefined): string[] | null {
  if (!connectionLevelNames(ecosystem).length) return null;
  if (!granted) return [...requested];
  const covered = levelsCoveredByScopes(ecosystem.permissionLevels ?? {}, granted);
  return requested.filter((level) => covered.includes(level));
}

export interface ImportedConnection {
  tenantId: string;
  ecosystem: string;
  /** The account's platform ids, as `identify` would give them (`sellingPartnerId`, `realmId`…). */
  externalIds: Record<string, string>;
  displayName?: string;
  /** A refresh token authorised outside this server (a private app's self-authorisation): traded once now to check it. */
  refreshToken?: string;
  /** Or a whole token set, as a provider issued it (demo mode, a migration from another store). */
  tokens?: OAuthTokenSet;
  /** The permission levels the grant was given for (default every allowed level); it holds those its scopes cover. */
  levels?: string[];
}

/**
 * Stores a connection whose grant happened elsewhere: Amazon's self-authorised
 * private apps, demo mode's fake. A bare refresh token is traded at the
 * provider first, so a wrong one fails here and not at the first tool call,
 * and a rotated refresh token is what gets stored.
 */
export async function importConnection(ctx: VaultContext, request: ImportedConnection): Promise<CompletedConnection> {
  const ecosystem = ctx.ecosystem(request.ecosystem);
  const resolved = await ctx.configOf(request.tenantId, ecosystem);
  if (!Object.keys(request.externalIds).length) throw new ValidationError('An imported connection needs the account ids', [{ path: 'externalIds', message: 'name at least one, e.g. sellingPartnerId=A1B2C3' }]);
  const tokens = request.tokens ?? (await tradeRefreshToken(ctx, ecosystem, resolved, request.refreshToken));
  const identity: ConnectionIdentity = { externalIds: request.externalIds };
  const displayName = request.displayName ?? (await describe(ctx, ecosystem, resolved, tokens, identity));
  const requestedLevels = chooseConnectionLevels(ecosystem, resolved, request.levels);
  const levels = grantedLevels(ecosystem, requestedLevels, tokens.scopes);
  const stored = await storeConnection(ctx, { tenantId: request.tenantId, connectionId: null }, ecosystem, resolved, tokens, { ...identity, displayName }, levels);
  ctx.logger.info({ connectionId: stored.row.id, tenantId: request.tenantId, ecosystem: ecosystem.id, reconnected: stored.reconnected, levels }, 'oauth: connection imported');
  const notGrantedLevels = requestedLevels.filter((level) => levels && !levels.includes(level));
  return { connection: summaryOf(stored.row), tenantId: request.tenantId, ecosystemName: ecosystem.displayName, accountKind: 'account', reconnected: stored.reconnected, requestedLevels, notGrantedLevels };
}

async function tradeRefreshToken(ctx: VaultContext, ecosystem: AnyEcosystem, resolved: ResolvedConfig, refreshToken: string | undefined): Promise<OAuthTokenSet> {
  if (!refreshToken) throw new ValidationError('An imported connection needs a refresh token or a token set', [{ path: 'refreshToken', message: 'is required' }]);
  try {
    return await refreshTokens(oauthParty(ecosystem, resolved), { refreshToken }, { timeoutMs: ctx.tokenTimeoutMs, now: ctx.now });
  } catch (error) {
    if (error instanceof InvalidGrantError) throw new ValidationError(`${ecosystem.displayName} refused the refresh token (${error.message}): authorise the app again and import the new one`);
    throw error;
  }
}

/** Creates the connection, or renews the one of the same account (same tenant, ecosystem and external ids), keeping its id. */
async function storeConnection(
  ctx: VaultContext,
  pending: Pick<OAuthAuthorization, 'tenantId' | 'connectionId'>,
  ecosystem: AnyEcosystem,
  resolved: ResolvedConfig,
  tokens: OAuthTokenSet,
  identity: ConnectionIdentity,
  levels: string[] | null,
) {
  const accountKey = accountKeyOf(identity.externalIds);
  const where = { tenantId_ecosystem_accountKey: { tenantId: pending.tenantId, ecosystem: ecosystem.id, accountKey } };
  const existing = await ctx.prisma.oAuthConnection.findUnique({ where });
  const id = existing?.id ?? `conn_${randomBytes(12).toString('hex')}`;
  const owner = { id, tenantId: pending.tenantId, ecosystem: ecosystem.id };
  const fields = {
    displayName: identity.displayName ?? null,
    externalIds: identity.externalIds,
    authMode: resolved.mode,
    environment: resolved.environment,
    ...tokenColumns(owner, tokens, ctx.keys),
    scopes: tokens.scopes ?? oauthScopesFor(ecosystem, resolved, levels ?? undefined),
    // What the connection may do from now on: a reconnect replaces the levels with this grant's.
    ...(levels ? { permissionLevels: levels } : {}),
    status: 'active' as const,
    lastRefreshAt: new Date(ctx.now()),
    lastError: null,
    expiryWarnedAt: null,
  };
  const row = await ctx.prisma.oAuthConnection.upsert({ where, create: { ...owner, accountKey, ...fields }, update: fields });
  if (pending.connectionId && pending.connectionId !== row.id) {
    ctx.logger.warn({ requested: pending.connectionId, connected: row.id }, 'oauth: a reconnect link connected another account; it is stored as its own connection');
  }
  return { row, reconnected: !!existing };
}

/** The account's name from the platform, read with a client on the new token; a failure only costs the name. */
async function describe(ctx: VaultContext, ecosystem: AnyEcosystem, resolved: ResolvedConfig, tokens: OAuthTokenSet, identity: ConnectionIdentity): Promise<string | undefined> {
  if (!ecosystem.describeConnection) return undefined;
  try {
    const client = createEcosystemClient(ecosystem, resolved, {
      token: staticToken(tokens.accessToken),
      connection: { id: 'new', externalIds: identity.externalIds },
      logger: ctx.logger,
      userAgent: ctx.options.userAgent,
    });
    const name = await ecosystem.describeConnection(client);
    return name ? boundedText(name) : undefined;
  } catch (error) {
    ctx.logger.warn({ ecosystem: ecosystem.id, err: error instanceof Error ? error.message : String(error) }, 'oauth: could not read the connected account name');
    return undefined;
  }
}

async function existingConnection(ctx: VaultContext, tenantId: string, ecosystem: AnyEcosystem, connectionId: string) {
  const row = await ctx.prisma.oAuthConnection.findFirst({ where: { id: connectionId, tenantId, ecosystem: ecosystem.id } });
  if (!row) throw new NotFoundError(`This tenant has no ${ecosystem.displayName} connection "${connectionId}"`, { hint: 'list them with `enterprise-mcp connections list`' });
  return row;
}

/** Why a callback failed, said to the person in the browser: the provider's refusal, or a code that no longer works. */
function callbackError(ecosystem: AnyEcosystem, error: unknown): Error {
  if (error instanceof oauth.AuthorizationResponseError) {
    const declined = error.error === 'access_denied';
    return new ValidationError(
      declined ? `The connection to ${ecosystem.displayName} was declined` : `${ecosystem.displayName} refused the authorization: ${boundedText(error.error)}${error.error_description ? ` (${boundedText(error.error_description)})` : ''}`,
    );
  }
  if (error instanceof InvalidGrantError) return new ValidationError(`${ecosystem.displayName} did not accept the sign-in code (${error.message}); start again with a new connect link`);
  if (error instanceof oauth.OperationProcessingError) return new ValidationError(`${ecosystem.displayName}'s answer to the sign-in was not valid: ${boundedText(error.message)}`);
  return error instanceof Error ? error : new Error(String(error));
}

function sealedVerifier(pending: OAuthAuthorization) {
  if (!pending.verifierCiphertext || !pending.verifierIv || !pending.verifierAuthTag || !pending.keyId) throw linkSpent();
  return { ciphertext: pending.verifierCiphertext, iv: pending.verifierIv, authTag: pending.verifierAuthTag, keyId: pending.keyId };
}

function verifierAad(pending: Pick<OAuthAuthorization, 'id' | 'tenantId' | 'ecosystem'>): string {
  return `${pending.tenantId}\u0000${pending.ecosystem}\u0000authorization\u0000${pending.id}`;
}

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function linkSpent(): ValidationError {
  return new ValidationError('This connect link is unknown, expired or already used; ask for a new one (`enterprise-mcp connect <ecosystem>`)');
}
