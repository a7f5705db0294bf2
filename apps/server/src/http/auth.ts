import type { Context } from 'hono';
import type { KeyVerifier, KeyVerification } from '../data-plane/types.js';

type Verified = Extract<KeyVerification, { ok: true }>;

const REALM = 'enterprise-mcp';

/**
 * Reads the API key from `Authorization: Bearer emcp_…` or `X-API-Key`. Every
 * failure gets the same answer apart from "missing" vs "not accepted", so the
 * response never tells whether a key, prefix or tenant exists.
 */
export async function authenticate(
  c: Context,
  verifier: KeyVerifier,
): Promise<{ ok: true; verified: Verified } | { ok: false; response: Response }> {
  const presented = presentedKey(c);
  if (!presented) {
    return { ok: false, response: unauthorized(c, 'invalid_request', 'An API key is required: send "Authorization: Bearer emcp_…" or "X-API-Key: emcp_…"') };
  }
  const result = await verifier.verify(presented);
  if (!result.ok) {
    return { ok: false, response: unauthorized(c, 'invalid_token', 'The API key was not accepted: it is unknown, revoked or expired, or its tenant is suspended') };
  }
  return { ok: true, verified: result };
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
