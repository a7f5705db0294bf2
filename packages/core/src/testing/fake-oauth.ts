/**
 * An OAuth 2.0 authorization server for platform fakes: a consent page, the
 * authorization-code grant with PKCE, refresh (rotating or not) and
 * revocation, with the failures real providers give (`invalid_grant` for a
 * reused code or a rotated-away refresh token). Its consent page lists the
 * requested scopes as ticked boxes a person may untick (Google's granular
 * consent), and `include_granted_scopes=true` adds the scopes the account
 * granted the app before (incremental authorization). Each platform's fake mounts
 * it at the platform's own paths and adds its quirks through the options.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FakeRequest, FakeResponse, FakeRoute } from './fake-server.js';

export interface FakeOAuthAccount {
  /** The platform's id for the account (a realm, a location). */
  id: string;
  /** What the consent page shows for it. */
  label: string;
}

export interface FakeOAuthGrant {
  account: FakeOAuthAccount;
  clientId: string;
  scopes: string[];
}

export interface FakeOAuthOptions {
  paths: { authorize: string; token: string; revoke?: string };
  client?: { clientId: string; clientSecret: string };
  /** How the token endpoint wants the app to authenticate (default `client_secret_basic`). */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
  accounts: FakeOAuthAccount[];
  /** The scopes the platform knows; asking for another is `invalid_scope`. */
  scopes: string[];
  accessTokenTtlSeconds?: number;
  /** A refresh token unused this long dies (rolling: every refresh starts it again). Default: never. */
  refreshTokenTtlSeconds?: number;
  /** Every refresh issues a new refresh token and kills the one it was given. */
  rotateRefreshTokens?: boolean;
  tokenFields?(grant: FakeOAuthGrant, request: FakeRequest): Record<string, unknown>;
  callbackParams?(grant: FakeOAuthGrant): Record<string, string>;
  tokenError?(error: string, description: string): FakeResponse;
  /** How the revocation endpoint reads `token` (default form). */
  revokeBody?: 'json' | 'form';
  now?: () => number;
}

export const FAKE_OAUTH_CLIENT = { clientId: 'fake-client-id', clientSecret: 'fake-client-secret' } as const;

export interface FakeOAuthProvider {
  routes: FakeRoute[];
  /** The grant of a live access token; undefined when unknown, expired or revoked. */
  verifyAccessToken(token: string): FakeOAuthGrant | undefined;
  /** Tokens as if the consent had happened, for tests that skip the browser. */
  issue(accountId: string): Record<string, unknown> & { access_token: string; refresh_token: string };
  /** Successful grants at the token endpoint. */
  stats: { codeExchanges: number; refreshes: number; revocations: number };
  expireAccessTokens(): void;
  revokeAll(): void;
}

const CODE_TTL_MS = 10 * 60_000;

interface PendingCode {
  grant: FakeOAuthGrant;
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
}

interface LiveToken {
  grant: FakeOAuthGrant;
  /** The refresh tokens of one consent share a family: revoking one revokes them all. */
  family: string;
  expiresAt?: number;
}

export function createFakeOAuthProvider(options: FakeOAuthOptions): FakeOAuthProvider {
  const now = options.now ?? Date.now;
  const client = options.client ?? FAKE_OAUTH_CLIENT;
  const accessTtlMs = (options.accessTokenTtlSeconds ?? 3600) * 1000;
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, LiveToken>();
  const refreshTokens = new Map<string, LiveToken>();
  const stats = { codeExchanges: 0, refreshes: 0, revocations: 0 };
  /** The scopes each account granted the app so far, for `include_granted_scopes`; a revocation forgets them. */
  const grantedBefore = new Map<string, Set<string>>();

  const tokenError = (error: string, description: string): FakeResponse =>
    options.tokenError?.(error, description) ?? { status: 400, body: { error, error_description: description } };

  const accountOf = (id: string): FakeOAuthAccount => {
    const account = options.accounts.find((candidate) => candidate.id === id);
    if (!account) throw new Error(`fake OAuth: no account "${id}"`);
    return account;
  };

  const mint = (grant: FakeOAuthGrant, family: string, request?: FakeRequest): Record<string, unknown> & { access_token: string; refresh_token: string } => {
    const access = `at-${secret()}`;
    const refresh = `rt-${secret()}`;
    accessTokens.set(access, { grant, family, expiresAt: now() + accessTtlMs });
    const refreshTtl = options.refreshTokenTtlSeconds;
    refreshTokens.set(refresh, { grant, family, expiresAt: refreshTtl === undefined ? undefined : now() + refreshTtl * 1000 });
    return {
      access_token: access,
      token_type: 'bearer',
      expires_in: accessTtlMs / 1000,
      refresh_token: refresh,
      scope: grant.scopes.join(' '),
      ...options.tokenFields?.(grant, request ?? emptyRequest()),
    };
  };

  const killFamily = (family: string) => {
    for (const tokens of [accessTokens, refreshTokens]) for (const [value, token] of tokens) if (token.family === family) tokens.delete(value);
  };

  const clientAuthenticated = (request: FakeRequest, form: URLSearchParams): boolean => {
    if ((options.clientAuthentication ?? 'client_secret_basic') === 'client_secret_post') {
      return form.get('client_id') === client.clientId && safeEqual(form.get('client_secret') ?? '', client.clientSecret);
    }
    const header = String(request.headers['authorization'] ?? '');
    if (!header.startsWith('Basic ')) return false;
    const [id, password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return decodeURIComponent(id ?? '') === client.clientId && safeEqual(decodeURIComponent(password ?? ''), client.clientSecret);
  };

  const authorizeProblem = (query: URLSearchParams): string | undefined => {
    if (query.get('client_id') !== client.clientId) return 'unknown client_id';
    if (!query.get('redirect_uri')) return 'redirect_uri is required';
    if (query.get('response_type') !== 'code') return 'response_type must be code';
    if (!query.get('state')) return 'state is required';
    const unknown = (query.get('scope') ?? '').split(' ').filter((scope) => scope && !options.scopes.includes(scope));
    if (unknown.length) return `invalid_scope: ${unknown.join(', ')}`;
    if (query.get('code_challenge') && query.get('code_challenge_method') !== 'S256') return 'code_challenge_method must be S256';
    return undefined;
  };

  const showConsent = (request: FakeRequest): FakeResponse => {
    const problem = authorizeProblem(request.query);
    if (problem) return { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page('Authorization error', `<p id="error">${escape(problem)}</p>`) };
    const hidden = [...request.query.entries()].map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('');
    const choices = options.accounts.map((account) => `<option value="${escape(account.id)}">${escape(account.label)}</option>`).join('');
    const boxes = scopesOf(request.query)
      .map((scope) => `<li><label><input type="checkbox" name="${GRANT_FIELD}" value="${escape(scope)}" checked> ${escape(scope)}</label></li>`)
      .join('');
    const body =
      `<p>The app <b>${escape(client.clientId)}</b> asks for: ${escape(request.query.get('scope') ?? '')}</p>` +
      `<form method="post">${hidden}<input type="hidden" name="${CHOICE_FIELD}" value="1"><ul id="scopes">${boxes}</ul>` +
      `<label>Account <select name="account">${choices}</select></label>` +
      `<button id="approve" name="decision" value="approve">Connect</button>` +
      `<button id="deny" name="decision" value="deny">Cancel</button></form>`;
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page('Connect your account', body) };
  };

  const decide = (request: FakeRequest): FakeResponse => {
    const form = formOf(request);
    const problem = authorizeProblem(form);
    if (problem) return { status: 400, body: { error: 'invalid_request', error_description: problem } };
    const redirect = new URL(form.get('redirect_uri')!);
    redirect.searchParams.set('state', form.get('state')!);
    if (form.get('decision') !== 'approve') {
      redirect.searchParams.set('error', 'access_denied');
      return { status: 302, headers: { location: redirect.toString() } };
    }
    const account = accountOf(form.get('account') ?? options.accounts[0]!.id);
    const grant: FakeOAuthGrant = { account, clientId: client.clientId, scopes: grantedScopes(form, grantedBefore.get(account.id)) };
    grantedBefore.set(account.id, new Set([...(grantedBefore.get(account.id) ?? []), ...grant.scopes]));
    const code = `code-${secret()}`;
    codes.set(code, { grant, redirectUri: form.get('redirect_uri')!, codeChallenge: form.get('code_challenge') ?? undefined, expiresAt: now() + CODE_TTL_MS });
    redirect.searchParams.set('code', code);
    for (const [name, value] of Object.entries(options.callbackParams?.(grant) ?? {})) redirect.searchParams.set(name, value);
    return { status: 302, headers: { location: redirect.toString() } };
  };

  const exchangeCode = (form: URLSearchParams, request: FakeRequest): FakeResponse => {
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code);
    if (!pending || pending.expiresAt <= now()) return tokenError('invalid_grant', 'authorization code is invalid, expired or already used');
    if (form.get('redirect_uri') !== pending.redirectUri) return tokenError('invalid_grant', 'redirect_uri does not match the authorization request');
    if (pending.codeChallenge && pkceChallenge(form.get('code_verifier') ?? '') !== pending.codeChallenge) {
      return tokenError('invalid_grant', 'code_verifier does not match the code_challenge');
    }
    stats.codeExchanges += 1;
    return { status: 200, body: mint(pending.grant, secret(), request) };
  };

  const refresh = (form: URLSearchParams, request: FakeRequest): FakeResponse => {
    const presented = form.get('refresh_token') ?? '';
    const live = refreshTokens.get(presented);
    if (!live || (live.expiresAt !== undefined && live.expiresAt <= now())) return tokenError('invalid_grant', 'Token invalid');
    stats.refreshes += 1;
    if (options.rotateRefreshTokens) {
      refreshTokens.delete(presented);
      return { status: 200, body: mint(live.grant, live.family, request) };
    }
    const body = mint(live.grant, live.family, request);
    refreshTokens.delete(body.refresh_token);
    if (options.refreshTokenTtlSeconds !== undefined) live.expiresAt = now() + options.refreshTokenTtlSeconds * 1000;
    return { status: 200, body: { ...body, refresh_token: presented } };
  };

  const token = (request: FakeRequest): FakeResponse => {
    const form = formOf(request);
    if (!clientAuthenticated(request, form)) return tokenError('invalid_client', 'client authentication failed');
    switch (form.get('grant_type')) {
      case 'authorization_code':
        return exchangeCode(form, request);
      case 'refresh_token':
        return refresh(form, request);
      default:
        return tokenError('unsupported_grant_type', `grant_type ${form.get('grant_type') ?? '(none)'} is not supported`);
    }
  };

  const revoke = (request: FakeRequest): FakeResponse => {
    const presented = options.revokeBody === 'json' ? String((request.body as { token?: unknown } | undefined)?.token ?? '') : (formOf(request).get('token') ?? '');
    if (!clientAuthenticated(request, formOf(request))) return { status: 401, body: { error: 'invalid_client' } };
    const live = refreshTokens.get(presented) ?? accessTokens.get(presented);
    if (live) {
      killFamily(live.family);
      grantedBefore.delete(live.grant.account.id);
      stats.revocations += 1;
    }
    return { status: 200, body: '' };
  };

  const routes: FakeRoute[] = [
    { method: 'GET', path: options.paths.authorize, handler: showConsent },
    { method: 'POST', path: options.paths.authorize, handler: decide },
    { method: 'POST', path: options.paths.token, handler: token },
    ...(options.paths.revoke ? [{ method: 'POST', path: options.paths.revoke, handler: revoke }] : []),
  ];

  return {
    routes,
    verifyAccessToken(value) {
      const live = accessTokens.get(value);
      return live && live.expiresAt !== undefined && live.expiresAt > now() ? live.grant : undefined;
    },
    issue(accountId) {
      return mint({ account: accountOf(accountId), clientId: client.clientId, scopes: [...options.scopes] }, secret());
    },
    stats,
    expireAccessTokens() {
      for (const live of accessTokens.values()) live.expiresAt = 0;
    },
    revokeAll() {
      accessTokens.clear();
      refreshTokens.clear();
    },
  };
}

/**
 * The consent form's fields for scopes: one `granted` per ticked box, and
 * `shown`, which says the boxes were on the page (none ticked is then a
 * choice, not a form without boxes). A test that posts the form unticks by
 * sending `shown` and the `granted` it keeps.
 */
export const CONSENT_SCOPE_FIELDS = { granted: 'granted_scope', shown: 'scopes_shown' } as const;
const GRANT_FIELD = CONSENT_SCOPE_FIELDS.granted;
const CHOICE_FIELD = CONSENT_SCOPE_FIELDS.shown;

function scopesOf(query: URLSearchParams): string[] {
  return (query.get('scope') ?? '').split(' ').filter(Boolean);
}

/**
 * What a consent grants: the requested scopes the person left ticked (all of
 * them when the form had no boxes), plus, with `include_granted_scopes=true`,
 * what the account granted before.
 */
function grantedScopes(form: URLSearchParams, before: ReadonlySet<string> | undefined): string[] {
  const requested = scopesOf(form);
  const ticked = form.has(CHOICE_FIELD) ? new Set(form.getAll(GRANT_FIELD)) : new Set(requested);
  const granted = requested.filter((scope) => ticked.has(scope));
  const earlier = form.get('include_granted_scopes') === 'true' ? [...(before ?? [])].filter((scope) => !granted.includes(scope)) : [];
  return [...granted, ...earlier];
}

/** The S256 code challenge of a PKCE verifier (RFC 7636). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function formOf(request: FakeRequest): URLSearchParams {
  return typeof request.body === 'string' ? new URLSearchParams(request.body) : new URLSearchParams();
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function emptyRequest(): FakeRequest {
  return { method: 'POST', path: '', params: {}, query: new URLSearchParams(), headers: {}, body: undefined };
}
