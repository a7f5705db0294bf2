/**
 * The OAuth 2.0 protocol steps, on oauth4webapi: the authorization URL with
 * state and PKCE (S256), the code exchange, refresh and revocation. What is
 * ours is only what platforms add to the standard: extra token-response fields
 * (QuickBooks' refresh-token lifetimes), token-request headers and form
 * fields, and the client authentication each platform wants.
 */
import * as oauth from 'oauth4webapi';
import {
  AuthenticationError,
  oauthClientOf,
  oauthEndpointsFor,
  oauthScopesFor,
  oauthSpecOf,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type AnyEcosystem,
  type OAuthSpec,
  type OAuthTokenSet,
  type ResolvedConfig,
} from '@enterprise-mcp/core';

/** One OAuth mode of one resolved configuration, ready for protocol calls. */
export interface OAuthParty {
  ecosystem: AnyEcosystem;
  resolved: ResolvedConfig;
  spec: OAuthSpec;
  server: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  /** oauth4webapi refuses http:// endpoints unless told; only loopback fakes are allowed that. */
  insecureLoopback: boolean;
}

/** The provider answered `invalid_grant`: the refresh token (or code) is dead, a person must connect again. */
export class InvalidGrantError extends Error {
  constructor(readonly description: string) {
    super(`invalid_grant${description ? `: ${description}` : ''}`);
    this.name = 'InvalidGrantError';
  }
}

export function oauthParty(ecosystem: AnyEcosystem, resolved: ResolvedConfig): OAuthParty {
  const spec = oauthSpecOf(ecosystem, resolved);
  if (!spec) throw new TypeError(`${ecosystem.displayName} auth mode "${resolved.mode}" is not an OAuth mode`);
  const endpoints = oauthEndpointsFor(ecosystem, resolved);
  const { clientId, clientSecret } = oauthClientOf(ecosystem, resolved);
  const urls = [endpoints.authorizationUrl, endpoints.tokenUrl, endpoints.revocationUrl].filter((url): url is string => !!url);
  return {
    ecosystem,
    resolved,
    spec,
    server: {
      // No discovery document: the issuer is only a label here (no ID tokens are validated).
      issuer: new URL(endpoints.tokenUrl).origin,
      authorization_endpoint: endpoints.authorizationUrl,
      token_endpoint: endpoints.tokenUrl,
      ...(endpoints.revocationUrl ? { revocation_endpoint: endpoints.revocationUrl } : {}),
    },
    client: { client_id: clientId },
    auth: spec.clientAuthentication === 'client_secret_post' ? oauth.ClientSecretPost(clientSecret) : oauth.ClientSecretBasic(clientSecret),
    insecureLoopback: urls.every(isLoopbackHttpOrHttps) && urls.some((url) => url.startsWith('http:')),
  };
}

export interface AuthorizationStart {
  url: string;
  state: string;
  codeVerifier: string;
}

/**
 * The provider's authorization URL for one flow: the scopes (of the chosen
 * permission levels, when the ecosystem has such levels) and extra
 * parameters, a fresh state and PKCE S256 challenge; or the platform's own
 * query (`authorizationQuery`) where it is not OAuth's standard one.
 */
export async function authorizationRequest(party: OAuthParty, redirectUri: string, levels: readonly string[] = []): Promise<AuthorizationStart> {
  const state = oauth.generateRandomState();
  const codeVerifier = usesPkce(party) ? oauth.generateRandomCodeVerifier() : '';
  const url = new URL(party.server.authorization_endpoint!);
  const params: Record<string, string> = party.spec.authorizationQuery?.({ resolved: party.resolved, state, redirectUri }) ?? {
    ...party.spec.authorizationParams,
    client_id: party.client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: oauthScopesFor(party.ecosystem, party.resolved, levels.length ? levels : undefined).join(' '),
    state,
    ...(codeVerifier ? { code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256' } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { url: url.toString(), state, codeVerifier };
}

function usesPkce(party: OAuthParty): boolean {
  return party.spec.pkce !== false;
}

/** The callback as OAuth names it: a platform's own name for the code (`spapi_oauth_code`) becomes `code`. */
function standardCallback(party: OAuthParty, callback: URLSearchParams): URLSearchParams {
  const name = party.spec.codeParameter;
  if (!name || name === 'code' || !callback.has(name)) return callback;
  const standard = new URLSearchParams(callback);
  standard.set('code', standard.get(name)!);
  standard.delete(name);
  return standard;
}

export interface CallOptions {
  timeoutMs: number;
  now: () => number;
}

/**
 * Checks the callback (state, an error the provider sent back) and trades the
 * code for tokens. Returns the token set and the callback's other parameters.
 */
export async function exchangeCode(
  party: OAuthParty,
  callback: URLSearchParams,
  expected: { state: string; codeVerifier: string; redirectUri: string },
  options: CallOptions,
): Promise<{ tokens: OAuthTokenSet; params: Record<string, string> }> {
  const standard = standardCallback(party, callback);
  const validated = oauth.validateAuthResponse(party.server, party.client, standard, expected.state);
  const verifier = usesPkce(party) ? expected.codeVerifier : oauth.nopkce;
  const { response, idToken } = await tokenCall(party, options, (request) =>
    oauth.authorizationCodeGrantRequest(party.server, party.client, party.auth, validated, expected.redirectUri, verifier, request),
  ).then(withoutIdToken);
  const answer = withIdToken(await processed(party, () => oauth.processAuthorizationCodeResponse(party.server, party.client, response)), idToken);
  const params = Object.fromEntries([...standard.entries()].filter(([name]) => name !== 'code' && name !== 'state'));
  const tokens = tokenSetOf(answer, options.now());
  const lifetime = party.spec.grantLifetimeDays;
  if (lifetime && !tokens.refreshHardExpiresAt) tokens.refreshHardExpiresAt = new Date(options.now() + lifetime * 86_400_000);
  return { tokens, params };
}

/** What a refresh keeps from the set it replaces when the provider does not send it again. */
export type PreviousTokens = Pick<OAuthTokenSet, 'refreshToken' | 'refreshExpiresAt' | 'refreshHardExpiresAt' | 'scopes'>;

/** Trades a refresh token for a new set; the old refresh token (and its lifetimes) carry over when no new one comes back. */
export async function refreshTokens(party: OAuthParty, previous: PreviousTokens & { refreshToken: string }, options: CallOptions): Promise<OAuthTokenSet> {
  const { response, idToken } = await tokenCall(party, options, (request) =>
    oauth.refreshTokenGrantRequest(party.server, party.client, party.auth, previous.refreshToken, request),
  ).then(withoutIdToken);
  const answer = withIdToken(await processed(party, () => oauth.processRefreshTokenResponse(party.server, party.client, response)), idToken);
  return tokenSetOf(answer, options.now(), previous);
}

/**
 * Takes an OpenID Connect ID token out of a token response before oauth4webapi
 * sees it. The server is not a relying party of the platform's sign-in: it
 * reads the ID token's claims only to name the account (`identify`), and it
 * came straight from the token endpoint over TLS (OIDC Core 3.1.3.7), so it is
 * not validated against an issuer the configuration does not know.
 */
async function withoutIdToken(response: Response): Promise<{ response: Response; idToken?: string }> {
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return { response };
  const body = (await response.clone().json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!body || typeof body['id_token'] !== 'string') return { response };
  const { id_token: idToken, ...rest } = body;
  return { response: new Response(JSON.stringify(rest), { status: response.status, headers: response.headers }), idToken: idToken as string };
}

function withIdToken(answer: oauth.TokenEndpointResponse, idToken: string | undefined): oauth.TokenEndpointResponse {
  return idToken ? ({ ...answer, id_token: idToken } as oauth.TokenEndpointResponse) : answer;
}

/** Revokes a token at the provider (RFC 7009); false when the platform has no revocation endpoint. */
export async function revokeToken(party: OAuthParty, token: string, options: CallOptions): Promise<boolean> {
  if (!party.server.revocation_endpoint) return false;
  const response = await guarded(party, () =>
    oauth.revocationRequest(party.server, party.client, party.auth, token, {
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(party.insecureLoopback ? { [oauth.allowInsecureRequests]: true } : {}),
    }),
  );
  await processed(party, () => oauth.processRevocationResponse(response));
  return true;
}

/**
 * The normalised token set, with the fields platforms add to RFC 6749's:
 * `x_refresh_token_expires_in` (QuickBooks' rolling 100 days; also the plain
 * `refresh_token_expires_in`) and `x_refresh_token_hard_expires_in` (the cap
 * that never moves). A value of 0 or less means "not said".
 */
export function tokenSetOf(answer: oauth.TokenEndpointResponse, now: number, previous?: PreviousTokens): OAuthTokenSet {
  const raw = answer as unknown as Record<string, unknown>;
  const at = (seconds: unknown): Date | undefined => {
    const value = typeof seconds === 'string' ? Number(seconds) : seconds;
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? new Date(now + value * 1000) : undefined;
  };
  const rotated = typeof answer.refresh_token === 'string' && answer.refresh_token !== previous?.refreshToken;
  const refreshToken = answer.refresh_token ?? previous?.refreshToken;
  const rolling = at(raw['x_refresh_token_expires_in'] ?? raw['refresh_token_expires_in']);
  return {
    accessToken: answer.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: at(answer.expires_in),
    refreshExpiresAt: rolling ?? (rotated ? undefined : previous?.refreshExpiresAt),
    refreshHardExpiresAt: at(raw['x_refresh_token_hard_expires_in']) ?? previous?.refreshHardExpiresAt,
    scopes: typeof answer.scope === 'string' ? answer.scope.split(' ').filter(Boolean) : previous?.scopes,
    raw,
  };
}

type TokenRequestOptions = oauth.TokenEndpointRequestOptions;

/** A token-endpoint request with the spec's extra form fields and headers, a timeout, and loopback http allowed for fakes. */
function tokenCall(party: OAuthParty, options: CallOptions, send: (request: TokenRequestOptions) => Promise<Response>): Promise<Response> {
  const request: TokenRequestOptions = {
    additionalParameters: party.spec.tokenParams ?? {},
    headers: { accept: 'application/json', ...party.spec.tokenHeaders },
    signal: AbortSignal.timeout(options.timeoutMs),
    ...(party.insecureLoopback ? { [oauth.allowInsecureRequests]: true } : {}),
  };
  return guarded(party, () => send(request));
}

/** Network failures and timeouts as core's typed errors (retry later; the connection itself is fine). */
async function guarded<T>(party: OAuthParty, call: () => Promise<T>): Promise<T> {
  const platform = party.ecosystem.displayName;
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new UpstreamTimeoutError(`${platform}'s token endpoint did not answer in time`, { platform, hint: 'try again shortly', cause: error });
    }
    throw new UpstreamUnavailableError(`${platform}'s token endpoint could not be reached`, { platform, hint: 'try again shortly', cause: error });
  }
}

/**
 * The provider's answer, checked by oauth4webapi; its OAuth errors as ours:
 * `invalid_grant` is InvalidGrantError (reconnect), `invalid_client` names the
 * app's variables, anything else is the provider being unavailable.
 */
async function processed<T>(party: OAuthParty, process: () => Promise<T>): Promise<T> {
  const platform = party.ecosystem.displayName;
  try {
    return await process();
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      const description = boundedText(error.error_description ?? '');
      if (error.error === 'invalid_grant') throw new InvalidGrantError(description);
      if (error.error === 'invalid_client' || error.status === 401) {
        const prefix = party.ecosystem.envPrefix;
        throw new AuthenticationError(`${platform} refused the OAuth app's credentials (${error.error})`, {
          platform,
          status: error.status,
          hint: `check ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`,
        });
      }
      throw new UpstreamUnavailableError(`${platform}'s token endpoint answered ${error.status} ${error.error}${description ? `: ${description}` : ''}`, {
        platform,
        status: error.status,
        platformCode: error.error,
      });
    }
    if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.OperationProcessingError) throw error;
    throw new UpstreamUnavailableError(`${platform}'s token endpoint gave an answer that is not a valid OAuth response`, { platform, cause: error });
  }
}

/** Provider text kept for an error message or a row: one line, bounded. */
export function boundedText(text: string, max = 200): string {
  // Control characters would let provider text forge lines in a log or a table.
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function isLoopbackHttpOrHttps(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}
