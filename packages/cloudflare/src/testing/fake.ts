import { startFakeServer, type FakeFailure, type FakeRequest, type FakeResponse, type ModeInput, type RunningFake } from '@enterprise-mcp/core/testing';
import type { CloudflareModeConfigs } from '../ecosystem.js';
import type { DnsRecord, TokenStatus, Zone } from '../types.js';
import { authenticate, budgetKey, type FakePrincipal } from './auth.js';
import { fail } from './envelope.js';
import { cloudflareRoutes } from './routes.js';
import { specProblem } from './spec.js';
import { CloudflareFakeState, DEFAULT_SEED, type CloudflareFakeSeed, type FakeToken, type FakeUser, type PurgeRecord } from './state.js';

export interface CloudflareFakeRateLimit {
  /** Requests allowed per window and credential (Cloudflare: 1,200). */
  requests: number;
  /** Window length in seconds (Cloudflare: 300). */
  windowSeconds: number;
}

export interface CloudflareFakeOptions {
  /** The user API token the fake accepts; a random one in Cloudflare's format by default. */
  apiToken?: string;
  /** The user's email, for the Global API Key (legacy) mode; user@example.com by default. */
  email?: string;
  /** The user's Global API Key; a random one in Cloudflare's format (37 hex characters) by default. */
  apiKey?: string;
  /** The fake account's id (32 hex characters). */
  accountId?: string;
  /** Starting zones and records; the default seed has example.com and example.org; `false` starts empty. */
  seed?: CloudflareFakeSeed | false;
  rateLimit?: Partial<CloudflareFakeRateLimit>;
  /** Clock for timestamps and purge bucket refills, so tests can pin them. */
  now?: () => Date;
}

/** A failure to inject; without a body the fake sends Cloudflare's error envelope for the status. */
export type CloudflareFakeFailure = FakeFailure;

/** The running fake: core's `RunningFake` with a config for each auth mode, and Cloudflare's own handles. */
export interface CloudflareFake extends RunningFake<CloudflareModeConfigs> {
  /** Base URL to pass as `baseUrl`, e.g. `http://127.0.0.1:40123/client/v4`. */
  url: string;
  /** What points the real client at this fake: the user token, or the user's email and Global API Key. */
  configs: {
    token: ModeInput<CloudflareModeConfigs, 'token'> & { apiToken: string; baseUrl: string };
    legacy: ModeInput<CloudflareModeConfigs, 'legacy'> & { email: string; apiKey: string; baseUrl: string };
  };
  /** A valid user-owned API token. */
  apiToken: string;
  /** A valid account-owned API token (verifies at `/accounts/{accountId}/tokens/verify`). */
  accountToken: string;
  accountId: string;
  /** The user's email and Global API Key (legacy auth). */
  email: string;
  apiKey: string;
  /** The whole state: zones, records, settings, tokens, the user, purges. */
  state: CloudflareFakeState;
  /** Every request received, oldest first (headers included, so tests can check auth). */
  requests: FakeRequest[];
  seed(seed: CloudflareFakeSeed): void;
  /** Removes every zone, record and purge (tokens and the user stay). */
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
  /** Changes the user (suspends it, say). */
  setUser(changes: Partial<FakeUser>): void;
  failNext(failure: CloudflareFakeFailure): void;
  setLatency(ms: number): void;
  setRateLimit(limit: Partial<CloudflareFakeRateLimit>): void;
  /** Requests left in the current window for a token or Global API Key (the user token by default). */
  rateLimitRemaining(credential?: string): number;
  close(): Promise<void>;
}

/**
 * Starts a fake Cloudflare API v4 on a free loopback port, seeded with
 * example.com and example.org unless told otherwise. Its `configs` point the
 * client at it in either auth mode.
 */
export async function startFake(options: CloudflareFakeOptions = {}): Promise<CloudflareFake> {
  const state = newState(options);
  const user = state.addToken({ kind: 'user', token: options.apiToken });
  const account = state.addToken({ kind: 'account' });
  if (options.seed !== false) state.seed(options.seed ?? DEFAULT_SEED);

  const limiter = new WindowCounter({ requests: 1200, windowSeconds: 300, ...options.rateLimit });
  const principals = new WeakMap<FakeRequest, FakePrincipal>();

  const server = await startFakeServer({
    basePath: '/client/v4',
    routes: cloudflareRoutes(state, (request) => principals.get(request)),
    before: (request) => admit(request, state, limiter, principals) ?? specProblem(request),
    after: (request, response) => withRateLimitHeaders(response, principals.get(request), limiter),
    notFound: (request) =>
      fail(404, [
        { code: 7003, message: `Could not route to /client/v4${request.path}, perhaps your object identifier is invalid?` },
        { code: 7000, message: 'No route for that URI' },
      ]),
  });

  const zoneOf = (zone: string) => state.zone(zone) ?? [...state.zones.values()].find((z) => z.name === zone.toLowerCase());
  return {
    url: server.url,
    configs: {
      token: { mode: 'token', apiToken: user.token, baseUrl: server.url },
      legacy: { mode: 'legacy', email: state.user.email, apiKey: state.user.apiKey, baseUrl: server.url },
    },
    apiToken: user.token,
    accountToken: account.token,
    accountId: state.account.id,
    email: state.user.email,
    apiKey: state.user.apiKey,
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
    setUser: (changes) => void (state.user = { ...state.user, ...changes }),
    failNext: (failure) => server.failNext(withCloudflareBody(failure)),
    setLatency: (ms) => server.setLatency(ms),
    setRateLimit: (limit) => limiter.configure(limit),
    rateLimitRemaining: (credential = user.token) => limiter.remaining(credential),
    close: () => server.close(),
  };
}

/** The name this fake had before the contract's `startFake`; kept for one release. */
export const startCloudflareFake = startFake;

function newState(options: CloudflareFakeOptions): CloudflareFakeState {
  if (options.apiToken !== undefined && !/^[A-Za-z0-9_-]{40}$/.test(options.apiToken)) {
    throw new TypeError('apiToken must look like a Cloudflare token: 40 characters of A-Z, a-z, 0-9, "_" or "-"');
  }
  if (options.apiKey !== undefined && !/^[0-9a-f]{37}$/.test(options.apiKey)) {
    throw new TypeError('apiKey must look like a Cloudflare Global API Key: 37 lower-case hex characters');
  }
  const state = new CloudflareFakeState();
  if (options.now) state.now = options.now;
  if (options.accountId) state.account = { ...state.account, id: options.accountId };
  if (options.email) state.user = { ...state.user, email: options.email };
  if (options.apiKey) state.user = { ...state.user, apiKey: options.apiKey };
  return state;
}

/** Authenticates a request, then counts it against its credential's window (429 past it). */
function admit(
  request: FakeRequest,
  state: CloudflareFakeState,
  limiter: WindowCounter,
  principals: WeakMap<FakeRequest, FakePrincipal>,
): FakeResponse | undefined {
  const principal = authenticate(request, state);
  if (!('kind' in principal)) return principal;
  principals.set(request, principal);
  const retryAfter = limiter.hit(budgetKey(principal));
  if (retryAfter !== undefined) {
    return fail(429, [rateLimitError(limiter.limit)], { 'retry-after': String(retryAfter) });
  }
  return undefined;
}

function withRateLimitHeaders(response: FakeResponse, principal: FakePrincipal | undefined, limiter: WindowCounter): FakeResponse {
  const headers: Record<string, string> = { 'cf-ray': `${Math.random().toString(16).slice(2, 18)}-LHR`, ...response.headers };
  if (principal) {
    const { requests, windowSeconds } = limiter.limit;
    const key = budgetKey(principal);
    headers.ratelimit = `"default";r=${limiter.remaining(key)};t=${limiter.resetSeconds(key)}`;
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

/** A fixed window per credential, like Cloudflare's 1,200 requests per 5 minutes. */
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
