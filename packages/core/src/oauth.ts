/**
 * The OAuth side of the contract: what an ecosystem declares about its
 * authorization-code flow (the platform's quirks included), and what a host's
 * connection vault offers the call path. The protocol itself (PKCE, code
 * exchange, refresh, revocation) and the storage live in the host's vault; an
 * ecosystem package only describes its platform.
 */
import type { TokenProvider } from './credentials.js';
import { connectionLevelNames, type AnyEcosystem, type AuthModes, type Connection, type OAuthSpec, type ResolvedConfig } from './ecosystem.js';
import { ConfigurationError, ValidationError } from './errors.js';

/** What the platform's token endpoint answered, normalised. */
export interface OAuthTokenSet {
  accessToken: string;
  refreshToken?: string;
  /** When the access token stops working. */
  expiresAt?: Date;
  /** When the refresh token dies if it is not used (QuickBooks: 100 days, extended by every refresh). */
  refreshExpiresAt?: Date;
  /** When the refresh token dies whatever happens (QuickBooks' 5-year cap, `x_refresh_token_hard_expires_in`). */
  refreshHardExpiresAt?: Date;
  /** The scopes granted, when the platform says (users can untick some). */
  scopes?: string[];
  /** The whole token response, for `identify` (GoHighLevel's `locationId`). Holds secrets: never log it. */
  raw: Record<string, unknown>;
}

/** What a completed authorization tells an ecosystem: the tokens and the callback's query parameters. */
export interface OAuthCallback {
  tokens: OAuthTokenSet;
  /** The callback's query parameters other than `code` and `state` (QuickBooks' `realmId`). */
  params: Record<string, string>;
}

/** The account an authorization connected: the platform's ids for it and, when the callback tells, its name. */
export interface ConnectionIdentity {
  externalIds: Record<string, string>;
  displayName?: string;
  /** What the platform calls the account, for people: "company" makes the page say "Connected to QuickBooks company Acme" (default "account"). */
  accountKind?: string;
}

/** Where an OAuth mode's users and codes go for one resolved configuration. */
export interface OAuthEndpoints {
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string;
}

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type ConnectionStatus = 'active' | 'needs_reconnect' | 'revoked';

/** A stored connection as the call path sees it (no tokens). */
export interface ConnectionSummary extends Connection {
  ecosystem: string;
  status: ConnectionStatus;
  scopes: string[];
  /**
   * The permission levels this connection holds (chosen when it was connected,
   * and all of their scopes granted); undefined when its levels are not
   * narrowed (an ecosystem whose levels declare no scopes).
   */
  levels?: string[];
}

/**
 * What a host's vault gives the call path: a tenant's connections of an
 * ecosystem, and the access-token provider of one of them (refreshed ahead of
 * expiry, one refresh at a time per connection, the rotated refresh token
 * stored before the new access token is used).
 */
export interface ConnectionVault {
  list(tenantId: string, ecosystemId: string): Promise<ConnectionSummary[]>;
  tokenProvider(tenantId: string, ecosystem: AnyEcosystem, resolved: ResolvedConfig, connectionId: string): TokenProvider;
}

/** The OAuth spec of the resolved mode, or undefined for modes that are not OAuth authorization-code modes. */
export function oauthSpecOf(ecosystem: AnyEcosystem, resolved: Pick<ResolvedConfig, 'mode'>): OAuthSpec | undefined {
  const mode = (ecosystem.authModes as AuthModes)[resolved.mode];
  return mode?.kind === 'oauth2' ? mode.oauth : undefined;
}

/**
 * The OAuth endpoints for a resolved configuration: the region's or the
 * environment's (an endpoint may be keyed by either), or re-rooted at
 * `oauthBaseUrl` (`<PREFIX>_OAUTH_BASE_URL`, for fakes and proxies) keeping
 * each URL's path.
 */
export function oauthEndpointsFor(ecosystem: AnyEcosystem, resolved: ResolvedConfig): OAuthEndpoints {
  const spec = oauthSpecOf(ecosystem, resolved);
  if (!spec) throw new TypeError(`${ecosystem.displayName} auth mode "${resolved.mode}" is not an OAuth mode`);
  const place = (url: string | Record<string, string> | undefined): string | undefined => {
    const declared = typeof url === 'string' || url === undefined ? url : ((resolved.region ? url[resolved.region] : undefined) ?? url[resolved.environment]);
    if (declared === undefined || !resolved.oauthBaseUrl) return declared;
    const { pathname, search } = new URL(declared);
    return new URL(`${pathname}${search}`, resolved.oauthBaseUrl).toString();
  };
  const endpoints = { authorizationUrl: place(spec.authorizationUrl), tokenUrl: place(spec.tokenUrl), revocationUrl: place(spec.revocationUrl) };
  if (!endpoints.authorizationUrl || !endpoints.tokenUrl) {
    throw new TypeError(`${ecosystem.displayName} declares no OAuth endpoints for environment "${resolved.environment}"`);
  }
  return endpoints as OAuthEndpoints;
}

/**
 * The scopes an authorization asks for under this configuration, for the
 * chosen permission levels (undefined: every allowed one): the spec's
 * `scopesFor`, else the chosen levels' own scopes when levels declare them,
 * else the spec's `scopes`.
 */
export function oauthScopesFor(ecosystem: AnyEcosystem, resolved: ResolvedConfig, levels?: readonly string[]): string[] {
  const spec = oauthSpecOf(ecosystem, resolved);
  if (!spec) throw new TypeError(`${ecosystem.displayName} auth mode "${resolved.mode}" is not an OAuth mode`);
  if (spec.scopesFor) return spec.scopesFor(resolved, levels);
  if (!connectionLevelNames(ecosystem).length) return spec.scopes;
  const chosen = levels ?? oauthAllowedLevels(ecosystem, resolved);
  const declared = ecosystem.permissionLevels as Record<string, { scopes?: string[] }>;
  return [...new Set(Object.entries(declared).flatMap(([name, level]) => (chosen.includes(name) ? (level.scopes ?? []) : [])))];
}

/** The permission levels a connection may be given under this configuration: the spec's say, else every level declaring scopes. */
export function oauthAllowedLevels(ecosystem: AnyEcosystem, resolved: ResolvedConfig): string[] {
  const spec = oauthSpecOf(ecosystem, resolved);
  return spec?.allowedLevels?.(resolved) ?? connectionLevelNames(ecosystem);
}

/**
 * The levels a connect link asks for: `requested` checked against the
 * allowed ones (an unknown or not allowed level is a ValidationError naming
 * it and the allowed ones), or every allowed level when none is requested.
 * Empty for an ecosystem whose connections are not narrowed by levels.
 */
export function chooseConnectionLevels(ecosystem: AnyEcosystem, resolved: ResolvedConfig, requested: readonly string[] | undefined): string[] {
  const allowed = oauthAllowedLevels(ecosystem, resolved);
  const known = connectionLevelNames(ecosystem);
  if (requested === undefined) return allowed;
  if (!known.length) {
    if (!requested.length) return [];
    throw new ValidationError(`${ecosystem.displayName} connections have no permission levels to choose`, [{ path: 'levels', message: 'leave it out' }]);
  }
  const wrong = requested.filter((level) => !allowed.includes(level));
  if (wrong.length) {
    // The mode's `levels` field is where an operator allows levels (GOOGLE_PERMISSION_LEVELS).
    const setting = ((ecosystem.authModes as AuthModes)[resolved.mode]?.env as Record<string, string> | undefined)?.['levels'];
    const why = (level: string) => (known.includes(level) ? `"${level}" is not allowed by this deployment${setting ? ` (${setting})` : ''}` : `"${level}" is not a ${ecosystem.displayName} permission level`);
    const problems = wrong.map((level) => ({ path: 'levels', message: `${why(level)}; allowed: ${allowed.join(', ')}` }));
    throw new ValidationError(`${wrong.map(why).join('; ')}; allowed: ${allowed.join(', ')}`, problems);
  }
  if (!requested.length) throw new ValidationError(`Choose at least one ${ecosystem.displayName} permission level`, [{ path: 'levels', message: `one or more of: ${allowed.join(', ')}` }]);
  return known.filter((level) => requested.includes(level));
}

/** The OAuth app's client id and secret: an OAuth mode's config carries them as `clientId` and `clientSecret`. */
export function oauthClientOf(ecosystem: AnyEcosystem, resolved: ResolvedConfig): OAuthClientCredentials {
  const { clientId, clientSecret } = resolved.config as Record<string, unknown>;
  if (typeof clientId === 'string' && clientId && typeof clientSecret === 'string' && clientSecret) return { clientId, clientSecret };
  throw new ConfigurationError(`${ecosystem.displayName} OAuth app`, [
    { variable: `${ecosystem.envPrefix}_CLIENT_ID and ${ecosystem.envPrefix}_CLIENT_SECRET`, message: 'are required to connect accounts' },
  ]);
}
