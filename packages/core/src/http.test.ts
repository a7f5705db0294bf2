import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AuthenticationError,
  CancelledError,
  NotFoundError,
  RateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  ValidationError,
} from './errors.js';
import { withCallScope } from './call-scope.js';
import { createHttpClient, parseRetryAfter, type HttpClientOptions } from './http.js';
import type { Logger } from './logger.js';
import type { OutboundRateLimiter } from './rate-limit.js';
import { staticToken } from './credentials.js';
import { startFakeServer, startResettingServer, type FakeServer } from './testing/index.js';

const TOKEN = 'sekret-token-value';
const ACCEPTED = new Set([`Bearer ${TOKEN}`, 'Bearer token-2', 'sso-key key:secret']);
let fake: FakeServer;
// Another origin, which must never see the credentials a redirect came from.
let elsewhere: FakeServer;

beforeAll(async () => {
  elsewhere = await startFakeServer({ routes: [{ method: 'GET', path: '/landed', handler: () => ({ body: {} }) }] });
  fake = await startFakeServer({
    basePath: '/api',
    // token-1 plays an expired token; token-2 its refreshed successor.
    before: (req) =>
      ACCEPTED.has(String(req.headers.authorization)) ? undefined : { status: 401, body: { message: 'bad token' } },
    routes: [
      { method: 'GET', path: '/things/:id', handler: (req) => ({ body: { id: req.params.id, q: req.query.getAll('tag') } }) },
      { method: 'POST', path: '/things', handler: (req) => ({ status: 201, body: { created: req.body } }) },
      { method: 'GET', path: '/text', handler: () => ({ body: 'plain words' }) },
      { method: 'GET', path: '/traced/:id', handler: (req) => ({ headers: { 'X-Example-Request-Id': `ex-${req.params.id}` }, body: {} }) },
      { method: 'GET', path: '/moved/:id', handler: (req) => ({ status: 302, headers: { location: `${fake.url}/things/${req.params.id}?tag=moved` }, body: {} }) },
      { method: 'POST', path: '/forms', handler: () => ({ status: 303, headers: { location: '/api/things/5' }, body: {} }) },
      { method: 'GET', path: '/away', handler: () => ({ status: 307, headers: { location: `${elsewhere.url}/landed` }, body: {} }) },
      { method: 'GET', path: '/missing', handler: () => ({ status: 404, headers: { 'X-Example-Request-Id': 'ex-missing' }, body: { message: 'gone' } }) },
    ],
  });
});
afterAll(async () => {
  await fake.close();
  await elsewhere.close();
});

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    platform: 'Example',
    baseUrl: fake.url,
    headers: () => ({ authorization: `Bearer ${TOKEN}` }),
    ...overrides,
  });
}

describe('createHttpClient', () => {
  it('sends auth headers, query arrays and JSON bodies, and parses JSON or text answers', async () => {
    const http = client();
    expect(await http.get('/things/42', { query: { tag: ['a', 'b'], skip: undefined } })).toEqual({ id: '42', q: ['a', 'b'] });
    expect(await http.post('things', { json: { name: 'x' } })).toEqual({ created: { name: 'x' } });
    expect(await http.get('/text')).toBe('plain words');
  });

  it('maps error statuses to typed errors, using the platform mapper when given', async () => {
    await expect(client({ headers: () => ({ authorization: 'Bearer wrong' }) }).get('/things/1')).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(client().get('/nowhere')).rejects.toBeInstanceOf(NotFoundError);
    const mapped = client({ mapError: (f) => new ValidationError(`mapped ${f.status}`, [{ path: 'x', message: 'bad' }]) });
    await expect(mapped.get('/nowhere')).rejects.toThrow('mapped 404');
  });

  it('retries an idempotent request after a 503 and a 429 with Retry-After', async () => {
    fake.failNext({ status: 503, path: '/things/7', body: { message: 'busy' } });
    fake.failNext({ status: 429, path: '/things/7', headers: { 'retry-after': '1' }, body: { message: 'slow down' } });
    const before = fake.requests.length;
    const started = Date.now();
    expect(await client().get('/things/7')).toEqual({ id: '7', q: [] });
    expect(fake.requests.length - before).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('never retries a POST, and reports a Retry-After beyond the limit as RateLimitedError', async () => {
    fake.failNext({ status: 503, method: 'POST', body: { message: 'busy' } });
    const before = fake.requests.length;
    await expect(client().post('/things', { json: {} })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(fake.requests.length - before).toBe(1);

    fake.failNext({ status: 429, path: '/things/8', headers: { 'retry-after': '120' }, body: { message: 'later' } });
    const error = await client({ maxRetryAfterSeconds: 5 }).get('/things/8').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(120);
  });

  it('asks the outbound rate limiter before each request, naming its operation, and stops when it refuses', async () => {
    const operations: string[] = [];
    let allow = true;
    const limiter: OutboundRateLimiter = {
      acquire: async ({ operation }) => {
        operations.push(operation);
        if (!allow) throw new RateLimitedError('local budget spent', 3);
      },
    };
    const http = client({ rateLimiter: limiter });
    await http.get('/things/1?x=1');
    expect(operations).toEqual(['GET /things/1']);
    allow = false;
    const before = fake.requests.length;
    await expect(http.get('/things/1')).rejects.toBeInstanceOf(RateLimitedError);
    expect(fake.requests.length).toBe(before);
  });

  it('counts a request as its declared operation (per-endpoint budgets), retries and observed headers included', async () => {
    const acquired: string[] = [];
    const observed: Array<[string, number | undefined]> = [];
    const limiter: OutboundRateLimiter = {
      acquire: async ({ operation }) => void acquired.push(operation),
      observe: (operation, _headers, status) => void observed.push([operation, status]),
    };
    const http = client({ rateLimiter: limiter });
    fake.failNext({ path: '/things/1', status: 503, headers: { 'retry-after': '0' } });
    await http.get('/things/1', { operation: 'GET /things/{id}' });
    expect(acquired).toEqual(['GET /things/{id}', 'GET /things/{id}']);
    expect(observed).toEqual([
      ['GET /things/{id}', 503],
      ['GET /things/{id}', 200],
    ]);
  });

  it('waits for the limiter to record a response before answering, and answers even when recording fails', async () => {
    let recorded = false;
    const slow: OutboundRateLimiter = {
      acquire: async () => {},
      observe: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        recorded = true;
      },
    };
    await client({ rateLimiter: slow }).get('/things/1');
    expect(recorded).toBe(true);
    const broken: OutboundRateLimiter = { acquire: async () => {}, observe: async () => Promise.reject(new Error('store down')) };
    await expect(client({ rateLimiter: broken }).get('/things/2')).resolves.toMatchObject({ id: '2' });
  });

  it("collects the platform's request id of each response for the call that caused it, errors and retries included", async () => {
    const http = client({ requestIdHeader: 'x-example-request-id' });
    const collect = async (ids: string[], work: (signal: AbortSignal) => Promise<unknown>) => {
      const signal = new AbortController().signal;
      await withCallScope(signal, { upstreamRequestIds: ids }, () => work(signal));
    };
    const first: string[] = [];
    const second: string[] = [];
    // One shared client, two calls in flight at once: each keeps only its own ids.
    await Promise.all([
      collect(first, async (signal) => {
        await http.get('/traced/a1', { signal });
        await http.get('/traced/a2', { signal });
      }),
      collect(second, (signal) => http.get('/traced/b1', { signal })),
    ]);
    expect(first).toEqual(['ex-a1', 'ex-a2']);
    expect(second).toEqual(['ex-b1']);
    const failed: string[] = [];
    await expect(collect(failed, (signal) => http.get('/missing', { signal }))).rejects.toBeInstanceOf(NotFoundError);
    expect(failed).toEqual(['ex-missing']);
    const retried: string[] = [];
    fake.failNext({ path: '/traced/r1', status: 503, headers: { 'retry-after': '0', 'x-example-request-id': 'ex-503' } });
    await collect(retried, (signal) => http.get('/traced/r1', { signal }));
    expect(retried).toEqual(['ex-503', 'ex-r1']);
    // A request without the call's signal belongs to no call.
    const outside: string[] = [];
    await collect(outside, () => http.get('/traced/o1'));
    expect(outside).toEqual([]);
  });

  it("logs a call's upstream lines to the call's logger, others to the client's", async () => {
    const lines = (into: string[]) => ({ debug: (obj: object, msg?: string) => into.push(`${msg} ${JSON.stringify(obj)}`), info() {}, warn() {}, error() {} });
    const clientLines: string[] = [];
    const callLines: string[] = [];
    const http = client({ logger: lines(clientLines) });
    const signal = new AbortController().signal;
    await withCallScope(signal, { upstreamRequestIds: [], logger: lines(callLines) }, () => http.get('/things/7', { signal }));
    await http.get('/things/8');
    expect(callLines).toEqual([expect.stringMatching(/^upstream response .*things\/7/)]);
    expect(clientLines).toEqual([expect.stringMatching(/^upstream response .*things\/8/)]);
  });

  it('sends the provider token, and after a 401 refreshes it once and retries once', async () => {
    let issued = 0;
    const invalidated: string[] = [];
    const token = {
      getToken: async () => `token-${issued === 0 ? ++issued : issued}`,
      invalidate: (rejected: string) => {
        invalidated.push(rejected);
        issued++;
        return true;
      },
    };
    const http = client({ auth: { token } });
    const before = fake.requests.length;
    await expect(http.get('/things/2')).resolves.toMatchObject({ id: '2' });
    const sent = fake.requests.slice(before).map((request) => request.headers['authorization']);
    expect(sent).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(invalidated).toEqual(['token-1']);

    // A second 401 with the fresh token is the caller's: no loop of refreshes.
    fake.failNext({ path: '/things/3', status: 401, body: { message: 'revoked' } });
    await expect(http.get('/things/3')).rejects.toBeInstanceOf(AuthenticationError);
    expect(invalidated).toEqual(['token-1', 'token-2']);
  });

  it('does not retry a 401 for a static token, and puts the token in the headers the platform wants', async () => {
    const http = client({ auth: { token: staticToken('key:secret'), headers: (value) => ({ authorization: `sso-key ${value}` }) } });
    const before = fake.requests.length;
    fake.failNext({ path: '/things/4', status: 401, body: { message: 'bad key' } });
    await expect(http.get('/things/4')).rejects.toBeInstanceOf(AuthenticationError);
    expect(fake.requests.slice(before).map((request) => request.headers['authorization'])).toEqual(['sso-key key:secret']);
  });

  it('follows redirects within the platform, and refuses one to another origin rather than send it the credentials', async () => {
    expect(await client().get('/moved/9')).toEqual({ id: '9', q: ['moved'] });
    // A 303 after a POST is fetched with GET, without the body.
    expect(await client().post('/forms', { json: { name: 'x' } })).toEqual({ id: '5', q: [] });
    const away = client().get('/away');
    await expect(away).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(away).rejects.toThrow(/redirected the request to another origin .*not followed/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('turns slow answers into UpstreamTimeoutError and refused connections into UpstreamUnavailableError', async () => {
    fake.failNext({ path: '/things/slow', delayMs: 400 });
    await expect(client({ timeoutMs: 100, retries: 0 }).get('/things/slow')).rejects.toBeInstanceOf(UpstreamTimeoutError);
    const down = await startResettingServer();
    try {
      const dead = createHttpClient({ platform: 'Example', baseUrl: down.url, retries: 0 });
      await expect(dead.get('/x')).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(down.connections).toBe(1);
    } finally {
      await down.close();
    }
  });

  it('reports an aborted request as cancelled', async () => {
    fake.failNext({ path: '/things/wait', delayMs: 300 });
    const controller = new AbortController();
    const pending = client({ retries: 0 }).get('/things/wait', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('logs requests without credentials', async () => {
    const lines: string[] = [];
    const record = (obj: object, msg?: string) => lines.push(JSON.stringify({ obj, msg }));
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    await client({ logger }).get('/things/1', { query: { api_key: 'query-secret' } });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain('query-secret');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
