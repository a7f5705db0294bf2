import { afterEach, describe, expect, it } from '@jest/globals';
import { pkceChallenge, FAKE_OAUTH_CLIENT } from '@enterprise-mcp/core/testing';
import { GOOGLE_OAUTH } from '../ecosystem.js';
import { googleScopesForLevels } from '../permissions.js';
import { startFake, type GoogleFake } from './index.js';

let fake: GoogleFake;
afterEach(() => fake?.close());

const REDIRECT = 'http://127.0.0.1:1/oauth/callback/google';
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

/** The authorization-code flow as a host's connect flow drives it: consent page, approval, code exchange. */
async function connect(prompt?: string): Promise<Record<string, unknown>> {
  const verifier = 'v'.repeat(64);
  const params = {
    client_id: FAKE_OAUTH_CLIENT.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: googleScopesForLevels(['read', 'send']).join(' '),
    state: 's1',
    code_challenge: pkceChallenge(verifier),
    code_challenge_method: 'S256',
    access_type: 'offline',
    include_granted_scopes: 'true',
    ...(prompt ? { prompt } : {}),
  };
  const page = await fetch(`${fake.url}/o/oauth2/v2/auth?${new URLSearchParams(params)}`);
  expect(await page.text()).toContain('id="approve"');
  const approved = await fetch(`${fake.url}/o/oauth2/v2/auth`, { ...form({ ...params, account: 'ada@example.com', decision: 'approve' }), redirect: 'manual' });
  const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
  const exchange = await fetch(`${fake.url}/token`, form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: FAKE_OAUTH_CLIENT.clientId, client_secret: FAKE_OAUTH_CLIENT.clientSecret }));
  expect(exchange.status).toBe(200);
  return (await exchange.json()) as Record<string, unknown>;
}

const refresh = (refreshToken: string) =>
  fetch(`${fake.url}/token`, form({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: FAKE_OAUTH_CLIENT.clientId, client_secret: FAKE_OAUTH_CLIENT.clientSecret }));

describe("the fake's Google OAuth endpoints", () => {
  it('issues Bearer tokens with an id_token naming the account and Google’s scope spelling', async () => {
    fake = await startFake();
    const tokens = await connect('consent');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3599, refresh_token: expect.any(String) });
    expect(String(tokens['scope']).split(' ')).toEqual(expect.arrayContaining(['openid', 'https://www.googleapis.com/auth/userinfo.email', 'https://www.googleapis.com/auth/gmail.send']));
    const identity = GOOGLE_OAUTH.identify({ tokens: { accessToken: String(tokens['access_token']), raw: tokens }, params: {} });
    expect(identity).toMatchObject({ externalIds: { email: 'ada@example.com', sub: expect.stringMatching(/^\d+$/) }, displayName: 'ada@example.com' });
  });

  it('refreshes without rotating: no refresh_token in the answer, the old one keeps working', async () => {
    fake = await startFake();
    const { refresh_token } = (await connect('consent')) as { refresh_token: string };
    const first = (await (await refresh(refresh_token)).json()) as Record<string, unknown>;
    expect(first['access_token']).toEqual(expect.any(String));
    expect(first).not.toHaveProperty('refresh_token');
    expect((await refresh(refresh_token)).status).toBe(200);
  });

  it('sends a refresh token again only when the consent screen is shown (prompt=consent)', async () => {
    fake = await startFake();
    expect(await connect()).toHaveProperty('refresh_token');
    expect(await connect()).not.toHaveProperty('refresh_token');
    expect(await connect('consent')).toHaveProperty('refresh_token');
  });

  it('answers invalid_grant "Token has been expired or revoked." for a revoked token', async () => {
    fake = await startFake();
    const { refresh_token } = (await connect('consent')) as { refresh_token: string };
    await fetch(`${fake.url}/revoke`, form({ token: refresh_token, client_id: FAKE_OAUTH_CLIENT.clientId, client_secret: FAKE_OAUTH_CLIENT.clientSecret }));
    const dead = await refresh(refresh_token);
    expect(dead.status).toBe(400);
    expect(await dead.json()).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });

  it('kills refresh tokens of a "Testing" app after 7 days', async () => {
    let now = Date.parse('2026-05-04T08:00:00Z');
    fake = await startFake({ testingApp: true, now: () => now });
    const { refresh_token } = (await connect('consent')) as { refresh_token: string };
    now += 6 * 86_400_000;
    expect((await refresh(refresh_token)).status).toBe(200);
    now += 2 * 86_400_000;
    expect(await (await refresh(refresh_token)).json()).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });
});

describe("the fake's API checks", () => {
  const get = (path: string, token?: string) => fetch(`${fake.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers 401 authError with WWW-Authenticate for a missing or unknown token', async () => {
    fake = await startFake();
    const response = await get('/gmail/v1/users/me/labels', 'ya29.nope');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await response.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError', location: 'Authorization' }] } });
  });

  it("answers a missing scope with Google's 403 body, ErrorInfo and the accepted scopes", async () => {
    fake = await startFake();
    const response = await get('/calendar/v3/users/me/calendarList', fake.tokenFor('ada@example.com', ['https://www.googleapis.com/auth/gmail.readonly']));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope", scope=".*calendar\.readonly/);
    expect(await response.json()).toMatchObject({
      error: { code: 403, message: 'Request had insufficient authentication scopes.', status: 'PERMISSION_DENIED', errors: [{ reason: 'insufficientPermissions' }], details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com' }] },
    });
  });

  it('keeps gmail.metadata from searching and from reading bodies', async () => {
    fake = await startFake();
    const token = fake.tokenFor('ada@example.com', ['https://www.googleapis.com/auth/gmail.metadata']);
    expect((await get('/gmail/v1/users/me/messages?q=invoice', token)).status).toBe(403);
    const list = (await (await get('/gmail/v1/users/me/messages', token)).json()) as { messages: Array<{ id: string }> };
    expect((await get(`/gmail/v1/users/me/messages/${list.messages[0]!.id}?format=full`, token)).status).toBe(403);
    expect((await get(`/gmail/v1/users/me/messages/${list.messages[0]!.id}?format=metadata`, token)).status).toBe(200);
  });

  it('rejects query parameters and enum values the discovery document does not declare', async () => {
    fake = await startFake();
    const token = fake.tokenFor('ada@example.com');
    const unknown = await get('/gmail/v1/users/me/messages?maxResult=5', token);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Unknown name "maxResult": Cannot bind query parameter');
    expect((await get('/gmail/v1/users/me/messages?format=everything', token)).status).toBe(400);
    const id = [...fake.state.mailboxes.get('ada@example.com')!.messages.keys()][0]!;
    expect((await get(`/gmail/v1/users/me/messages/${id}?format=everything`, token)).status).toBe(400);
  });

  it('takes alt=media only where the document says the method downloads, and uploadType only on the upload path', async () => {
    fake = await startFake();
    const token = fake.tokenFor('ada@example.com');
    const notes = [...fake.state.files.values()].find((file) => file.name === 'notes.txt')!.id;
    expect((await get(`/drive/v3/files/${notes}?alt=media`, token)).status).toBe(200);
    expect((await get('/drive/v3/files?alt=media', token)).status).toBe(400);
    const create = (path: string) => fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
    expect(((await (await create('/drive/v3/files?uploadType=multipart')).json()) as { error: { message: string } }).error.message).toContain('Unknown name "uploadType"');
    const related = '--b\r\ncontent-type: application/json\r\n\r\n{"name":"x.txt"}\r\n--b\r\ncontent-type: text/plain\r\n\r\nhi\r\n--b--';
    const upload = (uploadType: string) => fetch(`${fake.url}/upload/drive/v3/files?uploadType=${uploadType}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/related; boundary=b' }, body: related });
    expect(((await (await upload('chunked')).json()) as { error: { message: string } }).error.message).toContain("Invalid value at 'uploadType'");
    expect((await upload('multipart')).status).toBe(200);
  });

  it('requires raw for a send, base64url encoded', async () => {
    fake = await startFake();
    const send = (body: unknown) => fetch(`${fake.url}/gmail/v1/users/me/messages/send`, { method: 'POST', headers: { authorization: `Bearer ${fake.tokenFor('ada@example.com')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(((await (await send({ threadId: 'x' })).json()) as { error: { message: string } }).error.message).toContain("Required field 'raw' is missing.");
    const standard = Buffer.from('To: bob@example.com\r\nSubject: ??>>\r\n\r\nhi ?>').toString('base64');
    expect(standard).toMatch(/[+/]/);
    expect((await send({ raw: standard })).status).toBe(400);
    expect((await send({ raw: Buffer.from('To: bob@example.com\r\nSubject: ??>>\r\n\r\nhi ?>').toString('base64url') })).status).toBe(200);
  });

  it('refuses another user’s mailbox', async () => {
    fake = await startFake();
    const response = await get('/gmail/v1/users/bob@example.com/labels', fake.tokenFor('ada@example.com'));
    expect(response.status).toBe(403);
  });
});
