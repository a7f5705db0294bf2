import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '@enterprise-mcp/core';
import { isEmbeddedAccessToken, READ_SCOPE, WRITE_SCOPE, type Authorization, type OAuthPrincipal } from '@enterprise-mcp/authorization';
import type { KeyScopes, KeyVerifier, TenantInfo } from '../data-plane/types.js';

/** A caller that passed the gate: with an API key, or with an OAuth access token. */
export interface Verified {
  tenant: TenantInfo;
  scopes: KeyScopes;
  /** The API key; null for OAuth callers. */
  key: { id: string } | null;
  /** The OAuth token's user, client and scopes; absent for API keys. */
  oauth?: Pick<OAuthPrincipal, 'userId' | 'clientId' | 'scopes' | 'attainableScopes'>;
  /** One id per key or per user and client: what per-caller memory (client info) is keyed by. */
  principalId: string;
}

/** What the gate needs of the authorization package: token verification and its challenges. */
export type OAuthGate = Pick<Authorization, 'verifier' | 'challenge'>;

const REALM = 'enterprise-mcp';

/** Why a caller was refused, as logged: `missing` or the verifier's reason (`unknown`, `revoked`, …), never the key. */
export type AuthRefusal = 'missing' | 'insufficient_scope' | (string & {});

type Outcome = { ok: true; verified: Verified } | { ok: false; reason: AuthRefusal; response: Response; accessToken?: boolean };

/**
 * The one auth gate. `Authorization: Bearer` carries an API key (`emcp_…`)
 * or, with OAuth on, an access token; `X-API-Key` carries only keys. Every
 * failure gets the same answer apart from "missing" vs "not accepted", so the
 * response never tells whether a key, token, prefix or tenant exists; with
 * OAuth on it also names the resource metadata (RFC 9728) and scopes to ask for.
 */
export async function authenticate(c: Context, verifier: KeyVerifier, oauth?: OAuthGate): Promise<Outcome> {
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const presented = bearer ?? c.req.header('x-api-key')?.trim() ?? undefined;
  if (!presented) {
    const message = oauth
      ? 'Authorization is required: sign in with OAuth (see the resource_metadata in WWW-Authenticate) or send an API key as "Authorization: Bearer emcp_..."'
      : 'An API key is required: send "Authorization: Bearer emcp_…" or "X-API-Key: emcp_…"';
    return { ok: false, reason: 'missing', response: unauthorized(c, oauth, 'invalid_request', message) };
  }
  if (oauth && bearer && isOAuthToken(bearer)) return authenticateToken(c, oauth, bearer);
  const result = await verifier.verify(presented);
  if (!result.ok) {
    return { ok: false, reason: result.reason, response: unauthorized(c, oauth, 'invalid_token', 'The API key was not accepted: it is unknown, revoked or expired, or its tenant is suspended') };
  }
  return { ok: true, verified: { tenant: result.tenant, scopes: result.scopes, key: { id: result.key.id }, principalId: result.key.id } };
}

/** Our own access tokens are `emcp_at_…`; API keys are other `emcp_…`; anything else is an external AS's JWT. */
function isOAuthToken(token: string): boolean {
  return isEmbeddedAccessToken(token) || !token.startsWith('emcp_');
}

async function authenticateToken(c: Context, oauth: OAuthGate, token: string): Promise<Outcome> {
  const result = await oauth.verifier.verify(token);
  if (!result.ok) {
    const response = unauthorized(c, oauth, 'invalid_token', 'The access token was not accepted: it is unknown, expired, revoked or for another resource; authorize again');
    return { ok: false, reason: result.reason, response, accessToken: true };
  }
  const { principal } = result;
  if (!principal.scopes.includes(READ_SCOPE)) return { ok: false, reason: 'insufficient_scope', response: insufficientScope(c, oauth, [READ_SCOPE]), accessToken: true };
  const { userId, clientId, scopes, attainableScopes } = principal;
  return {
    ok: true,
    verified: {
      tenant: principal.tenant,
      scopes: { readOnly: !scopes.includes(WRITE_SCOPE) },
      key: null,
      oauth: { userId, clientId, scopes, attainableScopes },
      principalId: `oauth:${userId}:${clientId ?? ''}`,
    },
  };
}

/**
 * Authenticates on the headers alone, before anything reads the body: a
 * caller without valid credentials gets its 401 at once and the connection is
 * closed, so it cannot hold a socket open by trickling a body. The refusal is
 * logged with its reason (the key or token itself never is).
 */
export function requireCaller(verifier: KeyVerifier, oauth: OAuthGate | undefined, logger: Logger): MiddlewareHandler<{ Variables: { requestId: string; auth: Verified } }> {
  return async (c, next) => {
    c.header('Connection', 'close');
    const auth = await authenticate(c, verifier, oauth);
    if (!auth.ok) {
      logger.warn({ requestId: c.get('requestId'), reason: auth.reason }, auth.accessToken ? 'access token refused' : 'API key refused');
      return auth.response;
    }
    c.header('Connection', undefined);
    c.set('auth', auth.verified);
    await next();
  };
}

/**
 * RFC 6750 §3.1 step-up: a read-only token calling a write tool gets 403
 * `insufficient_scope` naming every scope needed, so the client asks the user
 * again, when the user's role could grant it; otherwise the tool is refused
 * as for a read-only key.
 */
export function stepUpResponse(c: Context, verified: Verified, oauth: OAuthGate | undefined, callsWriteTool: boolean): Response | undefined {
  if (!oauth || !verified.oauth || !callsWriteTool || !verified.scopes.readOnly) return undefined;
  if (!verified.oauth.attainableScopes.includes(WRITE_SCOPE)) return undefined;
  return insufficientScope(c, oauth, [READ_SCOPE, WRITE_SCOPE]);
}

function insufficientScope(c: Context, oauth: OAuthGate, scope: string[]): Response {
  const message = `This call needs the scopes ${scope.join(' ')}; authorize again with them`;
  c.header('WWW-Authenticate', oauth.challenge({ error: 'insufficient_scope', description: message, scope }));
  return c.json({ error: 'insufficient_scope', message }, 403);
}

function unauthorized(c: Context, oauth: OAuthGate | undefined, error: 'invalid_request' | 'invalid_token', message: string): Response {
  const description = message.replace(/"/g, "'").replace(/…/g, '...');
  c.header('WWW-Authenticate', oauth ? oauth.challenge({ realm: REALM, error, description }) : `Bearer realm="${REALM}", error="${error}", error_description="${description}"`);
  return c.json({ error: 'unauthorized', message }, 401);
}
