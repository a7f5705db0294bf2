import { AuthenticationError, ConflictError, CredentialsMissingError, NotFoundError, RateLimitedError, ValidationError, withCallScope } from '@enterprise-mcp/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { QuickBooksClient } from './client.js';
import { createEntity, readEntity, runQuery, updateEntity } from './entities.api.js';
import { startFake, type QuickBooksFake } from './testing/index.js';

const fail = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('QuickBooksClient against the fake', () => {
  let fake: QuickBooksFake;
  let clock = Date.now();
  const client = (overrides: Partial<ConstructorParameters<typeof QuickBooksClient>[0]> = {}) =>
    new QuickBooksClient({ token: fake.token, connection: fake.connection, baseUrl: fake.url, now: () => clock, ...overrides });

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.setApiLatency(0);
  });

  it('calls /v3/company/{realmId}/… with minorversion=75, Accept: application/json and the Bearer token', async () => {
    const customer = await readEntity(client(), 'Customer', '12');
    expect(customer).toMatchObject({ Id: '12', DisplayName: "Amy's Bird Sanctuary", SyncToken: '0' });
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe(`/v3/company/${fake.connection.externalIds['realmId']}/customer/12`);
    expect(request.query.get('minorversion')).toBe('75');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers.authorization).toMatch(/^Bearer at-/);
  });

  it('names the missing realm when there is no connection, before any request', async () => {
    const before = fake.requests.length;
    const none = await fail(readEntity(client({ connection: undefined }), 'Customer', '12'));
    expect(none).toBeInstanceOf(CredentialsMissingError);
    expect((none as Error).message).toContain('no connected company');
    const noRealm = await fail(readEntity(client({ connection: { id: 'c1', externalIds: {} } }), 'Customer', '12'));
    expect((noRealm as Error).message).toContain('"c1" has no realmId');
    expect(fake.requests.length).toBe(before);
  });

  it('after a 401 refreshes the token once and retries once', async () => {
    const qbo = client();
    await readEntity(qbo, 'Customer', '12');
    fake.oauth.expireAccessTokens();
    await expect(readEntity(qbo, 'Customer', '12')).resolves.toMatchObject({ Id: '12' });
    const last = fake.requests.slice(-2);
    expect(last[0]!.headers.authorization).not.toBe(last[1]!.headers.authorization);
  });

  it("maps the 401 shape to AuthenticationError without echoing the token detail, and keeps intuit_tid", async () => {
    const error = await fail(readEntity(client({ token: 'at-not-a-real-token' }), 'Customer', '12'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).platformCode).toBe('3200');
    expect((error as Error).message).toMatch(/AuthenticationFailed.*\(intuit_tid 1-/);
    expect((error as Error).message).not.toContain('Token expired');
  });

  it("collects each answer's intuit_tid for the call, errors included", async () => {
    const qbo = client();
    const ids: string[] = [];
    const signal = new AbortController().signal;
    await withCallScope(signal, { upstreamRequestIds: ids }, async () => {
      await readEntity(qbo, 'Customer', '12', { signal });
      await fail(readEntity(qbo, 'Invoice', '999', { signal }));
    });
    expect(ids).toEqual([expect.stringMatching(/^1-[0-9a-f]{8}-/), expect.stringMatching(/^1-[0-9a-f]{8}-/)]);
    expect(new Set(ids).size).toBe(2);
  });

  it('maps 610, 5010 and schema faults to NotFound, Conflict and Validation errors', async () => {
    const qbo = client();
    expect(await fail(readEntity(qbo, 'Invoice', '999'))).toBeInstanceOf(NotFoundError);
    const stale = await fail(qbo.request({ method: 'POST', path: '/customer', query: { operation: 'update' }, json: { Id: '12', SyncToken: '5', sparse: true, Notes: 'x' } }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).hint).toContain('read it again');
    const unknown = await fail(createEntity(qbo, 'Customer', { DisplayName: 'Zed', Nickname: 'Z' }));
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).fields).toEqual([expect.objectContaining({ path: 'Nickname', code: '2010' })]);
  });

  it('a sparse update reads the SyncToken itself', async () => {
    const updated = await updateEntity(client(), 'Customer', '12', { Notes: 'Prefers morning delivery' });
    expect(updated).toMatchObject({ SyncToken: '1', Notes: 'Prefers morning delivery', DisplayName: "Amy's Bird Sanctuary" });
    expect(fake.requests.at(-1)!.body).toMatchObject({ Id: '12', SyncToken: '0', sparse: true, Notes: 'Prefers morning delivery' });
  });

  it('sends a requestid with creates, so a create retried after a 503 is made once', async () => {
    const start = fake.requests.length;
    fake.failNext({ method: 'POST', path: /\/customer$/, status: 503, times: 1 });
    const created = await createEntity(client(), 'Customer', { DisplayName: 'Retry Bakery Supply' });
    const posts = fake.requests.slice(start).filter((r) => r.method === 'POST' && r.path.endsWith('/customer'));
    expect(posts).toHaveLength(2);
    expect(posts[0]!.query.get('requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.query.get('requestid')).toBe(posts[0]!.query.get('requestid'));
    const named = (await runQuery(client(), "SELECT * FROM Customer WHERE DisplayName = 'Retry Bakery Supply'", 'Customer')).rows;
    expect(named.map((c) => c.Id)).toEqual([created.Id]);
  });

  it('after the XML 429 stops calling that company for 60 seconds, then goes on', async () => {
    const qbo = client();
    fake.throttleNext(1);
    const error = await fail(readEntity(qbo, 'Customer', '12'));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(60);
    expect((error as RateLimitedError).platformCode).toBe('3001');
    const before = fake.requests.length;
    const blocked = await fail(readEntity(client(), 'Customer', '12'));
    expect((blocked as RateLimitedError).retryAfterSeconds).toBeGreaterThan(55);
    expect(fake.requests.length).toBe(before);
    clock += 61_000;
    await expect(readEntity(qbo, 'Customer', '12')).resolves.toMatchObject({ Id: '12' });
  });

  it('keeps at most ten requests in flight per company, so the fake never throttles a burst', async () => {
    // The per-second budget is the host's limiter's job (the ecosystem's rate limits); here only concurrency counts.
    fake.setLimits({ perSecond: 1000, perMinute: 1000 });
    fake.setApiLatency(40);
    const qbo = client();
    const results = await Promise.all(Array.from({ length: 25 }, () => readEntity(qbo, 'Item', '9')));
    expect(results).toHaveLength(25);
    expect(results.every((item) => item.Name === 'Catering')).toBe(true);
    fake.setLimits({ perSecond: 10, perMinute: 500 });
  });
});
