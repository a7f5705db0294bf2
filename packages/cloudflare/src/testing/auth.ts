import type { FakeRequest, FakeResponse } from '@enterprise-mcp/core/testing';
import { fail } from './envelope.js';
import type { CloudflareFakeState, FakeToken, FakeUser } from './state.js';

/** Who a request authenticated as: an API token, or the user of an email and Global API Key. */
export type FakePrincipal = { kind: 'token'; token: FakeToken } | { kind: 'key'; user: FakeUser };

const BEARER = /^Bearer ([A-Za-z0-9_-]{40})$/;
/** The Global API Key format: 37 lower-case hex characters (an API token sent as a key fails this, as on Cloudflare). */
const GLOBAL_KEY = /^[0-9a-f]{37}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Cloudflare's answers to the credential headers, in its codes and words:
 * none at all 9106; half a key pair 6003 with 6100/6101; a malformed header
 * 6003 with 6102/6103 (key pair) or 6111 (Authorization); a key pair of no
 * user 403 9103; an unknown or inactive token 403 9109, or 401 1000 at the
 * verify endpoints. Returns the principal, or the answer that refuses it.
 */
export function authenticate(request: FakeRequest, state: CloudflareFakeState): FakePrincipal | FakeResponse {
  const { authorization } = request.headers;
  const email = header(request, 'x-auth-email');
  const key = header(request, 'x-auth-key');
  if (authorization === undefined && email === undefined && key === undefined) {
    return fail(400, [{ code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' }]);
  }
  if (authorization === undefined) return authenticateKey(request, state, email, key);
  return authenticateToken(request, state, authorization);
}

function authenticateKey(request: FakeRequest, state: CloudflareFakeState, email?: string, key?: string): FakePrincipal | FakeResponse {
  const missing = [
    ...(email === undefined ? [{ code: 6100, message: 'Missing X-Auth-Email header' }] : []),
    ...(key === undefined ? [{ code: 6101, message: 'Missing X-Auth-Key header' }] : []),
  ];
  if (missing.length) return fail(400, [{ code: 6003, message: 'Invalid request headers', error_chain: missing }]);
  const malformed = [
    ...(EMAIL.test(email!) ? [] : [{ code: 6102, message: 'Invalid format for X-Auth-Email header' }]),
    ...(GLOBAL_KEY.test(key!) ? [] : [{ code: 6103, message: 'Invalid format for X-Auth-Key header' }]),
  ];
  if (malformed.length) return fail(400, [{ code: 6003, message: 'Invalid request headers', error_chain: malformed }]);
  const user = state.user;
  if (key !== user.apiKey || email!.toLowerCase() !== user.email.toLowerCase()) {
    return fail(403, [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }]);
  }
  // The verify endpoints check API tokens; a Global API Key is not one.
  if (isVerifyPath(request.path)) return fail(401, [{ code: 1000, message: 'Invalid API Token' }]);
  return { kind: 'key', user };
}

function authenticateToken(request: FakeRequest, state: CloudflareFakeState, authorization: string): FakePrincipal | FakeResponse {
  const match = BEARER.exec(authorization);
  if (!match) {
    return fail(400, [
      { code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] },
    ]);
  }
  const token = state.tokens.get(match[1]!);
  const verifyAccount = /^\/accounts\/([^/]+)\/tokens\/verify\/?$/.exec(request.path);
  if (isVerifyPath(request.path)) {
    const fits = verifyAccount ? token?.kind === 'account' && token.accountId === verifyAccount[1] : token?.kind === 'user';
    if (!token || !fits) return fail(401, [{ code: 1000, message: 'Invalid API Token' }]);
  } else if (!token || token.status !== 'active') {
    return fail(403, [{ code: 9109, message: 'Invalid access token' }]);
  }
  return { kind: 'token', token };
}

/** The secret a principal's request budget is counted under. */
export function budgetKey(principal: FakePrincipal): string {
  return principal.kind === 'token' ? principal.token.token : principal.user.apiKey;
}

function isVerifyPath(path: string): boolean {
  const bare = path.replace(/\/$/, '');
  return bare === '/user/tokens/verify' || /^\/accounts\/[^/]+\/tokens\/verify$/.test(bare);
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
