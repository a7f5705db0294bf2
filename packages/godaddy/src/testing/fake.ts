import {
  startFakeServer,
  type FakeFailure,
  type FakeHandler,
  type FakeRequest,
  type FakeResponse,
  type ModeInput,
  type RunningFake,
} from '@enterprise-mcp/core/testing';
import type { GoDaddyModeConfigs } from '../ecosystem.js';
import { accessDenied, godaddyError } from './errors.js';
import * as routes from './routes.js';
import { DEFAULT_GODADDY_SEED, type GoDaddyFakeState } from './seed.js';
import { specProblem } from './spec.js';

export interface GoDaddyFakeOptions {
  /** Key and secret the fake accepts (defaults below). */
  apiKey?: string;
  apiSecret?: string;
  /** Initial state; missing parts come from DEFAULT_GODADDY_SEED. */
  seed?: Partial<GoDaddyFakeState>;
  /** Requests per minute per endpoint before 429 (GoDaddy: 60). */
  requestsPerMinute?: number;
}

/**
 * A loopback GoDaddy Domains API v1 with state, a request log and failure knobs. `configs.key` is the
 * `key` mode's config that reaches it: the key and secret it accepts, and its URL as `baseUrl`.
 */
export interface GoDaddyFake extends RunningFake<GoDaddyModeConfigs> {
  configs: { key: ModeInput<GoDaddyModeConfigs, 'key'> };
  requests: FakeRequest[];
  /** Replaces the state (missing parts from the default seed) and clears rate-limit counters. */
  seed(state?: Partial<GoDaddyFakeState>): void;
  /** A copy of the current state. */
  inspect(): GoDaddyFakeState;
  /** Answers every request with 403 ACCESS_DENIED, as production does for accounts below GoDaddy's thresholds. */
  restrictAccess(restricted: boolean): void;
  /** Changes the per-endpoint limit; counters restart. */
  setRateLimit(requestsPerMinute: number): void;
  failNext(failure: FakeFailure): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;

/** Starts the fake, seeded with DEFAULT_GODADDY_SEED unless `seed` says otherwise (demo mode uses it as is). */
export async function startFake(options: GoDaddyFakeOptions = {}): Promise<GoDaddyFake> {
  const apiKey = options.apiKey ?? 'fake-godaddy-key';
  const apiSecret = options.apiSecret ?? 'fake-godaddy-secret';
  let state = freshState(options.seed);
  let restricted = false;
  let perMinute = options.requestsPerMinute ?? 60;
  const hits = new Map<string, number[]>();
  const current = () => state;

  // GoDaddy counts each endpoint separately: the route template, not the concrete path.
  const limited =
    (endpoint: string, handler: (s: () => GoDaddyFakeState, r: FakeRequest) => FakeResponse): FakeHandler =>
    (request) => rateLimit(hits, endpoint, perMinute) ?? specProblem(request) ?? handler(current, request);
  const route = (method: string, path: string, handler: (s: () => GoDaddyFakeState, r: FakeRequest) => FakeResponse) => ({
    method,
    path,
    handler: limited(`${method} ${path}`, handler),
  });

  const server = await startFakeServer({
    before: (request) =>
      authorize(request, apiKey, apiSecret) ?? (restricted ? accessDenied() : undefined) ?? routes.shopperProblem(current, request),
    notFound: (request) => godaddyError(404, 'NOT_FOUND', `No endpoint for ${request.method} ${request.path}`),
    routes: [
      route('GET', '/v1/domains', routes.listDomains),
      route('GET', '/v1/domains/available', routes.checkAvailability),
      route('POST', '/v1/domains/available', routes.checkAvailabilityBulk),
      route('GET', '/v1/domains/suggest', routes.suggestDomains),
      route('GET', '/v1/domains/:domain', routes.getDomain),
      route('PATCH', '/v1/domains/:domain', routes.updateDomain),
      route('GET', '/v1/domains/:domain/records', routes.listRecords),
      route('PATCH', '/v1/domains/:domain/records', routes.addRecords),
      route('PUT', '/v1/domains/:domain/records', routes.replaceZone),
      route('PUT', '/v1/domains/:domain/records/:type', routes.replaceRecordsOfType),
      route('GET', '/v1/domains/:domain/records/:type', routes.listRecords),
      route('GET', '/v1/domains/:domain/records/:type/:name', routes.listRecords),
      route('PUT', '/v1/domains/:domain/records/:type/:name', routes.replaceRecords),
      route('DELETE', '/v1/domains/:domain/records/:type/:name', routes.deleteRecords),
    ],
  });

  return {
    url: server.url,
    configs: { key: { apiKey, apiSecret, baseUrl: server.url } },
    requests: server.requests,
    seed: (seed) => {
      state = freshState(seed);
      hits.clear();
    },
    inspect: () => structuredClone(state),
    restrictAccess: (on) => (restricted = on),
    setRateLimit: (n) => {
      perMinute = n;
      hits.clear();
    },
    failNext: server.failNext,
    setLatency: server.setLatency,
    close: server.close,
  };
}

function freshState(seed: Partial<GoDaddyFakeState> = {}): GoDaddyFakeState {
  return structuredClone({ ...DEFAULT_GODADDY_SEED, ...seed });
}

function authorize(request: FakeRequest, apiKey: string, apiSecret: string): FakeResponse | undefined {
  const header = request.headers.authorization;
  if (!header) return godaddyError(401, 'UNABLE_TO_AUTHENTICATE', 'Unable to authenticate user');
  const match = /^sso-key ([^:\s]+):(\S+)$/.exec(header);
  if (!match) return godaddyError(401, 'MALFORMED_CREDENTIALS', 'Unauthorized : Could not authenticate API key/secret');
  if (match[1] !== apiKey || match[2] !== apiSecret) {
    return godaddyError(401, 'UNABLE_TO_AUTHENTICATE', 'Unable to authenticate user');
  }
  return undefined;
}

function rateLimit(hits: Map<string, number[]>, endpoint: string, perMinute: number): FakeResponse | undefined {
  const now = Date.now();
  const recent = (hits.get(endpoint) ?? []).filter((t) => now - t < WINDOW_MS);
  if (recent.length >= perMinute) {
    hits.set(endpoint, recent);
    const retryAfterSec = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
    return {
      status: 429,
      body: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests received within interval', retryAfterSec },
    };
  }
  recent.push(now);
  hits.set(endpoint, recent);
  return undefined;
}
