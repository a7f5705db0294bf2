import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { createFakeOAuthProvider, FAKE_OAUTH_CLIENT, type FakeOAuthProvider, type FakeRequest, type FakeResponse, type FakeRoute } from '@enterprise-mcp/core/testing';
import { SCOPES, normaliseScope } from '../scopes.js';
import { GOOGLE_PERMISSIONS, PERMISSION_LEVELS } from '../permissions.js';
import { newId } from './respond.js';

/**
 * Google's OAuth endpoints on core's fake provider, with Google's habits:
 * no refresh-token rotation (a refresh answer has no refresh_token), a
 * refresh_token only when the consent screen was shown (`prompt=consent`) or
 * on the first consent, `invalid_grant` "Token has been expired or revoked.",
 * an id_token naming the account, the 7-day refresh-token life of an app in
 * "Testing" status; and the JWT bearer grant of service accounts with
 * domain-wide delegation, checking the signed assertion.
 */

export interface FakeGoogleUser {
  email: string;
  name: string;
}

export interface Grant {
  email: string;
  scopes: Set<string>;
}

export interface GoogleOAuthOptions {
  users: FakeGoogleUser[];
  now: () => number;
  /** An external app in "Testing" status: refresh tokens die 7 days after they are issued. */
  testingApp?: boolean;
  /** The scopes a super-admin delegated to the service account (default every level's). */
  delegatedScopes?: string[];
}

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SEVEN_DAYS_MS = 7 * 86_400_000;
const KNOWN_SCOPES = [...new Set([SCOPES.openid, SCOPES.email, SCOPES.userinfoEmail, 'https://mail.google.com/', ...PERMISSION_LEVELS.flatMap((level) => GOOGLE_PERMISSIONS[level].scopes), SCOPES.gmailMetadata, SCOPES.calendar, SCOPES.spreadsheetsReadonly, SCOPES.documentsReadonly])];

export interface GoogleOAuth {
  routes: FakeRoute[];
  provider: FakeOAuthProvider;
  /** The grant of a live access token: one from the code flow, a service account's, or one minted for a test. */
  verify(token: string): Grant | undefined;
  /** An access token for a user with exactly these scopes (default every level's), as if consent had happened. */
  issueToken(email: string, scopes?: string[]): string;
  expireAccessTokens(): void;
  /** The service account's JSON key file, its token_uri at `tokenUrl`. */
  serviceAccountKey(tokenUrl: string): string;
  serviceAccount: { clientEmail: string; clientId: string };
  stats: { jwtGrants: number };
}

export function createGoogleOAuth(options: GoogleOAuthOptions): GoogleOAuth {
  const { now } = options;
  const tokens = new Map<string, Grant & { expiresAt: number }>();
  const refreshIssuedAt = new Map<string, number>();
  const codePrompts = new Map<string, { prompt?: string }>();
  const consented = new Set<string>();
  const stats = { jwtGrants: 0 };
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccount = { clientEmail: 'mcp-delegate@fake-project.iam.gserviceaccount.com', clientId: '104000000000000000001', keyId: newId(40) };
  const delegated = new Set(options.delegatedScopes ?? PERMISSION_LEVELS.flatMap((level) => GOOGLE_PERMISSIONS[level].scopes));

  const provider = createFakeOAuthProvider({
    paths: { authorize: '/o/oauth2/v2/auth', token: '/token', revoke: '/revoke' },
    clientAuthentication: 'client_secret_post',
    accounts: options.users.map((user) => ({ id: user.email, label: `${user.name} (${user.email})` })),
    scopes: KNOWN_SCOPES,
    accessTokenTtlSeconds: 3599,
    now,
    tokenFields: (grant) => ({ token_type: 'Bearer', id_token: idToken(grant.account.id, options.users, now) }),
    tokenError: (error, description) => googleTokenError(error, description),
  });
  const [consentPage, decide, token, revoke] = provider.routes as [FakeRoute, FakeRoute, FakeRoute, FakeRoute];

  const issue = (email: string, scopes: string[], ttlMs = 3599_000): string => {
    const value = `ya29.fake-${newId(32)}`;
    tokens.set(value, { email, scopes: new Set(scopes.map(normaliseScope)), expiresAt: now() + ttlMs });
    return value;
  };

  const jwtGrant = async (request: FakeRequest, form: URLSearchParams): Promise<FakeResponse> => {
    const audience = `http://${String(request.headers.host)}/token`;
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(form.get('assertion') ?? '', keys.publicKey, { algorithms: ['RS256'], issuer: serviceAccount.clientEmail, audience, maxTokenAge: '1h', currentDate: new Date(now()) }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      return googleTokenError('invalid_grant', code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? 'Invalid JWT Signature.' : `Invalid JWT: ${(error as Error).message}`);
    }
    const subject = String(claims['sub'] ?? '');
    if (!options.users.some((user) => user.email === subject)) return googleTokenError('invalid_grant', 'Invalid email or User ID');
    const scopes = String(claims['scope'] ?? '').split(' ').filter(Boolean);
    if (!scopes.length || scopes.some((scope) => !delegated.has(scope))) {
      return { status: 401, body: { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' } };
    }
    stats.jwtGrants += 1;
    return { status: 200, body: { access_token: issue(subject, scopes), expires_in: 3599, token_type: 'Bearer' } };
  };

  const tokenRoute: FakeRoute = {
    method: 'POST',
    path: '/token',
    handler: async (request) => {
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const grantType = form.get('grant_type');
      if (grantType === JWT_BEARER) return jwtGrant(request, form);
      const refresh = form.get('refresh_token') ?? '';
      if (grantType === 'refresh_token' && options.testingApp && now() - (refreshIssuedAt.get(refresh) ?? now()) > SEVEN_DAYS_MS) {
        return googleTokenError('invalid_grant', 'Token has been expired or revoked.');
      }
      const code = form.get('code') ?? '';
      const response = await token.handler(request);
      if (response.status !== 200 || !response.body || typeof response.body !== 'object') return response;
      const body = { ...(response.body as Record<string, unknown>) };
      body['scope'] = String(body['scope'] ?? '').split(' ').filter(Boolean).map(normaliseScope).join(' ');
      if (grantType === 'refresh_token') delete body['refresh_token'];
      if (grantType === 'authorization_code') {
        const account = provider.verifyAccessToken(String(body['access_token']))?.account.id ?? '';
        // Google sends a refresh token on the first consent and whenever the consent screen is shown again.
        if (codePrompts.get(code)?.prompt !== 'consent' && consented.has(account)) delete body['refresh_token'];
        else refreshIssuedAt.set(String(body['refresh_token']), now());
        consented.add(account);
      }
      return { ...response, body };
    },
  };

  const decideRoute: FakeRoute = {
    ...decide,
    handler: async (request) => {
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const response = await decide.handler(request);
      const location = response.headers?.['location'];
      const code = location ? new URL(location).searchParams.get('code') : null;
      if (code) codePrompts.set(code, { prompt: form.get('prompt') ?? undefined });
      return response;
    },
  };

  return {
    routes: [consentPage, decideRoute, tokenRoute, revoke],
    provider,
    verify(value) {
      const own = tokens.get(value);
      if (own) return own.expiresAt > now() ? own : undefined;
      const grant = provider.verifyAccessToken(value);
      return grant ? { email: grant.account.id, scopes: new Set(grant.scopes.map(normaliseScope)) } : undefined;
    },
    issueToken: (email, scopes) => issue(email, scopes ?? [...KNOWN_SCOPES]),
    expireAccessTokens() {
      provider.expireAccessTokens();
      for (const grant of tokens.values()) grant.expiresAt = 0;
    },
    serviceAccountKey: (tokenUrl) =>
      JSON.stringify({
        type: 'service_account',
        project_id: 'fake-project',
        private_key_id: serviceAccount.keyId,
        private_key: (keys.privateKey as KeyObject).export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: serviceAccount.clientEmail,
        client_id: serviceAccount.clientId,
        token_uri: tokenUrl,
      }),
    serviceAccount: { clientEmail: serviceAccount.clientEmail, clientId: serviceAccount.clientId },
    stats,
  };
}

export { FAKE_OAUTH_CLIENT };

/** Google's token errors: `invalid_grant` for a dead refresh token reads "Token has been expired or revoked."; `invalid_client` is a 401. */
function googleTokenError(error: string, description: string): FakeResponse {
  if (error === 'invalid_client') return { status: 401, body: { error, error_description: 'Unauthorized' } };
  if (error === 'invalid_grant' && /^Token invalid$/.test(description)) return { status: 400, body: { error, error_description: 'Token has been expired or revoked.' } };
  if (error === 'invalid_grant' && /authorization code|redirect_uri|code_verifier/.test(description)) return { status: 400, body: { error, error_description: 'Bad Request' } };
  return { status: 400, body: { error, error_description: description } };
}

/** An OpenID Connect id_token for the account (signed with a throwaway key: the client reads its claims only). */
function idToken(email: string, users: FakeGoogleUser[], now: () => number): string {
  const user = users.find((candidate) => candidate.email === email);
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const issuedAt = Math.floor(now() / 1000);
  const claims = { iss: 'https://accounts.google.com', aud: FAKE_OAUTH_CLIENT.clientId, sub: subOf(email), email, email_verified: true, name: user?.name, iat: issuedAt, exp: issuedAt + 3599 };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
}

/** A stable numeric `sub` per email, as Google's are. */
export function subOf(email: string): string {
  let hash = 0n;
  for (const char of email) hash = (hash * 131n + BigInt(char.charCodeAt(0))) % 10n ** 20n;
  return `1${hash.toString().padStart(20, '0')}`;
}

