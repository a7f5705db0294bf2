import { randomBytes } from 'node:crypto';
import { createFakeOAuthProvider, type FakeOAuthProvider, type FakeRequest, type FakeResponse, type FakeRoute } from '@enterprise-mcp/core/testing';

/**
 * Login with Amazon and Seller Central's consent page, on core's fake OAuth
 * provider: Amazon's parameter names (`application_id`, `version=beta`,
 * `spapi_oauth_code`, `selling_partner_id`), the app's credentials as form
 * fields, LWA's error body and grantless (`client_credentials`) tokens.
 */

export const LWA_TOKEN_PATH = '/auth/o2/token';
export const CONSENT_PATH = '/apps/authorize/consent';
export const GRANTLESS_SCOPES = ['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation'];

export interface FakeLwaOptions {
  clientId: string;
  clientSecret: string;
  applicationId: string;
  /** The app is a draft: the consent page wants `version=beta`. */
  draftApp: boolean;
  /** The app's registered redirect URI, used when the consent URL names none. */
  redirectUri: string;
  seller: { id: string; label: string };
}

export interface FakeLwa {
  provider: FakeOAuthProvider;
  routes: FakeRoute[];
  /** The grantless token's scopes, when it is one. */
  grantless(token: string): string[] | undefined;
}

/** LWA's token errors: `{error_description, error}`; 401 for a bad client, 400 otherwise. */
function lwaError(error: string, description: string): FakeResponse {
  const status = error === 'invalid_client' ? 401 : 400;
  const wording: Record<string, string> = {
    invalid_grant: 'The request has an invalid grant parameter : refresh_token. User may have revoked or didn\'t grant the permission.',
    invalid_client: 'Client authentication failed',
  };
  return { status, body: { error_description: wording[error] ?? description, error } };
}

export function createFakeLwa(options: FakeLwaOptions): FakeLwa {
  const provider = createFakeOAuthProvider({
    paths: { authorize: CONSENT_PATH, token: LWA_TOKEN_PATH },
    client: { clientId: options.clientId, clientSecret: options.clientSecret },
    clientAuthentication: 'client_secret_post',
    accounts: [options.seller],
    scopes: [],
    callbackParams: (grant) => ({ selling_partner_id: grant.account.id }),
    tokenError: lwaError,
  });
  const [showConsent, decide, token] = provider.routes.map((route) => route.handler) as [FakeRoute['handler'], FakeRoute['handler'], FakeRoute['handler']];
  const grantlessTokens = new Map<string, string[]>();

  /** Seller Central's parameters, in the provider's terms. */
  const translate = (query: URLSearchParams): URLSearchParams | FakeResponse => {
    if (query.get('application_id') !== options.applicationId) return consentError('The application_id is not a known application.');
    if (options.draftApp && query.get('version') !== 'beta') return consentError('This application is in draft status: add version=beta to authorize it.');
    if (!query.get('state')) return consentError('state is required.');
    return new URLSearchParams({
      client_id: options.clientId,
      response_type: 'code',
      redirect_uri: query.get('redirect_uri') ?? options.redirectUri,
      state: query.get('state')!,
    });
  };

  const consentPage = (request: FakeRequest) => {
    const translated = translate(request.query);
    return translated instanceof URLSearchParams ? showConsent({ ...request, query: translated }) : translated;
  };

  /** Back to the app with Amazon's names: `spapi_oauth_code` (not `code`) and `selling_partner_id`. */
  const consentDecision = async (request: FakeRequest) => {
    const response = await decide(request);
    const location = response.headers?.['location'];
    if (!location) return response;
    const url = new URL(location);
    const code = url.searchParams.get('code');
    if (code) {
      url.searchParams.delete('code');
      url.searchParams.set('spapi_oauth_code', code);
    }
    return { ...response, headers: { ...response.headers, location: url.toString() } };
  };

  const tokenEndpoint = (request: FakeRequest) => {
    const form = typeof request.body === 'string' ? new URLSearchParams(request.body) : new URLSearchParams();
    if (form.get('grant_type') !== 'client_credentials') return token(request);
    if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) return lwaError('invalid_client', 'client authentication failed');
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (!scopes.length || scopes.some((scope) => !GRANTLESS_SCOPES.includes(scope))) return lwaError('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    const accessToken = `Atza|grantless-${randomBytes(18).toString('base64url')}`;
    grantlessTokens.set(accessToken, scopes);
    return { status: 200, body: { access_token: accessToken, scope: scopes.join(' '), token_type: 'bearer', expires_in: 3600 } };
  };

  return {
    provider,
    routes: [
      { method: 'GET', path: CONSENT_PATH, handler: consentPage },
      { method: 'POST', path: CONSENT_PATH, handler: consentDecision },
      { method: 'POST', path: LWA_TOKEN_PATH, handler: tokenEndpoint },
    ],
    grantless: (value) => grantlessTokens.get(value),
  };
}

function consentError(message: string): FakeResponse {
  return { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!doctype html><html><body><h1>Authorization error</h1><p id="error">${message}</p></body></html>` };
}
