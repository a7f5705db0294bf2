import { afterEach, describe, expect, it } from '@jest/globals';
import { CONSENT_SCOPE_FIELDS, createFakeOAuthProvider, FAKE_OAUTH_CLIENT, pkceChallenge, type FakeOAuthOptions, type FakeOAuthProvider } from './fake-oauth.js';
import { startFakeServer, type FakeServer } from './fake-server.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const BASIC = `Basic ${Buffer.from(`${FAKE_OAUTH_CLIENT.clientId}:${FAKE_OAUTH_CLIENT.clientSecret}`).toString('base64')}`;

let server: FakeServer | undefined;
afterEach(async () => server?.close());

async function start(overrides: Partial<FakeOAuthOptions> = {}): Promise<{ provider: FakeOAuthProvider; url: string; clock: { now: number } }> {
  const clock = { now: Date.UTC(2026, 11, 1) };
  const provider = createFakeOAuthProvider({
    paths: { authorize: '/authorize', token: '/token', revoke: '/revoke' },
    accounts: [
      { id: 'realm-1', label: 'Acme Ltd' },
      { id: 'realm-2', label: 'Globex <Inc>' },
    ],
    scopes: ['accounting'],
    rotateRefreshTokens: true,
    callbackParams: (grant) => ({ realmId: grant.account.id }),
    now: () => clock.now,
    ...overrides,
  });
  server = await startFakeServer({ routes: provider.routes });
  return { provider, url: server.url, clock };
}

function authorizeQuery(extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ client_id: FAKE_OAUTH_CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'accounting', state: 's-1', ...extra });
}

async function consent(url: string, decision: 'approve' | 'deny', extra: Record<string, string> = {}, account = 'realm-2'): Promise<URL> {
  const form = authorizeQuery(extra);
  form.set('decision', decision);
  form.set('account', account);
  const response = await fetch(`${url}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function tokenRequest(url: string, fields: Record<string, string>, headers: Record<string, string> = { authorization: BASIC }) {
  const response = await fetch(`${url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('the fake OAuth provider', () => {
  it('shows a consent page with the accounts, escaped, and refuses an unknown scope', async () => {
    const { url } = await start();
    const page = await (await fetch(`${url}/authorize?${authorizeQuery()}`)).text();
    expect(page).toContain('<option value="realm-1">Acme Ltd</option>');
    expect(page).toContain('Globex &#60;Inc&#62;');
    expect(page).toContain('id="approve"');
    const refused = await fetch(`${url}/authorize?${authorizeQuery({ scope: 'accounting payroll' })}`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('invalid_scope: payroll');
  });

  it('redirects with code, state and the platform parameters; a denial is access_denied', async () => {
    const { url } = await start();
    const approved = await consent(url, 'approve');
    expect(approved.searchParams.get('state')).toBe('s-1');
    expect(approved.searchParams.get('realmId')).toBe('realm-2');
    expect(approved.searchParams.get('code')).toMatch(/^code-/);
    const denied = await consent(url, 'deny');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  it('trades a code once, checking the PKCE verifier and the redirect URI', async () => {
    const { url, provider } = await start();
    const verifier = 'v'.repeat(50);
    const code = (await consent(url, 'approve', { code_challenge: pkceChallenge(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!;
    expect((await tokenRequest(url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: 'wrong' })).body.error).toBe('invalid_grant');

    const second = (await consent(url, 'approve', { code_challenge: pkceChallenge(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!;
    const traded = await tokenRequest(url, { grant_type: 'authorization_code', code: second, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(traded.status).toBe(200);
    expect(traded.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'accounting' });
    expect(provider.verifyAccessToken(traded.body.access_token!)?.account.id).toBe('realm-2');
    const reused = await tokenRequest(url, { grant_type: 'authorization_code', code: second, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(reused).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('already used') } });
    expect(provider.stats.codeExchanges).toBe(1);
  });

  it('rotates refresh tokens: the old one is invalid_grant once used', async () => {
    const { url, provider } = await start();
    const first = provider.issue('realm-1');
    const rotated = await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(rotated.body.refresh_token).not.toBe(first.refresh_token);
    expect((await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).body.error).toBe('invalid_grant');
    expect((await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token! })).status).toBe(200);
    expect(provider.stats.refreshes).toBe(2);
  });

  it('keeps a non-rotating refresh token, and lets an unused one die after its rolling lifetime', async () => {
    const { url, provider, clock } = await start({ rotateRefreshTokens: false, refreshTokenTtlSeconds: 100 });
    const first = provider.issue('realm-1');
    clock.now += 90_000;
    expect((await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).body.refresh_token).toBe(first.refresh_token);
    clock.now += 90_000;
    expect((await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(200);
    clock.now += 101_000;
    expect((await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('authenticates the app the way the platform wants', async () => {
    const { url, provider } = await start({ clientAuthentication: 'client_secret_post' });
    const { refresh_token } = provider.issue('realm-1');
    expect((await tokenRequest(url, { grant_type: 'refresh_token', refresh_token })).body.error).toBe('invalid_client');
    const posted = await tokenRequest(url, { grant_type: 'refresh_token', refresh_token, client_id: FAKE_OAUTH_CLIENT.clientId, client_secret: FAKE_OAUTH_CLIENT.clientSecret }, {});
    expect(posted.status).toBe(200);
  });

  it('expires access tokens on demand and revokes a whole grant', async () => {
    const { url, provider } = await start();
    const tokens = provider.issue('realm-1');
    provider.expireAccessTokens();
    expect(provider.verifyAccessToken(tokens.access_token)).toBeUndefined();
    const fresh = (await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body;
    expect(provider.verifyAccessToken(fresh.access_token!)).toBeDefined();
    const revoked = await fetch(`${url}/revoke`, { method: 'POST', headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: fresh.refresh_token! }) });
    expect(revoked.status).toBe(200);
    expect(provider.verifyAccessToken(fresh.access_token!)).toBeUndefined();
    expect((await tokenRequest(url, { grant_type: 'refresh_token', refresh_token: fresh.refresh_token! })).body.error).toBe('invalid_grant');
    expect(provider.stats.revocations).toBe(1);
  });

  it('grants only the scopes left ticked on the consent page, and adds earlier grants with include_granted_scopes', async () => {
    const { url } = await start({ scopes: ['mail.read', 'mail.compose', 'files.read'], rotateRefreshTokens: false });
    const page = await (await fetch(`${url}/authorize?${authorizeQuery({ scope: 'mail.read mail.compose' })}`)).text();
    expect(page).toContain(`<input type="checkbox" name="${CONSENT_SCOPE_FIELDS.granted}" value="mail.read" checked>`);
    expect(page).toContain(`value="mail.compose" checked>`);

    const scopeOf = async (callback: URL) =>
      (await tokenRequest(url, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: REDIRECT })).body.scope;
    // The person unticks mail.compose: the form carries the marker and the one box left ticked.
    const unticked = await consent(url, 'approve', { scope: 'mail.read mail.compose', [CONSENT_SCOPE_FIELDS.shown]: '1', [CONSENT_SCOPE_FIELDS.granted]: 'mail.read' });
    expect(await scopeOf(unticked)).toBe('mail.read');
    // Asking for files.read alone, with include_granted_scopes, the grant keeps mail.read; without it, it does not.
    expect(await scopeOf(await consent(url, 'approve', { scope: 'files.read', include_granted_scopes: 'true' }))).toBe('files.read mail.read');
    expect(await scopeOf(await consent(url, 'approve', { scope: 'files.read' }))).toBe('files.read');
    // Another account granted nothing before.
    expect(await scopeOf(await consent(url, 'approve', { scope: 'files.read', include_granted_scopes: 'true' }, 'realm-1'))).toBe('files.read');
  });

  it("answers token errors in the platform's own shape", async () => {
    const { url } = await start({ tokenError: (error) => ({ status: 400, headers: { intuit_tid: 'tid-1' }, body: { error, error_description: 'Token invalid' } }) });
    const response = await fetch(`${url}/token`, { method: 'POST', headers: { authorization: BASIC }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'nope' }) });
    expect(response.headers.get('intuit_tid')).toBe('tid-1');
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'Token invalid' });
  });
});
