import { importPKCS8, SignJWT } from 'jose';
import {
  AuthenticationError,
  ConfigurationError,
  PermissionDeniedError,
  UpstreamUnavailableError,
  refreshingToken,
  type TokenProvider,
} from '@enterprise-mcp/core';
import { PLATFORM } from './errors.js';

/** The fields of a service account's JSON key file the JWT bearer grant needs. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  client_id?: string;
  token_uri?: string;
}

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google accepts assertions valid for at most an hour. */
const ASSERTION_LIFETIME_SECONDS = 3600;

/** Reads a JSON key file's text (GOOGLE_SERVICE_ACCOUNT_KEY); names what is missing, never echoes the key. */
export function parseServiceAccountKey(text: string, variable = 'GOOGLE_SERVICE_ACCOUNT_KEY'): ServiceAccountKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError('Google service account', [{ variable, message: 'must be the JSON key file of the service account (IAM › Service accounts › Keys › Add key › JSON)' }]);
  }
  const key = (parsed ?? {}) as Record<string, unknown>;
  const missing = ['client_email', 'private_key'].filter((field) => typeof key[field] !== 'string' || !key[field]);
  if (missing.length) throw new ConfigurationError('Google service account', [{ variable, message: `lacks ${missing.join(' and ')}: use the JSON key file as downloaded` }]);
  return key as unknown as ServiceAccountKey;
}

export interface ServiceAccountTokenOptions {
  key: ServiceAccountKey;
  /** The Workspace user to impersonate (domain-wide delegation). */
  subject: string;
  scopes: string[];
  /** Where to trade the assertion; default the key's `token_uri`, else Google's. */
  tokenUrl?: string;
  now?: () => number;
}

/**
 * Access tokens for one impersonated user: an RFC 7523 JWT signed with the
 * service account's key (RS256, jose), traded at the token endpoint. There is
 * no refresh token; a new assertion is signed shortly before each token
 * expires. Tokens are kept per key, user and scopes across clients, so a host
 * that builds a client per call still signs one assertion an hour per user.
 */
export function serviceAccountToken(options: ServiceAccountTokenOptions): TokenProvider {
  const tokenUrl = options.tokenUrl ?? options.key.token_uri ?? GOOGLE_TOKEN_URL;
  const cacheKey = [options.key.client_email, options.key.private_key_id ?? '', options.subject.toLowerCase(), [...options.scopes].sort().join(' '), tokenUrl].join('\u0000');
  const cached = providers.get(cacheKey);
  if (cached) return cached;
  const now = options.now ?? Date.now;
  const provider = refreshingToken(() => fetchToken(options, tokenUrl, now), { now });
  if (providers.size >= MAX_CACHED) providers.delete(providers.keys().next().value!);
  providers.set(cacheKey, provider);
  return provider;
}

const MAX_CACHED = 1000;
const providers = new Map<string, TokenProvider>();

/** Forgets every cached service-account token (tests). */
export function clearServiceAccountTokens(): void {
  providers.clear();
}

async function fetchToken(options: ServiceAccountTokenOptions, tokenUrl: string, now: () => number): Promise<{ value: string; expiresAt: Date }> {
  const assertion = await signAssertion(options, tokenUrl, now());
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString(),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new UpstreamUnavailableError("Google's token endpoint could not be reached", { platform: PLATFORM, hint: 'try again shortly', cause: error });
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (response.ok && body.access_token) {
    return { value: body.access_token, expiresAt: new Date(now() + (body.expires_in ?? 3600) * 1000) };
  }
  throw tokenError(response.status, body, options);
}

async function signAssertion(options: ServiceAccountTokenOptions, audience: string, nowMs: number): Promise<string> {
  let privateKey: Awaited<ReturnType<typeof importPKCS8>>;
  try {
    privateKey = await importPKCS8(options.key.private_key, 'RS256');
  } catch (error) {
    throw new ConfigurationError('Google service account', [{ variable: 'GOOGLE_SERVICE_ACCOUNT_KEY', message: `private_key is not a PKCS#8 PEM key (${(error as Error).message})` }]);
  }
  const issuedAt = Math.floor(nowMs / 1000);
  return new SignJWT({ scope: options.scopes.join(' ') })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(options.key.private_key_id ? { kid: options.key.private_key_id } : {}) })
    .setIssuer(options.key.client_email)
    .setSubject(options.subject)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
    .sign(privateKey);
}

/** Google's answers to a refused assertion, with what an administrator must fix. */
function tokenError(status: number, body: { error?: string; error_description?: string }, options: ServiceAccountTokenOptions) {
  const description = body.error_description ?? body.error ?? `HTTP ${status}`;
  if (body.error === 'unauthorized_client') {
    return new PermissionDeniedError(`Google refused to let the service account act as ${options.subject}: ${description}`, {
      platform: PLATFORM,
      status,
      platformCode: 'unauthorized_client',
      hint: `a super-admin must add client ID ${options.key.client_id ?? '(the key file’s client_id)'} with the scopes ${options.scopes.join(',')} under Admin console › Security › API controls › Domain-wide delegation`,
    });
  }
  if (body.error === 'invalid_grant' && /user|email|subject/i.test(description)) {
    return new AuthenticationError(`Google does not know the user ${options.subject}: ${description}`, {
      platform: PLATFORM,
      status,
      platformCode: 'invalid_grant',
      hint: 'the connection must name a user of the Workspace domain (its email address)',
    });
  }
  return new AuthenticationError(`Google refused the service account's assertion: ${description}`, {
    platform: PLATFORM,
    status,
    platformCode: body.error ?? 'token_error',
    hint: 'check that GOOGLE_SERVICE_ACCOUNT_KEY is a current key of the service account and the machine clock is right',
  });
}
