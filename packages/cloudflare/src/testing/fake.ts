import { startFakeServer, type FakeFailure, type FakeRequest, type FakeResponse } from '@enterprise-mcp/core/testing';
import type { DnsRecord, TokenStatus, Zone } from '../types.js';
import { fail } from './envelope.js';
import { cloudflareRoutes } from './routes.js';
import { specProblem } from './spec.js';
import { CloudflareFakeState, DEFAULT_SEED, type CloudflareFakeSeed, type FakeToken, type PurgeRecord } from './state.js';

export interface CloudflareFakeRateLimit {
  /** Requests allowed per window and token (Cloudflare: 1,200). */
  requests: number;
  /** Window length in seconds (Cloudflare: 300). */
  windowSeconds: number;
}

export interface CloudflareFakeOptions {
  /** The user API token the fake accepts; a random one in Cloudflare's format by default. */
  apiToken?: string;
  /** The fake account's id (32 hex characters). */
  accountId?: string;
  /** Starting zones and records; the default seed has example.com and example.org; `false` starts empty. */
  seed?: CloudflareFakeSeed | false;
  rateLimit?: Partial<CloudflareFakeRateLimit>;
  /** Clock for timestamps, so tests can pin them. */
  now?: () => Date;
}

/** A failure to inject; without a body the fake sends Cloudflare's error envelope for the status. */
export type CloudflareFakeFailure = FakeFailure;

export interface CloudflareFake {
  /** Base URL to pass as `baseUrl`, e.g. `http://127.0.0.1:40123/client/v4`. */
  url: string;
  /** A valid user-owned API token. */
  apiToken: string;
  /** A valid account-owned API token (verifies at `/accounts/{accountId}/tokens/verify`). */
  accountToken: string;
  accountId: string;
  /** The whole state: zones, records, settings, tokens, purges. */
  state: CloudflareFakeState;
  /** Every request received, oldest first (headers included, so tests can check auth). */
  requests: FakeRequest[];
  seed(seed: CloudflareFakeSeed): void;
  /** Removes every zone, record and purge (tokens stay). */
  reset(): void;
  zones(): Zone[];
  /** A zone by id or name. */
  zone(zone: string): Zone | undefined;
  /** The records of a zone given by id or name. */
  records(zone: string): DnsRecord[];
  /** Current setting values of a zone, by setting id. */
  settings(zone: string): Record<string, unknown>;
  purges(): PurgeRecord[];
  addToken(token: Partial<FakeToken> & Pick<FakeToken, 'kind'>): FakeToken;
  /** Marks a token disabled or expired: calls with it then fail as Cloudflare's do. */
  setTokenStatus(token: string, status: TokenStatus): void;
  failNext(failure: CloudflareFakeFailure): void;
  setLatency(ms: number): void;
  setRateLimit(limit: Partial<CloudflareFakeRateLimit>): void;
  /** Requests left in the current window for a token (the user token by default). */
  rateLimitRemaining(token?: string): number;
  close(): Promise<void>;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{40})$/;

/** Starts a fake Cloudflare API v4 on a free loopback port. */
export async function startCloudflareFake(options: CloudflareFakeOptions = {}): Promise<CloudflareFake> {
  const state = new CloudflareFakeState();
  if (options.now) state.now = options.now;
  if (options.accountId) state.account = { ...state.account, id: options.accountId };
  if (options.apiToken !== undefined && !/^[A-Za-z0-9_-]{40}$/.test(options.apiToken)) {
    throw new TypeError('apiToken must look like a Cloudflare token: 40 characters of A-Z, a-z, 0-9, "_" or "-"');
  }
  const user = state.addToken({ kind: 'user', token: options.apiToken });
  const account = state.addToken({ kind: 'account' });
  if (options.seed !== false) state.seed(options.seed ?? DEFAULT_SEED);

  const limiter = new WindowCounter({ requests: 1200, windowSeconds: 300, ...options.rateLimit });
  const authenticated = new WeakMap<FakeRequest, FakeToken>();

  const server = await startFakeServer({
    basePath: '/client/v4',
    routes: cloudflareRoutes(state, (request) => authenticated.get(request)),
    before: (request) => authenticate(request, state, limiter, authenticated) ?? specProblem(request),
    after: (request, response) => withRateLimitHeaders(response, authenticated.get(request), limiter),
    notFound: (request) =>
      fail(404, [
        { code: 7003, message: `Could not route to /client/v4${request.path}, perhaps your object identifier is invalid?` },
        { code: 7000, message: 'No route for that URI' },
      ]),
  });

  const zoneOf = (zone: string) => state.zone(zone) ?? [...state.zones.values()].find((z) => z.name === zone.toLowerCase());
  return {
    url: server.url,
    apiToken: user.token,
    accountToken: account.token,
    accountId: state.account.id,
    state,
    requests: server.requests,
    seed: (seed) => state.seed(seed),
    reset: () => state.reset(),
    zones: () => [...state.zones.values()],
    zone: zoneOf,
    records: (zone) => {
      const found = zoneOf(zone);
      return found ? state.recordsOf(found.id) : [];
    },
    settings: (zone) => {
      const found = zoneOf(zone);
      if (!found) return {};
      return Object.fromEntries([...state.settingsOf(found.id).values()].map((s) => [s.id, s.value]));
    },
    purges: () => [...state.purges],
    addToken: (token) => state.addToken(token),
    setTokenStatus: (token, status) => {
      const found = state.tokens.get(token);
      if (!found) throw new Error('setTokenStatus: the fake does not know that token');
      found.status = status;
    },
    failNext: (failure) => server.failNext(withCloudflareBody(failure)),
    setLatency: (ms) => server.setLatency(ms),
    setRateLimit: (limit) => limiter.configure(limit),
    rateLimitRemaining: (token = user.token) => limiter.remaining(token),
    close: () => server.close(),
  };
}

/** Auth as Cloudflare does it: missing header 9106, malformed 6003/6111, unknown or inactive token 9109 (1000 on verify). */
function authenticate(
  request: FakeRequest,
  state: CloudflareFakeState,
  limiter: WindowCounter,
  authenticated: WeakMap<FakeRequest, FakeToken>,
): FakeResponse | undefined {
  const header = request.headers.authorization;
  if (!header) return fail(400, [{ code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' }]);
  const match = BEARER.exec(header);
  if (!match) {
    return fail(400, [
      { code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] },
    ]);
  }
  const token = state.tokens.get(match[1]!);
  const verifyAccount = /^\/accounts\/([^/]+)\/tokens\/verify\/?$/.exec(request.path);
  const isVerify = request.path.replace(/\/$/, '') === '/user/tokens/verify' || verifyAccount !== null;
  if (isVerify) {
    const fits = verifyAccount ? token?.kind === 'account' && token.accountId === verifyAccount[1] : token?.kind === 'user';
    if (!token || !fits) return fail(401, [{ code: 1000, message: 'Invalid API Token' }]);
  } else if (!token || token.status !== 'active') {
    return fail(403, [{ code: 9109, message: 'Invalid access token' }]);
  }
  authenticated.set(request, token);
  const retryAfter = limiter.hit(token.token);
  if (retryAfter !== undefined) {
    return fail(429, [rateLimitError(limiter.limit)], { 'retry-after': String(retryAfter) });
  }
  return undefined;
}

function withRateLimitHeaders(response: FakeResponse, token: FakeToken | undefined, limiter: WindowCounter): FakeResponse {
  const headers: Record<string, string> = { 'cf-ray': `${Math.random().toString(16).slice(2, 18)}-LHR`, ...response.headers };
  if (token) {
    const { requests, windowSeconds } = limiter.limit;
    headers.ratelimit = `"default";r=${limiter.remaining(token.token)};t=${limiter.resetSeconds(token.token)}`;
    headers['ratelimit-policy'] = `"default";q=${requests};w=${windowSeconds}`;
  }
  return { ...response, headers };
}

function withCloudflareBody(failure: CloudflareFakeFailure): FakeFailure {
  if (!failure.status || failure.body !== undefined) return failure;
  if (failure.status === 429) {
    return {
      ...failure,
      headers: { 'retry-after': '1', ...failure.headers },
      body: fail(429, [rateLimitError({ requests: 1200, windowSeconds: 300 })]).body,
    };
  }
  const message = failure.status >= 500 ? 'Service temporarily unavailable' : 'Request failed';
  return { ...failure, body: fail(failure.status, [{ code: failure.status >= 500 ? 10001 : 10000 + failure.status, message }]).body };
}

/** Cloudflare's words for a spent budget. */
function rateLimitError(limit: CloudflareFakeRateLimit) {
  return {
    code: 971,
    message: `More than ${limit.requests} requests per ${limit.windowSeconds} seconds reached. Please wait and consider throttling your request speed`,
  };
}

/** A fixed window per token, like Cloudflare's 1,200 requests per 5 minutes. */
class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(public limit: CloudflareFakeRateLimit) {}

  configure(limit: Partial<CloudflareFakeRateLimit>): void {
    this.limit = { ...this.limit, ...limit };
    this.windows.clear();
  }

  /** Counts a request; returns seconds to wait when over the limit. */
  hit(key: string): number | undefined {
    const window = this.current(key);
    window.count++;
    return window.count > this.limit.requests ? this.resetSeconds(key) : undefined;
  }

  remaining(key: string): number {
    return Math.max(0, this.limit.requests - this.current(key).count);
  }

  resetSeconds(key: string): number {
    const elapsed = (Date.now() - this.current(key).start) / 1000;
    return Math.max(1, Math.ceil(this.limit.windowSeconds - elapsed));
  }

  private current(key: string) {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.limit.windowSeconds * 1000) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }
}
