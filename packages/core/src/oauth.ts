/**
 * The OAuth side of the contract: what an ecosystem declares about its
 * authorization-code flow (the platform's quirks included), and what a host's
 * connection vault offers the call path. The protocol itself (PKCE, code
 * exchange, refresh, revocation) and the storage live in the host's vault; an
 * ecosystem package only describes its platform.
 */
import type { TokenProvider } from './credentials.js';
import type { AnyEcosystem, AuthModes, Connection, OAuthSpec, ResolvedConfig } from './ecosystem.js';
import { ConfigurationError } from './errors.js';

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

/** The scopes an authorization asks for under this configuration. */
export function oauthScopesFor(spec: OAuthSpec, resolved: ResolvedConfig): string[] {
  return spec.scopesFor?.(resolved) ?? spec.scopes;
}

/** The OAuth app's client id and secret: an OAuth mode's config carries them as `clientId` and `clientSecret`. */
export function oauthClientOf(ecosystem: AnyEcosystem, resolved: ResolvedConfig): OAuthClientCredentials {
  const { clientId, clientSecret } = resolved.config as Record<string, unknown>;
  if (typeof clientId === 'string' && clientId && typeof clientSecret === 'string' && clientSecret) return { clientId, clientSecret };
  throw new ConfigurationError(`${ecosystem.displayName} OAuth app`, [
    { variable: `${ecosystem.envPrefix}_CLIENT_ID and ${ecosystem.envPrefix}_CLIENT_SECRET`, message: 'are required to connect accounts' },
  ]);
}
