import { afterEach, describe, expect, it } from '@jest/globals';
import { ValidationError, type OAuthCallback } from '@enterprise-mcp/core';
import { GHL_OAUTH } from '../ecosystem.js';
import { DEMO_APP_ID, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startFake, type GhlFake } from './index.js';
import { schemaProblems } from './validate.js';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback/ghl';
const SCOPES = 'contacts.readonly locations.readonly';

let fake: GhlFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake whose clock the test moves. */
async function start(): Promise<{ fake: GhlFake; clock: { now: number } }> {
  const clock = { now: Date.UTC(2026, 11, 1, 12) };
  fake = await startFake({ now: () => new Date(clock.now) });
  return { fake, clock };
}

/** The installer's choice on the chooselocation page (a location, or the agency); returns the redirect. */
async function install(account: string, decision: 'approve' | 'deny' = 'approve'): Promise<URL> {
  const form = new URLSearchParams({ client_id: DEMO_CLIENT_ID, redirect_uri: REDIRECT, response_type: 'code', scope: SCOPES, state: 'st-1', account, decision });
  const response = await fetch(`${fake!.url}/oauth/chooselocation`, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

/** POST /oauth/token as the vault sends it: a form with the app credentials (client_secret_post) and user_type. */
async function token(fields: Record<string, string>, init: { json?: boolean; headers?: Record<string, string> } = {}) {
  const body = { client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET, user_type: 'Location', ...fields };
  const response = await fetch(`${fake!.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': init.json ? 'application/json' : 'application/x-www-form-urlencoded', ...init.headers },
    body: init.json ? JSON.stringify(body) : new URLSearchParams(Object.entries(body).filter(([, value]) => value !== '')),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function exchange(code: string) {
  return token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
}

/** A call of the sub-account API with a bearer token. */
async function api(path: string, accessToken: unknown, version = '2021-07-28') {
  const response = await fetch(`${fake!.url}${path}`, { headers: { authorization: `Bearer ${String(accessToken)}`, version } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What the vault hands `identify` after a code exchange. */
function callback(raw: Record<string, unknown>): OAuthCallback {
  return { tokens: { accessToken: String(raw['access_token']), raw }, params: {} };
}

describe('the fake marketplace OAuth: installing into a sub-account', () => {
  it('offers both sub-accounts and the agency on the chooselocation page', async () => {
    await start();
    const query = new URLSearchParams({ client_id: DEMO_CLIENT_ID, redirect_uri: REDIRECT, response_type: 'code', scope: SCOPES, state: 'st-1' });
    const page = await (await fetch(`${fake!.url}/oauth/chooselocation?${query}`)).text();
    expect(page).toContain(`<option value="${fake!.locationId}">Sunrise Dental (demo)</option>`);
    expect(page).toContain(`<option value="${fake!.otherLocationId}">Another Client (demo)</option>`);
    expect(page).toContain(`<option value="${fake!.companyId}">`);
    const unknownScope = await fetch(`${fake!.url}/oauth/chooselocation?${new URLSearchParams({ ...Object.fromEntries(query), scope: 'payments.write' })}`);
    expect(unknownScope.status).toBe(400);
  });

  it("trades the code for a Location token shaped like GoHighLevel's, which identify turns into the connection", async () => {
    await start();
    const redirect = await install(fake!.locationId);
    expect(redirect.searchParams.get('state')).toBe('st-1');
    const { status, body } = await exchange(redirect.searchParams.get('code')!);
    expect(status).toBe(200);
    expect(schemaProblems('oauth', 'GetAccessCodeSuccessfulResponseDto', body)).toEqual([]);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86_399,
      scope: SCOPES,
      userType: 'Location',
      locationId: fake!.locationId,
      companyId: fake!.companyId,
      userId: 'UserAlexRivera000001',
    });
    expect(GHL_OAUTH.identify(callback(body))).toEqual({ externalIds: { locationId: fake!.locationId, companyId: fake!.companyId }, accountKind: 'sub-account' });
    expect(fake!.oauth.stats.codeExchanges).toBe(1);
  });

  it("accepts the install's access token in its own location and refuses it in another (403)", async () => {
    await start();
    const { body } = await exchange((await install(fake!.locationId)).searchParams.get('code')!);
    expect((await api(`/locations/${fake!.locationId}`, body['access_token'])).status).toBe(200);
    const elsewhere = await api(`/locations/${fake!.otherLocationId}`, body['access_token']);
    expect(elsewhere).toEqual({ status: 403, body: { statusCode: 403, message: 'The token does not have access to this location.', error: 'Forbidden' } });
    // The other sub-account's own install is let in there.
    const other = await exchange((await install(fake!.otherLocationId)).searchParams.get('code')!);
    expect(other.body['locationId']).toBe(fake!.otherLocationId);
    expect((await api(`/locations/${fake!.otherLocationId}`, other.body['access_token'])).status).toBe(200);
  });

  it('sends the installer back with access_denied when they cancel', async () => {
    await start();
    const redirect = await install(fake!.locationId, 'deny');
    expect(Object.fromEntries(redirect.searchParams)).toEqual({ state: 'st-1', error: 'access_denied' });
  });

  it('takes the JSON body the documentation samples send, as well as the form', async () => {
    await start();
    const code = (await install(fake!.locationId)).searchParams.get('code')!;
    const { status, body } = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { json: true });
    expect(status).toBe(200);
    expect(body['locationId']).toBe(fake!.locationId);
  });
});

describe('the fake marketplace OAuth: refresh tokens rotate', () => {
  it('answers every refresh with a new refresh token and invalid_grant, in GoHighLevel error shape, for the old one', async () => {
    await start();
    const first = (await exchange((await install(fake!.locationId)).searchParams.get('code')!)).body;
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(first['refresh_token']) });
    expect(refreshed.status).toBe(200);
    expect(schemaProblems('oauth', 'GetAccessCodeSuccessfulResponseDto', refreshed.body)).toEqual([]);
    expect(refreshed.body['refresh_token']).not.toBe(first['refresh_token']);
    expect(refreshed.body['locationId']).toBe(fake!.locationId);

    const replayed = await token({ grant_type: 'refresh_token', refresh_token: String(first['refresh_token']) });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toEqual({ statusCode: 400, message: expect.any(String), error: 'invalid_grant' });

    const next = await token({ grant_type: 'refresh_token', refresh_token: String(refreshed.body['refresh_token']) });
    expect(next.status).toBe(200);
    expect(fake!.oauth.stats.refreshes).toBe(2);
  });

  it('lets an access token lapse after a day, and a refresh token unused for a year', async () => {
    const { clock } = await start();
    const first = (await exchange((await install(fake!.locationId)).searchParams.get('code')!)).body;
    clock.now += 86_400_000;
    expect(await api(`/locations/${fake!.locationId}`, first['access_token'])).toEqual({ status: 401, body: { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' } });
    const refreshed = (await token({ grant_type: 'refresh_token', refresh_token: String(first['refresh_token']) })).body;
    expect((await api(`/locations/${fake!.locationId}`, refreshed['access_token'])).status).toBe(200);
    clock.now += 366 * 86_400_000;
    expect((await token({ grant_type: 'refresh_token', refresh_token: String(refreshed['refresh_token']) })).body['error']).toBe('invalid_grant');
  });

  it('takes a code once', async () => {
    await start();
    const code = (await install(fake!.locationId)).searchParams.get('code')!;
    expect((await exchange(code)).status).toBe(200);
    expect(await exchange(code)).toMatchObject({ status: 400, body: { statusCode: 400, error: 'invalid_grant' } });
  });
});

describe('the fake marketplace OAuth: what the token endpoint refuses', () => {
  it('checks the form against the published GetAccessCodebodyDto (422, class-validator wording)', async () => {
    await start();
    const noSecret = await token({ grant_type: 'refresh_token', refresh_token: 'x', client_secret: '' });
    expect(noSecret).toEqual({ status: 422, body: { statusCode: 422, message: ['client_secret should not be empty'], error: 'Unprocessable Entity' } });
    const badType = await token({ grant_type: 'refresh_token', refresh_token: 'x', user_type: 'Agency' });
    expect(badType.body['message']).toEqual(['user_type must be one of the following values: Company, Location']);
    const badGrant = await token({ grant_type: 'password' });
    expect(badGrant.body['message']).toEqual(['grant_type must be one of the following values: authorization_code, refresh_token, client_credentials']);
  });

  it('wants the app credentials in the form (client_secret_post), not a Basic header', async () => {
    await start();
    const basic = `Basic ${Buffer.from(`${DEMO_CLIENT_ID}:${DEMO_CLIENT_SECRET}`).toString('base64')}`;
    const headerOnly = await token({ grant_type: 'refresh_token', refresh_token: 'x', client_id: '', client_secret: '' }, { headers: { authorization: basic } });
    expect(headerOnly.status).toBe(422);
    expect(headerOnly.body['message']).toEqual(['client_id should not be empty', 'client_secret should not be empty']);
    const wrongSecret = await token({ grant_type: 'refresh_token', refresh_token: 'x', client_secret: 'guess' });
    expect(wrongSecret).toMatchObject({ status: 401, body: { statusCode: 401, error: 'invalid_client' } });
  });

  it('ignores parameters it does not know, as RFC 6749 asks (a PKCE code_verifier)', async () => {
    await start();
    const code = (await install(fake!.locationId)).searchParams.get('code')!;
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: 'v'.repeat(43) })).status).toBe(200);
  });
});

describe('the fake marketplace OAuth: an agency install', () => {
  async function agencyToken(): Promise<Record<string, unknown>> {
    return (await exchange((await install(fake!.companyId)).searchParams.get('code')!)).body;
  }

  const locationToken = (accessToken: unknown, fields: Record<string, string>, version = '2021-07-28') =>
    fetch(`${fake!.url}/oauth/locationToken`, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(accessToken)}`, version, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));

  it('gives a Company token without a locationId, which identify refuses with the way out', async () => {
    await start();
    const body = await agencyToken();
    expect(schemaProblems('oauth', 'GetAccessCodeSuccessfulResponseDto', body)).toEqual([]);
    expect(body).toMatchObject({ userType: 'Company', companyId: fake!.companyId, approvedLocations: [fake!.locationId, fake!.otherLocationId], isBulkInstallation: true });
    expect(body).not.toHaveProperty('locationId');
    const refused = (() => {
      try {
        GHL_OAUTH.identify(callback(body));
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).message).toContain('agency (Company token), not a sub-account');
    expect((refused as ValidationError).hint).toContain('choose the sub-account on the consent page');
  });

  it('refuses a Company token on the sub-account APIs (401 authClass)', async () => {
    await start();
    const { access_token } = await agencyToken();
    const response = await api(`/locations/${fake!.locationId}`, access_token);
    expect(response.status).toBe(401);
    expect(response.body['message']).toMatch(/^This authClass type is not allowed to access this scope/);
  });

  it('trades a Company token for a Location token at /oauth/locationToken, for its own sub-accounts only', async () => {
    await start();
    const { access_token } = await agencyToken();
    const minted = await locationToken(access_token, { companyId: fake!.companyId, locationId: fake!.otherLocationId });
    expect(minted.status).toBe(200);
    expect(schemaProblems('oauth', 'GetLocationAccessTokenSuccessfulResponseDto', minted.body)).toEqual([]);
    // The published response has no refresh token: a Location token minted this way is minted again, not refreshed.
    expect(schemaProblems('oauth', 'GetLocationAccessTokenSuccessfulResponseDto', { ...minted.body, refresh_token: 'x' })).toEqual(['property refresh_token should not exist']);
    expect(minted.body).toMatchObject({ token_type: 'Bearer', expires_in: 86_399, locationId: fake!.otherLocationId, userId: 'UserJordanPatel00003' });
    expect((await api(`/locations/${fake!.otherLocationId}`, minted.body['access_token'])).status).toBe(200);
    expect((await api(`/locations/${fake!.locationId}`, minted.body['access_token'])).status).toBe(403);

    expect((await locationToken(access_token, { companyId: 'SomeOtherAgency00001', locationId: fake!.locationId })).status).toBe(403);
    expect((await locationToken(access_token, { companyId: fake!.companyId, locationId: 'NotOurs0000000000001' })).status).toBe(403);
    expect((await locationToken(access_token, { companyId: fake!.companyId })).body).toEqual({ statusCode: 422, message: ['locationId should not be empty'], error: 'Unprocessable Entity' });
    expect((await locationToken(access_token, { companyId: fake!.companyId, locationId: fake!.locationId }, '')).status).toBe(401);
    // The route is for agency tokens: a sub-account's own is refused.
    expect((await locationToken(minted.body['access_token'], { companyId: fake!.companyId, locationId: fake!.otherLocationId })).status).toBe(401);
  });

  it('lists the agency sub-accounts the app is installed in (GET /oauth/installedLocations)', async () => {
    await start();
    const { access_token } = await agencyToken();
    const installed = async (query: Record<string, string>) =>
      api(`/oauth/installedLocations?${new URLSearchParams({ companyId: fake!.companyId, appId: DEMO_APP_ID, ...query })}`, access_token);
    const all = await installed({});
    expect(all.status).toBe(200);
    expect(schemaProblems('oauth', 'GetInstalledLocationsSuccessfulResponseDto', all.body)).toEqual([]);
    expect(all.body).toEqual({
      locations: [
        { _id: fake!.locationId, name: 'Sunrise Dental (demo)', address: '120 Harbor Street, Boston, MA, 02110, US', isInstalled: true },
        { _id: fake!.otherLocationId, name: 'Another Client (demo)', address: '', isInstalled: true },
      ],
      count: 2,
      installToFutureLocations: false,
    });
    expect((await installed({ query: 'another', limit: '1' })).body['locations']).toEqual([expect.objectContaining({ _id: fake!.otherLocationId })]);
    expect((await installed({ appId: 'someone-elses-app' })).status).toBe(403);
    const missing = await api(`/oauth/installedLocations?companyId=${fake!.companyId}`, access_token);
    expect(missing.body).toEqual({ statusCode: 422, message: ['appId should not be empty'], error: 'Unprocessable Entity' });
  });
});
