import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createEcosystemClient, parseEcosystemConfig, PermissionDeniedError, RateLimitedError, refreshingToken } from '@enterprise-mcp/core';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { GoogleClient } from './client.js';
import { googleEcosystem } from './ecosystem.js';
import { listLabels } from './gmail.api.js';
import { clearServiceAccountTokens } from './service-account.js';
import { googleError, startFake, type GoogleFake } from './testing/index.js';

let fake: GoogleFake;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  clearServiceAccountTokens();
});
afterAll(() => fake.close());

const clientWith = (token = fake.tokenFor('ada@example.com')) => new GoogleClient({ token, baseUrl: fake.url, retryBaseDelayMs: 5 });
const labelCalls = () => fake.requests.filter((r) => r.path.endsWith('/labels')).length;
const rateLimited403 = googleError(403, 'User Rate Limit Exceeded', { reason: 'userRateLimitExceeded', domain: 'usageLimits' });
const quota429 = googleError(429, "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'", { reason: 'rateLimitExceeded' });

describe('GoogleClient against the fake', () => {
  it('re-roots every API at the base URL, keeping discovery paths', async () => {
    const client = clientWith();
    expect(client.hostOf('gmail')).toBe(fake.url);
    expect(new GoogleClient({ token: 't' }).hostOf('sheets')).toBe('https://sheets.googleapis.com');
    expect(new GoogleClient({ token: 't' }).hostOf('gmail')).toBe('https://gmail.googleapis.com');
    expect((await listLabels(client)).map((l) => l.id)).toContain('INBOX');
    expect(fake.requests.at(-1)!.path).toBe('/gmail/v1/users/me/labels');
  });

  it('backs off and retries a 403 rate-limit reason and a 429, for POSTs too', async () => {
    fake.failNext({ ...rateLimited403, path: /labels$/ });
    fake.failNext({ ...quota429, path: /labels$/ });
    expect((await listLabels(clientWith())).length).toBeGreaterThan(0);
    expect(labelCalls()).toBe(3);
    fake.failNext({ ...quota429, method: 'POST', path: /modify$/ });
    const id = [...fake.state.mailboxes.get('ada@example.com')!.messages.keys()][0]!;
    await clientWith().request('gmail', 'POST', '/gmail/v1/users/me/messages/{id}/modify', { params: { id }, json: { addLabelIds: ['STARRED'] }, level: 'organize', operation: 'gmail.users.messages.modify' });
    expect(fake.requests.filter((r) => r.path.endsWith('/modify'))).toHaveLength(2);
  });

  it('gives up after its retries with a RateLimitedError', async () => {
    fake.failNext({ ...rateLimited403, path: /labels$/, times: 10 });
    await expect(listLabels(clientWith())).rejects.toBeInstanceOf(RateLimitedError);
    expect(labelCalls()).toBe(4);
  });

  it('never retries a missing scope, and names the level', async () => {
    const client = clientWith(fake.tokenFor('ada@example.com', ['https://www.googleapis.com/auth/drive.readonly']));
    const error = await listLabels(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toBe('This Google connection lacks the "read" permission (scope https://www.googleapis.com/auth/gmail.readonly)');
    expect(labelCalls()).toBe(1);
    const answer = fake.requests.at(-1)!;
    expect(answer.path).toMatch(/labels$/);
  });

  it('refreshes once after a 401 (an expired token) and retries', async () => {
    let issued = 0;
    const token = refreshingToken(async () => ({ value: fake.tokenFor('ada@example.com'), expiresAt: new Date(Date.now() + (++issued, 3_600_000)) }));
    const client = new GoogleClient({ token, baseUrl: fake.url });
    await listLabels(client);
    fake.oauth.expireAccessTokens();
    await listLabels(client);
    expect(issued).toBe(2);
    expect(fake.requests.filter((r) => r.path.endsWith('/labels')).map((r) => r.headers.authorization)).toHaveLength(3);
  });

  it('retries a 5xx for a GET only', async () => {
    fake.failNext({ status: 503, body: { error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] } }, path: /labels$/ });
    await listLabels(clientWith());
    expect(labelCalls()).toBe(2);
    fake.failNext({ status: 503, body: { error: { code: 503, message: 'Backend Error' } }, method: 'POST' });
    await expect(clientWith().request('gmail', 'POST', '/gmail/v1/users/me/messages/send', { json: { raw: 'eA' }, level: 'send', operation: 'gmail.users.messages.send' })).rejects.toMatchObject({ code: 'upstream_unavailable' });
  });
});

describe('service account mode (domain-wide delegation)', () => {
  const serviceAccount = () => parseEcosystemConfig(googleEcosystem, { mode: 'serviceAccount', ...fake.configs.serviceAccount });

  it('signs an RS256 JWT per user, trades it at the token endpoint and caches the token per user', async () => {
    const client = createEcosystemClient(googleEcosystem, serviceAccount());
    await listLabels(client);
    await listLabels(createEcosystemClient(googleEcosystem, serviceAccount()));
    expect(fake.oauth.stats.jwtGrants).toBe(1);
    const grant = fake.requests.find((r) => r.path === '/token')!;
    const form = new URLSearchParams(grant.body as string);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const [header, claims] = form.get('assertion')!.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(claims).toMatchObject({ iss: fake.oauth.serviceAccount.clientEmail, sub: 'ada@example.com', aud: `${fake.url}/token` });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.scope.split(' ')).toContain('https://www.googleapis.com/auth/gmail.readonly');
  });

  it("acts as the connection's user, one token each", async () => {
    const bob = createEcosystemClient(googleEcosystem, serviceAccount(), { connection: { id: 'c-bob', externalIds: { email: 'bob@example.com' } } });
    const labels = toolHarness(googleEcosystem, fake, { mode: 'serviceAccount', deps: { connection: { id: 'c-bob', externalIds: { email: 'bob@example.com' } } } });
    expect(bob.account).toBe('bob@example.com');
    const threads = (await labels.run('google_search_threads', {})).result.structuredContent as { threads: Array<{ subject: string }> };
    expect(threads.threads.map((t) => t.subject)).toEqual(['Welcome']);
    expect(fake.oauth.stats.jwtGrants).toBe(1);
    await listLabels(createEcosystemClient(googleEcosystem, serviceAccount()));
    expect(fake.oauth.stats.jwtGrants).toBe(2);
  });

  it('explains an unknown user and a scope the admin did not delegate', async () => {
    const stranger = createEcosystemClient(googleEcosystem, parseEcosystemConfig(googleEcosystem, { mode: 'serviceAccount', ...fake.configs.serviceAccount, subject: 'nobody@example.com' }));
    await expect(listLabels(stranger)).rejects.toMatchObject({ code: 'authentication_failed', message: expect.stringContaining('Invalid email or User ID') });
    await fake.close();
    fake = await startFake({ delegatedScopes: ['https://www.googleapis.com/auth/gmail.readonly'] });
    const error = (await listLabels(createEcosystemClient(googleEcosystem, serviceAccount())).catch((e: unknown) => e)) as PermissionDeniedError;
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.hint).toContain('Domain-wide delegation');
    expect(error.hint).toContain(fake.oauth.serviceAccount.clientId);
  });

  it('rejects an assertion signed with another key', async () => {
    const other = await startFake();
    try {
      const forged = JSON.stringify({ ...JSON.parse(other.configs.serviceAccount.serviceAccountKey), token_uri: `${fake.url}/token`, client_email: fake.oauth.serviceAccount.clientEmail });
      const client = createEcosystemClient(googleEcosystem, parseEcosystemConfig(googleEcosystem, { mode: 'serviceAccount', ...fake.configs.serviceAccount, serviceAccountKey: forged }));
      await expect(listLabels(client)).rejects.toMatchObject({ code: 'authentication_failed', message: expect.stringContaining('Invalid JWT Signature.') });
    } finally {
      await other.close();
    }
  });

  it('needs a user to act as', async () => {
    const { subject: _subject, ...noSubject } = fake.configs.serviceAccount;
    const client = createEcosystemClient(googleEcosystem, parseEcosystemConfig(googleEcosystem, { mode: 'serviceAccount', ...noSubject }));
    await expect(listLabels(client)).rejects.toMatchObject({ code: 'credentials_missing' });
  });
});
