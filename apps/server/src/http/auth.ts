import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '@enterprise-mcp/core';
import type { KeyVerifier, KeyVerification } from '../data-plane/types.js';

export type Verified = Extract<KeyVerification, { ok: true }>;

const REALM = 'enterprise-mcp';

/** Why a key was refused, as logged: `missing` or the verifier's reason (`unknown`, `revoked`, …), never the key. */
export type AuthRefusal = 'missing' | (string & {});

/**
 * Reads the API key from `Authorization: Bearer emcp_…` or `X-API-Key`. Every
 * failure gets the same answer apart from "missing" vs "not accepted", so the
 * response never tells whether a key, prefix or tenant exists.
 */
export async function authenticate(
  c: Context,
  verifier: KeyVerifier,
): Promise<{ ok: true; verified: Verified } | { ok: false; reason: AuthRefusal; response: Response }> {
  const presented = presentedKey(c);
  if (!presented) {
    return { ok: false, reason: 'missing', response: unauthorized(c, 'invalid_request', 'An API key is required: send "Authorization: Bearer emcp_…" or "X-API-Key: emcp_…"') };
  }
  const result = await verifier.verify(presented);
  if (!result.ok) {
    return { ok: false, reason: result.reason, response: unauthorized(c, 'invalid_token', 'The API key was not accepted: it is unknown, revoked or expired, or its tenant is suspended') };
  }
  return { ok: true, verified: result };
}

/**
 * Authenticates on the headers alone, before anything reads the body: a
 * caller without a valid key gets its 401 at once and the connection is
 * closed, so it cannot hold a socket open by trickling a body. The refusal is
 * logged with its reason (the key itself never is).
 */
export function requireApiKey(verifier: KeyVerifier, logger: Logger): MiddlewareHandler<{ Variables: { requestId: string; auth: Verified } }> {
  return async (c, next) => {
    c.header('Connection', 'close');
    const auth = await authenticate(c, verifier);
    if (!auth.ok) {
      logger.warn({ requestId: c.get('requestId'), reason: auth.reason }, 'API key refused');
      return auth.response;
    }
    c.header('Connection', undefined);
    c.set('auth', auth.verified);
    await next();
  };
}

function presentedKey(c: Context): string | undefined {
  const authorization = c.req.header('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? c.req.header('x-api-key')?.trim() ?? undefined;
}

function unauthorized(c: Context, error: 'invalid_request' | 'invalid_token', message: string): Response {
  c.header('WWW-Authenticate', `Bearer realm="${REALM}", error="${error}", error_description="${message.replace(/"/g, "'").replace(/…/g, '...')}"`);
  return c.json({ error: 'unauthorized', message }, 401);
}
