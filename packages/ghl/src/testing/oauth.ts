import {
  createFakeOAuthProvider,
  type FakeOAuthAccount,
  type FakeOAuthGrant,
  type FakeOAuthProvider,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
} from '@enterprise-mcp/core/testing';
import { GHL_OAUTH } from '../ecosystem.js';
import { FORBIDDEN_LOCATION } from './context.js';
import { ghlError, ok } from './respond.js';
import type { GhlFakeState } from './state.js';
import { validateOAuthRequest } from './validate.js';

/**
 * GoHighLevel's marketplace OAuth on core's fake provider: the
 * chooselocation consent page, `POST /oauth/token` (client_secret_post, form
 * or JSON bodies checked against the published GetAccessCodebodyDto, rotating
 * refresh tokens valid a year), and the agency routes `POST
 * /oauth/locationToken` and `GET /oauth/installedLocations`. GoHighLevel
 * documents no revocation endpoint: an app is uninstalled in the platform's UI.
 */

export const OAUTH_PATHS = { authorize: '/oauth/chooselocation', token: '/oauth/token', locationToken: '/oauth/locationToken', installedLocations: '/oauth/installedLocations' };

/** GoHighLevel's answer when an agency (Company) token calls a sub-account API, or a Location token an agency one. */
export const AUTH_CLASS_REFUSED = 'This authClass type is not allowed to access this scope. Please verify your IAM configuration if this is not the case.';

const FORBIDDEN_COMPANY = 'The token does not have access to this company.';

/** Access tokens last a day (`expires_in` 86399); a refresh token a year unless used, and using it replaces it. */
const ACCESS_TOKEN_TTL_SECONDS = 86_399;
const REFRESH_TOKEN_TTL_SECONDS = 365 * 86_400;

export interface GhlOAuthOptions {
  state: GhlFakeState;
  client: { clientId: string; clientSecret: string };
  /** The app id: a client id is `<appId>-<suffix>`. */
  appId: string;
  /** The agency and its sub-accounts the consent page offers (an install picks one, or the agency). */
  companyId: string;
  locationIds: string[];
  /** The locations the app counts as installed from the start (the demo connection's). */
  installed: string[];
  now: () => Date;
}

/** Who a marketplace access token acts for: one location, or the agency (`Company`). */
export interface GhlOAuthCaller {
  userType: 'Location' | 'Company';
  /** The location id, or the company id of a Company token. */
  id: string;
}

export interface GhlOAuth {
  provider: FakeOAuthProvider;
  routes: FakeRoute[];
  callerOf(accessToken: string): GhlOAuthCaller | undefined;
}

export function ghlOAuth(options: GhlOAuthOptions): GhlOAuth {
  const { state, companyId } = options;
  const installed = new Set(options.installed);
  const companyLocations = () => state.locations.filter((location) => location.companyId === companyId).map((location) => location.id);
  const userTypeOf = (account: FakeOAuthAccount): GhlOAuthCaller['userType'] => (account.id === companyId ? 'Company' : 'Location');

  const provider = createFakeOAuthProvider({
    paths: { authorize: OAUTH_PATHS.authorize, token: OAUTH_PATHS.token },
    client: options.client,
    clientAuthentication: 'client_secret_post',
    accounts: [...options.locationIds.map((id) => ({ id, label: locationName(state, id) })), { id: companyId, label: 'Demo Agency (the agency itself)' }],
    scopes: GHL_OAUTH.scopes,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: REFRESH_TOKEN_TTL_SECONDS,
    rotateRefreshTokens: true,
    // The token's class follows the install (GoHighLevel: "depending on ... who has installed the APP"):
    // a sub-account chosen on the page gets a Location token, the agency a Company one.
    tokenFields: (grant) => (userTypeOf(grant.account) === 'Company' ? companyTokenFields(grant, companyLocations()) : locationTokenFields(grant, companyId, installerOf(state, grant.account.id))),
    tokenError: (error, description) => ghlError(error === 'invalid_client' ? 401 : 400, description, { error }),
    now: () => options.now().getTime(),
  });

  const callerOf = (accessToken: string): GhlOAuthCaller | undefined => {
    const grant = provider.verifyAccessToken(accessToken);
    return grant && { userType: userTypeOf(grant.account), id: grant.account.id };
  };

  const tokenEndpoint = provider.routes.find((route) => route.method === 'POST' && route.path === OAUTH_PATHS.token)!;
  const token = async (request: FakeRequest): Promise<FakeResponse> => {
    // The documentation's own samples post JSON; the published file says form. Both reach the same grant.
    const fields = fieldsOf(request);
    const invalid = validateOAuthRequest(request, fields);
    if (invalid) return invalid;
    const response = await tokenEndpoint.handler({ ...request, body: new URLSearchParams(fields).toString() });
    if (response.status === 200 && fields['grant_type'] === 'authorization_code') recordInstall(response.body as Record<string, unknown>, installed);
    return response;
  };

  const locationToken = (request: FakeRequest): FakeResponse => {
    const fields = fieldsOf(request);
    const invalid = validateOAuthRequest(request, fields);
    if (invalid) return invalid;
    if (fields['companyId'] !== companyId) return ghlError(403, FORBIDDEN_COMPANY);
    const locationId = fields['locationId']!;
    if (!companyLocations().includes(locationId)) return ghlError(403, FORBIDDEN_LOCATION);
    const minted = provider.issue(locationId);
    installed.add(locationId);
    return ok({
      access_token: minted.access_token,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      scope: minted['scope'],
      locationId,
      userId: installerOf(state, locationId),
    });
  };

  const installedLocations = (request: FakeRequest): FakeResponse => {
    const invalid = validateOAuthRequest(request, undefined);
    if (invalid) return invalid;
    const q = request.query;
    if (q.get('companyId') !== companyId) return ghlError(403, FORBIDDEN_COMPANY);
    if (q.get('appId') !== options.appId) return ghlError(403, 'The token does not belong to this app.');
    const text = q.get('query')?.toLowerCase();
    const wantInstalled = q.get('isInstalled');
    const matching = state.locations
      .filter((location) => location.companyId === companyId)
      .map((location) => ({ _id: location.id, name: location.name, address: addressOf(location), isInstalled: installed.has(location.id) }))
      .filter((location) => !text || location.name.toLowerCase().includes(text))
      .filter((location) => wantInstalled === null || String(location.isInstalled) === wantInstalled);
    const skip = Number(q.get('skip') ?? 0);
    const limit = Number(q.get('limit') ?? 20);
    return ok({ locations: matching.slice(skip, skip + limit), count: matching.length, installToFutureLocations: false });
  };

  const routes: FakeRoute[] = [
    ...provider.routes.filter((route) => route !== tokenEndpoint),
    { method: 'POST', path: OAUTH_PATHS.token, handler: token },
    { method: 'POST', path: OAUTH_PATHS.locationToken, handler: locationToken },
    { method: 'GET', path: OAUTH_PATHS.installedLocations, handler: installedLocations },
  ];
  return { provider, routes, callerOf };
}

/** The consent page and the token endpoint take no bearer token; the agency routes do. */
export function isPublicOAuthPath(path: string): boolean {
  return path === OAUTH_PATHS.authorize || path === OAUTH_PATHS.token;
}

export function isAgencyPath(path: string): boolean {
  return path === OAUTH_PATHS.locationToken || path === OAUTH_PATHS.installedLocations;
}

/** GetAccessCodeSuccessfulResponseDto of a sub-account install. */
function locationTokenFields(grant: FakeOAuthGrant, companyId: string, userId: string): Record<string, unknown> {
  return { token_type: 'Bearer', userType: 'Location', companyId, locationId: grant.account.id, userId };
}

/** GetAccessCodeSuccessfulResponseDto of an agency install: no locationId, the sub-accounts it may mint Location tokens for. */
function companyTokenFields(grant: FakeOAuthGrant, approvedLocations: string[]): Record<string, unknown> {
  return { token_type: 'Bearer', userType: 'Company', companyId: grant.account.id, approvedLocations, isBulkInstallation: true, userId: AGENCY_ADMIN_ID };
}

const AGENCY_ADMIN_ID = 'UserAgencyAdmin00001';

/** The user who installed the app in a location: its first admin, else the agency's admin. */
function installerOf(state: GhlFakeState, locationId: string): string {
  const users = state.users.filter((user) => user.locationIds.includes(locationId));
  return (users.find((user) => user.roles?.role === 'admin') ?? users[0])?.id ?? AGENCY_ADMIN_ID;
}

function recordInstall(body: Record<string, unknown>, installed: Set<string>): void {
  const locations = typeof body['locationId'] === 'string' ? [body['locationId']] : (body['approvedLocations'] as string[] | undefined) ?? [];
  for (const id of locations) installed.add(id);
}

/** A token request's fields: a form body, or the JSON object the documentation's samples send. */
function fieldsOf(request: FakeRequest): Record<string, string> {
  if (typeof request.body === 'string') return Object.fromEntries(new URLSearchParams(request.body));
  if (!request.body || typeof request.body !== 'object') return {};
  return Object.fromEntries(Object.entries(request.body as Record<string, unknown>).map(([name, value]) => [name, String(value)]));
}

function locationName(state: GhlFakeState, id: string): string {
  return state.locations.find((location) => location.id === id)?.name ?? id;
}

function addressOf(location: GhlFakeState['locations'][number]): string {
  return [location.address, location.city, location.state, location.postalCode, location.country].filter(Boolean).join(', ');
}
