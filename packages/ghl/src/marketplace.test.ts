import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createEcosystemClient,
  oauthClientOf,
  oauthEndpointsFor,
  parseEcosystemConfig,
  refreshingToken,
  type Connection,
  type ResolvedConfig,
  type TokenProvider,
} from '@enterprise-mcp/core';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { ghlEcosystem, GHL_OAUTH } from './ecosystem.js';
import { startFake, type GhlFake } from './testing/index.js';

/**
 * The marketplace mode end to end against the fake, with the host's part (the
 * vault) played in miniature: the authorization URL and token endpoint the
 * contract derives from the config, GoHighLevel's token-request quirks, the
 * install identified, the access token refreshed with the rotating refresh token.
 */

const REDIRECT = 'http://127.0.0.1:9/oauth/callback/ghl';

let fake: GhlFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type TokenResponse = Record<string, unknown> & { access_token: string; refresh_token: string };

/** The marketplace config that reaches the fake, as the server would resolve it from GHL_* variables. */
function marketplace(): ResolvedConfig {
  return parseEcosystemConfig(ghlEcosystem, { mode: 'marketplace', ...fake!.configs.marketplace });
}

/** POST to the token endpoint as the vault does: a form, the app credentials in it (client_secret_post), GHL_OAUTH.tokenParams. */
async function tokenRequest(fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const resolved = marketplace();
  const { clientId, clientSecret } = oauthClientOf(ghlEcosystem, resolved);
  expect(GHL_OAUTH.clientAuthentication).toBe('client_secret_post');
  const form = new URLSearchParams({ ...fields, ...GHL_OAUTH.tokenParams, client_id: clientId, client_secret: clientSecret });
  const response = await fetch(oauthEndpointsFor(ghlEcosystem, resolved).tokenUrl, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The installer opens the authorization URL, chooses `account` and approves; the callback's code is traded for tokens. */
async function connect(account: string): Promise<TokenResponse> {
  const { authorizationUrl } = oauthEndpointsFor(ghlEcosystem, marketplace());
  const query = new URLSearchParams({ client_id: fake!.configs.marketplace.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: GHL_OAUTH.scopes.join(' '), state: 's' });
  expect((await fetch(`${authorizationUrl}?${query}`)).status).toBe(200);
  const approved = await fetch(authorizationUrl, { method: 'POST', body: new URLSearchParams({ ...Object.fromEntries(query), account, decision: 'approve' }), redirect: 'manual' });
  const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
  const { status, body } = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  expect(status).toBe(200);
  return body as TokenResponse;
}

/** The vault's provider for one connection: the exchanged access token, then refreshes that store each rotated refresh token. */
function vaultToken(first: TokenResponse): TokenProvider & { refreshTokens: string[] } {
  const refreshTokens = [first.refresh_token];
  let current: TokenResponse | undefined = first;
  const provider = refreshingToken(async () => {
    if (!current) {
      const { status, body } = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshTokens.at(-1)! });
      expect(status).toBe(200);
      current = body as TokenResponse;
      refreshTokens.push(current.refresh_token);
    }
    const token = { value: current.access_token, expiresAt: new Date(Date.now() + Number(current['expires_in']) * 1000) };
    current = undefined;
    return token;
  });
  return Object.assign(provider, { refreshTokens });
}

/** The connection the vault stores for an install: identify's ids, describeConnection's name. */
async function connectionOf(tokens: TokenResponse, token: TokenProvider): Promise<Connection> {
  const identity = GHL_OAUTH.identify({ tokens: { accessToken: tokens.access_token, raw: tokens }, params: {} });
  const probe = createEcosystemClient(ghlEcosystem, marketplace(), { token, connection: { id: 'new', externalIds: identity.externalIds } });
  return { id: `ghl-${identity.externalIds['locationId']}`, externalIds: identity.externalIds, displayName: await ghlEcosystem.describeConnection!(probe) };
}

describe('the marketplace mode with tokens from the OAuth flow', () => {
  it('connects a sub-account, names it, and runs tools there with its access token', async () => {
    fake = await startFake();
    const tokens = await connect(fake.locationId);
    const token = vaultToken(tokens);
    const connection = await connectionOf(tokens, token);
    expect(connection).toEqual({ id: `ghl-${fake.locationId}`, externalIds: { locationId: fake.locationId, companyId: fake.companyId }, displayName: 'Sunrise Dental (demo)' });

    const h = toolHarness(ghlEcosystem, { configs: fake.configs, token, connection }, 'marketplace');
    const search = await h.run('ghl_search_contacts', { tags: ['vip'] });
    expect(search.status).toBe('ok');
    expect((search.result.structuredContent as { contacts: Array<{ name: string }> }).contacts.map((c) => c.name)).toEqual(['Wei Chen', 'Jane Doe']);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
    expect(fake.requests.at(-1)!.body).toMatchObject({ locationId: fake.locationId });
  });

  it('refreshes once when the access token lapses, with the rotated refresh token, and the old one is dead', async () => {
    fake = await startFake();
    const tokens = await connect(fake.locationId);
    const token = vaultToken(tokens);
    const h = toolHarness(ghlEcosystem, { configs: fake.configs, token, connection: await connectionOf(tokens, token) }, 'marketplace');
    fake.revokeAccessTokens();

    const calls = await Promise.all([h.run('ghl_get_location', {}), h.run('ghl_list_pipelines', {}), h.run('ghl_list_users', {})]);
    expect(calls.map((outcome) => outcome.status)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.oauth.stats.refreshes).toBe(1);
    expect(token.refreshTokens).toHaveLength(2);
    const replay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: token.refreshTokens[0]! });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it("refuses a location's token on another location's connection (403, no data)", async () => {
    fake = await startFake();
    const tokens = await connect(fake.locationId);
    const token = vaultToken(tokens);
    const mislabelled: Connection = { id: 'wrong', externalIds: { locationId: fake.otherLocationId } };
    const h = toolHarness(ghlEcosystem, { configs: fake.configs, token, connection: mislabelled }, 'marketplace');
    const outcome = await h.run('ghl_get_location', {});
    expect(outcome).toMatchObject({ status: 'tool_error', result: { isError: true }, error: { code: 'permission_denied' } });
    expect(outcome.result.structuredContent).toBeUndefined();
    expect((await h.run('ghl_search_contacts', { query: 'Jordan' })).error?.code).toBe('permission_denied');
  });

  it('cannot connect the agency itself: identify asks for a sub-account', async () => {
    fake = await startFake();
    const tokens = await connect(fake.companyId);
    expect(() => GHL_OAUTH.identify({ tokens: { accessToken: tokens.access_token, raw: tokens }, params: {} })).toThrow(/not a sub-account/);
  });
});
