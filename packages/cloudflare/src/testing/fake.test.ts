import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_SEED, startCloudflareFake, startFake, stableId, type CloudflareFake } from './index.js';

let fake: CloudflareFake;
afterEach(() => fake.close());

type CallInit = { method?: string; token?: string | null; body?: unknown; authorization?: string; headers?: Record<string, string> };

async function call(path: string, init: CallInit = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const authorization = init.authorization ?? (init.token === null || init.headers ? undefined : `Bearer ${init.token ?? fake.apiToken}`);
  if (authorization) headers.authorization = authorization;
  const response = await fetch(`${fake.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body };
}

describe('startFake', () => {
  it('listens on loopback under /client/v4 with a seeded account, zones and records', async () => {
    fake = await startFake();
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(fake.apiToken).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(fake.apiKey).toMatch(/^[0-9a-f]{37}$/);
    expect(startCloudflareFake).toBe(startFake);
    expect(fake.zones().map((z) => z.name)).toEqual(DEFAULT_SEED.zones.map((z) => z.name));
    expect(fake.zone('example.com')!.id).toBe(stableId('zone', 'example.com'));
    expect(fake.records('example.com')).toHaveLength(5);
    const { status, body } = await call('/zones?name=example.com');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      errors: [],
      messages: [],
      result: [{ name: 'example.com', status: 'active', account: { id: fake.accountId } }],
      result_info: { page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 },
    });
  });

  it('starts empty with seed: false and accepts a seed later', async () => {
    fake = await startFake({ seed: false });
    expect(fake.zones()).toEqual([]);
    fake.seed({ zones: [{ name: 'shop.example', records: [{ type: 'TXT', name: '@', content: 'hello' }] }] });
    expect(fake.records('shop.example')).toMatchObject([{ name: 'shop.example', type: 'TXT', content: 'hello', ttl: 1, proxied: false }]);
    fake.reset();
    expect(fake.zones()).toEqual([]);
  });

  it('refuses a seed record the real API would refuse', async () => {
    fake = await startFake({ seed: false });
    expect(() => fake.seed({ zones: [{ name: 'a.example', records: [{ type: 'A', name: 'x', content: 'not-an-ip' }] }] })).toThrow(
      /DNS Validation Error/,
    );
  });

  it('checks Authorization like Cloudflare: 9106 missing, 6003/6111 malformed, 9109 unknown', async () => {
    fake = await startFake();
    const missing = await call('/zones', { token: null });
    expect([missing.status, missing.body.errors[0].code]).toEqual([400, 9106]);
    const malformed = await call('/zones', { authorization: 'Bearer short' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([
      { code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] },
    ]);
    const unknown = await call('/zones', { token: 'x'.repeat(40) });
    expect([unknown.status, unknown.body.errors[0]]).toEqual([403, { code: 9109, message: 'Invalid access token' }]);
    expect(unknown.body).toMatchObject({ success: false, result: null, messages: [] });
  });

  it('gives a config for each auth mode that points at it', async () => {
    fake = await startFake({ email: 'ops@example.net', apiKey: 'a'.repeat(37) });
    expect(fake.configs).toEqual({
      token: { mode: 'token', apiToken: fake.apiToken, baseUrl: fake.url },
      legacy: { mode: 'legacy', email: 'ops@example.net', apiKey: 'a'.repeat(37), baseUrl: fake.url },
    });
    await expect(startFake({ apiKey: 'A'.repeat(37) })).rejects.toThrow(/37 lower-case hex/);
  });

  it('checks X-Auth-Email and X-Auth-Key like Cloudflare: 6100/6101 missing, 6102/6103 malformed, 403 9103 unknown', async () => {
    fake = await startFake();
    const chain = async (headers: Record<string, string>) => {
      const { status, body } = await call('/zones', { headers });
      expect([status, body.errors[0].code, body.errors[0].message]).toEqual([400, 6003, 'Invalid request headers']);
      return body.errors[0].error_chain.map((e: { code: number }) => e.code);
    };
    expect(await chain({ 'x-auth-key': fake.apiKey })).toEqual([6100]);
    expect(await chain({ 'x-auth-email': fake.email })).toEqual([6101]);
    expect(await chain({ 'x-auth-email': 'nobody', 'x-auth-key': fake.apiToken })).toEqual([6102, 6103]);
    const wrongEmail = await call('/zones', { headers: { 'x-auth-email': 'other@example.com', 'x-auth-key': fake.apiKey } });
    expect([wrongEmail.status, wrongEmail.body.errors]).toEqual([403, [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }]]);
    const wrongKey = await call('/zones', { headers: { 'x-auth-email': fake.email, 'x-auth-key': '0'.repeat(37) } });
    expect([wrongKey.status, wrongKey.body.errors[0].code]).toEqual([403, 9103]);
  });

  it('serves GET /user to a Global API Key (email case aside) but refuses it at the token verify endpoints', async () => {
    fake = await startFake();
    const key = { 'x-auth-email': fake.email.toUpperCase(), 'x-auth-key': fake.apiKey };
    const user = await call('/user', { headers: key });
    expect(user.status).toBe(200);
    expect(user.body.result).toMatchObject({ id: fake.state.user.id, email: fake.email, suspended: false });
    expect(JSON.stringify(user.body)).not.toContain(fake.apiKey);
    const verify = await call('/user/tokens/verify', { headers: key });
    expect([verify.status, verify.body.errors[0].code]).toEqual([401, 1000]);
    expect((await call('/user')).body.result.email).toBe(fake.email);
  });

  it('counts a Global API Key against a window of its own', async () => {
    fake = await startFake({ rateLimit: { requests: 1, windowSeconds: 60 } });
    const key = { 'x-auth-email': fake.email, 'x-auth-key': fake.apiKey };
    expect((await call('/zones', { headers: key })).status).toBe(200);
    expect((await call('/zones', { headers: key })).status).toBe(429);
    expect(fake.rateLimitRemaining(fake.apiKey)).toBe(0);
    expect((await call('/zones')).status).toBe(200);
  });

  it('verifies user and account tokens on their own endpoints only (1000 otherwise)', async () => {
    fake = await startFake();
    expect((await call('/user/tokens/verify')).body.result.status).toBe('active');
    expect((await call(`/accounts/${fake.accountId}/tokens/verify`, { token: fake.accountToken })).body.result.status).toBe('active');
    const wrongKind = await call('/user/tokens/verify', { token: fake.accountToken });
    expect([wrongKind.status, wrongKind.body.errors[0].code]).toEqual([401, 1000]);
    const wrongAccount = await call(`/accounts/${'0'.repeat(32)}/tokens/verify`, { token: fake.accountToken });
    expect(wrongAccount.status).toBe(401);
    fake.setTokenStatus(fake.apiToken, 'expired');
    expect((await call('/user/tokens/verify')).body.result.status).toBe('expired');
    expect((await call('/zones')).status).toBe(403);
  });

  it('allows the configured number of requests per window and token, then answers 429 with Retry-After', async () => {
    fake = await startFake({ rateLimit: { requests: 3, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) expect((await call('/zones')).status).toBe(200);
    const limited = await call('/zones');
    expect(limited.status).toBe(429);
    expect(limited.body.errors).toEqual([
      { code: 971, message: 'More than 3 requests per 60 seconds reached. Please wait and consider throttling your request speed' },
    ]);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(fake.rateLimitRemaining()).toBe(0);
    // Budgets are per token: the account token still has its own.
    expect((await call(`/accounts/${fake.accountId}/tokens/verify`, { token: fake.accountToken })).status).toBe(200);
  });

  it('uses Cloudflare 1,200 per 300 seconds by default and reports it in headers', async () => {
    fake = await startFake();
    const { headers } = await call('/zones');
    expect(headers.get('ratelimit-policy')).toBe('"default";q=1200;w=300');
    expect(headers.get('ratelimit')).toMatch(/^"default";r=1199;t=\d+$/);
  });

  it('fills injected failures with Cloudflare error bodies', async () => {
    fake = await startFake();
    fake.failNext({ status: 503 });
    const outage = await call('/zones');
    expect(outage.status).toBe(503);
    expect(outage.body).toMatchObject({ success: false, errors: [{ code: 10001 }] });
    fake.failNext({ status: 429, path: '/zones' });
    const limited = await call('/zones');
    expect([limited.status, limited.headers.get('retry-after'), limited.body.errors[0].code]).toEqual([429, '1', 971]);
  });

  it('answers unknown paths with 7003/7000', async () => {
    fake = await startFake();
    const { status, body } = await call('/zones/abc/workers');
    expect(status).toBe(404);
    expect(body.errors.map((e: { code: number }) => e.code)).toEqual([7003, 7000]);
  });

  it('supports PUT (overwrite), partial name filters and ordering on DNS records', async () => {
    fake = await startFake();
    const zone = fake.zone('example.com')!;
    const txt = fake.records('example.com').find((r) => r.type === 'TXT')!;
    const put = await call(`/zones/${zone.id}/dns_records/${txt.id}`, { method: 'PUT', body: { type: 'TXT', name: '@', content: 'v=spf1 -all' } });
    expect(put.body.result).toMatchObject({ content: 'v=spf1 -all', ttl: 1, comment: null });
    const contains = await call(`/zones/${zone.id}/dns_records?name.contains=mail&order=name&direction=desc`);
    expect(contains.body.result.map((r: { name: string }) => r.name)).toEqual(['mail.example.com']);
    const ordered = await call(`/zones/${zone.id}/dns_records?order=content&type=A`);
    expect(ordered.body.result.map((r: { content: string }) => r.content)).toEqual(['192.0.2.1', '192.0.2.10']);
  });

  it('exports BIND as text/plain', async () => {
    fake = await startFake({ now: () => new Date('2026-01-02T03:04:05Z') });
    const { headers, body } = await call(`/zones/${fake.zone('example.org')!.id}/dns_records/export`);
    expect(headers.get('content-type')).toMatch(/^text\/plain/);
    expect(body).toContain(';; Exported:   2026-01-02 03:04:05');
    expect(body).toContain('example.org.\t1\tIN\tA\t198.51.100.7 ; cf_tags=cf-proxied:false');
  });

  it('rejects a token that does not look like a Cloudflare token', async () => {
    await expect(startFake({ apiToken: 'short' })).rejects.toThrow(/40 characters/);
    fake = await startFake({ apiToken: 'T'.repeat(40) });
    expect((await call('/zones', { token: 'T'.repeat(40) })).status).toBe(200);
  });
});
