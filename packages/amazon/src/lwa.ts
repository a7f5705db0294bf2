/**
 * Login with Amazon (LWA): the token endpoint every SP-API call's access token
 * comes from. A private app trades its self-authorised refresh token here; a
 * grantless operation gets a `client_credentials` token for a scope. Tokens
 * live an hour and are kept until a minute before they expire (as Amazon's own
 * clients do). A public app's refresh happens in the host's vault instead.
 */
import {
  AuthenticationError,
  ConfigurationError,
  ReconnectRequiredError,
  refreshingToken,
  UpstreamUnavailableError,
  ValidationError,
  type AccessToken,
  type TokenProvider,
} from '@enterprise-mcp/core';
import { PLATFORM } from './errors.js';

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/** The scopes of grantless operations (notifications destinations, client-secret rotation). */
export type GrantlessScope = 'sellingpartnerapi::notifications' | 'sellingpartnerapi::client_credential:rotation';

export interface LwaApp {
  /** LWA client id of the app (`amzn1.application-oa2-client.…`). */
  clientId: string;
  clientSecret: string;
  /** The token endpoint (default `https://api.amazon.com/auth/o2/token`). */
  tokenUrl?: string;
  timeoutMs?: number;
  now?: () => number;
}

/** Access tokens traded for a refresh token, kept until 60 s before they expire. */
export function refreshTokenProvider(app: LwaApp, refreshToken: string): TokenProvider {
  return refreshingToken(() => requestLwaToken(app, { grant_type: 'refresh_token', refresh_token: refreshToken }), { now: app.now });
}

/** Grantless access tokens for `scopes`, kept until 60 s before they expire. */
export function grantlessTokenProvider(app: LwaApp, scopes: GrantlessScope[]): TokenProvider {
  return refreshingToken(() => requestLwaToken(app, { grant_type: 'client_credentials', scope: scopes.join(' ') }), { now: app.now });
}

/** LWA's error answer: `{error, error_description}`. */
interface LwaErrorBody {
  error?: string;
  error_description?: string;
}

/** One token request: form-encoded, with the app's credentials as form fields, as Amazon's own clients send it. */
export async function requestLwaToken(app: LwaApp, grant: Record<string, string>): Promise<AccessToken> {
  const now = app.now ?? Date.now;
  const form = new URLSearchParams({ ...grant, client_id: app.clientId, client_secret: app.clientSecret });
  let response: Response;
  try {
    response = await fetch(app.tokenUrl ?? LWA_TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(app.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new UpstreamUnavailableError('Login with Amazon could not be reached', { platform: PLATFORM, hint: 'try again shortly', cause: error });
  }
  const body = (await response.json().catch(() => ({}))) as LwaErrorBody & { access_token?: unknown; expires_in?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') throw lwaError(response.status, body, grant['grant_type']!);
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  return { value: body.access_token, expiresAt: new Date(now() + expiresIn * 1000) };
}

/** LWA's error codes (`LWAExceptionErrorCode`) as core's typed errors; the description never holds a secret. */
function lwaError(status: number, body: LwaErrorBody, grantType: string): Error {
  const code = body.error ?? `http_${status}`;
  const message = `Login with Amazon refused the ${grantType} grant: ${body.error_description ?? code}`;
  const opts = { platform: 'Login with Amazon', platformCode: code, status };
  switch (code) {
    case 'invalid_grant':
      return new ReconnectRequiredError(message, {
        ...opts,
        hint: 'the refresh token was revoked, expired (public apps: 365 days) or belongs to another app: authorise the app again and store the new refresh token',
      });
    case 'invalid_client':
    case 'unauthorized_client':
      return new AuthenticationError(message, {
        ...opts,
        hint: 'check the LWA client id and secret (AMAZON_CLIENT_ID, AMAZON_CLIENT_SECRET); LWA client secrets expire and must be rotated',
      });
    case 'invalid_scope':
      return new ConfigurationError('Login with Amazon', [{ variable: 'scope', message: `is not allowed for this app (${body.error_description ?? code})` }]);
    case 'invalid_request':
    case 'unsupported_grant_type':
      return new ValidationError(message, [], opts);
    case 'access_denied':
      return new ReconnectRequiredError(message, { ...opts, hint: 'the seller denied or withdrew the authorisation: authorise the app again' });
    default:
      return new UpstreamUnavailableError(message, { ...opts, hint: 'Login with Amazon had a problem; try again shortly' });
  }
}
