import { refreshingToken, type Connection, type TokenProvider } from '@enterprise-mcp/core';
import {
  startFakeServer,
  type FakeFailure,
  type FakeOAuthProvider,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
  type FakeServer,
  type RunningFake,
} from '@enterprise-mcp/core/testing';
import type { GhlModeConfigs } from '../ecosystem.js';
import { apiOfPath, GHL_API_VERSIONS } from '../versions.js';
import { calendarRoutes } from './calendars.routes.js';
import { contactRoutes } from './contacts.routes.js';
import { conversationRoutes } from './conversations.routes.js';
import { locationRoutes } from './locations.routes.js';
import { opportunityRoutes } from './opportunities.routes.js';
import type { FakeContext } from './context.js';
import { FORBIDDEN_LOCATION } from './context.js';
import { AUTH_CLASS_REFUSED, ghlOAuth, isAgencyPath, isPublicOAuthPath, type GhlOAuthCaller } from './oauth.js';
import { ghlError } from './respond.js';
import { validateAgainstSpec } from './validate.js';
import { applySeed, DEMO_COMPANY_ID, defaultGhlSeed, emptyState, type GhlFakeSeed, type GhlFakeState } from './state.js';

export interface GhlFakeRateLimits {
  /** Requests per interval per location (GoHighLevel: 100). */
  max: number;
  /** Interval length (GoHighLevel: 10,000 ms). */
  intervalMs: number;
  /** Requests per day per location (GoHighLevel: 200,000). */
  daily: number;
}

export interface GhlFakeOptions {
  /** The Private Integration token the fake accepts for `locationId`. */
  apiKey?: string;
  locationId?: string;
  /** A second sub-account with its own token, for scoping tests. */
  otherLocationId?: string;
  otherApiKey?: string;
  /** Initial records; `false` starts empty; default: the demo seed. */
  seed?: GhlFakeSeed | false;
  rateLimits?: Partial<GhlFakeRateLimits>;
  now?: () => Date;
}

/** What `startFake()` returns: core's RunningFake for both auth modes, and the fake's own handles. */
export interface GhlFake extends RunningFake<GhlModeConfigs> {
  /** Base URL to give the client as `baseUrl`. */
  url: string;
  configs: {
    /** The Private Integration token the fake accepts and its location. */
    privateIntegration: { apiKey: string; locationId: string; baseUrl: string };
    /**
     * A marketplace app: its OAuth endpoints (`oauthBaseUrl`, the consent page and the token
     * endpoint) and its API are this fake; its tokens come from `token`, its location from `connection`.
     */
    marketplace: { clientId: string; clientSecret: string; baseUrl: string; oauthBaseUrl: string };
  };
  /** The marketplace app's access tokens for the seeded location, as the host's vault would hand them out (refreshed after a 401). */
  token: TokenProvider;
  /** The seeded location as the connection a host passes with marketplace tokens. */
  connection: Connection;
  /** The marketplace OAuth server: grants, counts of code exchanges and refreshes, expiry and revocation knobs. */
  oauth: FakeOAuthProvider;
  /** The agency the two locations belong to; choosing it on the consent page installs the app agency-wide (a Company token). */
  companyId: string;
  /** Issues a marketplace access token the fake accepts for a location (default the seeded one), or the agency (`companyId`). */
  issueAccessToken(locationId?: string): string;
  /** Makes every marketplace access token issued so far invalid (401 `Invalid JWT`), as an expiry would. */
  revokeAccessTokens(): void;
  apiKey: string;
  locationId: string;
  otherLocationId: string;
  otherApiKey: string;
  /** The fake's records: read them to inspect, change them to set up a test. */
  state: GhlFakeState;
  /** Adds records. */
  seed(seed: GhlFakeSeed): void;
  /** Empties the state, then applies `seed` (the demo seed when omitted). */
  reset(seed?: GhlFakeSeed): void;
  /** Every request received, oldest first. */
  requests: FakeRequest[];
  failNext(failure: FakeFailure): void;
  setLatency(ms: number): void;
  setRateLimits(limits: Partial<GhlFakeRateLimits>): void;
  /** Forgets the requests counted so far (both windows). */
  resetRateLimits(): void;
  close(): Promise<void>;
}

const DEFAULT_LIMITS: GhlFakeRateLimits = { max: 100, intervalMs: 10_000, daily: 200_000 };

interface Counter {
  windowStart: number;
  count: number;
  day: string;
  dailyCount: number;
}

/**
 * Starts a loopback fake of GoHighLevel API 2.0 for the endpoints this
 * package uses, seeded with the demo sub-account unless told otherwise, with
 * the config of each auth mode that reaches it.
 */
export async function startFake(options: GhlFakeOptions = {}): Promise<GhlFake> {
  const apiKey = options.apiKey ?? 'pit-demo-0000-sunrise-dental';
  const locationId = options.locationId ?? 'DemoLocationSunrise1';
  const otherLocationId = options.otherLocationId ?? 'DemoLocationOther002';
  const otherApiKey = options.otherApiKey ?? 'pit-demo-0000-other-client';
  const now = options.now ?? (() => new Date());
  // The Private Integration tokens, and the one location each belongs to.
  const privateTokens = new Map([
    [apiKey, locationId],
    [otherApiKey, otherLocationId],
  ]);
  let limits: GhlFakeRateLimits = { ...DEFAULT_LIMITS, ...options.rateLimits };
  const counters = new Map<string, Counter>();
  const callerLocation = new WeakMap<FakeRequest, string>();
  const state = emptyState();
  const demoSeed = () => defaultGhlSeed(locationId, otherLocationId);
  applySeed(state, options.seed === false ? {} : (options.seed ?? demoSeed()));
  const oauth = ghlOAuth({
    state,
    client: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
    appId: DEMO_APP_ID,
    companyId: DEMO_COMPANY_ID,
    locationIds: [locationId, otherLocationId],
    installed: [locationId],
    now,
  });
  const callerOf = (request: FakeRequest): GhlOAuthCaller | undefined => {
    const token = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!token) return undefined;
    const location = privateTokens.get(token);
    return location ? { userType: 'Location', id: location } : oauth.callerOf(token);
  };

  const ctx: FakeContext = {
    state,
    locationOf: (request) => callerLocation.get(request) ?? '',
    now,
  };

  const countRequest = (location: string): FakeResponse | undefined => {
    const counter = counterOf(counters, location, now().getTime(), limits.intervalMs);
    counter.count++;
    counter.dailyCount++;
    if (counter.count <= limits.max && counter.dailyCount <= limits.daily) return undefined;
    const dailySpent = counter.dailyCount > limits.daily;
    const retryAfter = dailySpent ? secondsToMidnight(now()) : Math.max(1, Math.ceil((counter.windowStart + limits.intervalMs - now().getTime()) / 1000));
    const response = ghlError(429, dailySpent ? 'Daily rate limit exceeded' : 'Too Many Requests');
    return { ...response, headers: { 'Retry-After': String(retryAfter) } };
  };

  const server: FakeServer = await startFakeServer({
    routes: [...oauth.routes, ...allRoutes(ctx)],
    before: (request) => {
      if (isPublicOAuthPath(request.path)) return undefined;
      const caller = callerOf(request);
      if (!caller) return ghlError(401, 'Invalid JWT');
      const versionProblem = checkVersion(request);
      if (versionProblem) return versionProblem;
      // Agency routes take only Company tokens; the sub-account APIs only Location tokens (and Private Integrations).
      if (isAgencyPath(request.path) !== (caller.userType === 'Company')) return ghlError(401, AUTH_CLASS_REFUSED);
      if (caller.userType === 'Company') return undefined;
      const location = caller.id;
      callerLocation.set(request, location);
      const limited = countRequest(location);
      if (limited) return limited;
      if (!sameLocation(request, location)) return ghlError(403, FORBIDDEN_LOCATION);
      return validateAgainstSpec(request);
    },
    after: (request, response) => {
      const location = callerLocation.get(request);
      if (!location) return response;
      const counter = counterOf(counters, location, now().getTime(), limits.intervalMs);
      return { ...response, headers: { ...response.headers, ...rateLimitHeaders(limits, counter) } };
    },
    notFound: (request) => ghlError(404, `Cannot ${request.method} ${request.path}`),
  });

  return {
    url: server.url,
    configs: {
      privateIntegration: { apiKey, locationId, baseUrl: server.url },
      marketplace: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, baseUrl: server.url, oauthBaseUrl: server.url },
    },
    token: installToken(oauth.provider, locationId, now),
    connection: { id: DEMO_CONNECTION_ID, displayName: 'Sunrise Dental (demo)', externalIds: { locationId, companyId: DEMO_COMPANY_ID } },
    issueTokens: () => oauth.provider.issue(locationId),
    oauth: oauth.provider,
    companyId: DEMO_COMPANY_ID,
    issueAccessToken: (location = locationId) => oauth.provider.issue(location).access_token,
    revokeAccessTokens: () => oauth.provider.expireAccessTokens(),
    apiKey,
    locationId,
    otherLocationId,
    otherApiKey,
    state,
    seed: (seed) => applySeed(state, seed),
    reset: (seed) => {
      Object.assign(state, emptyState());
      applySeed(state, seed ?? demoSeed());
    },
    requests: server.requests,
    failNext: (failure) => server.failNext(failure),
    setLatency: (ms) => server.setLatency(ms),
    setRateLimits: (next) => (limits = { ...limits, ...next }),
    resetRateLimits: () => counters.clear(),
    close: () => server.close(),
  };
}

/** @deprecated The old name of `startFake`, kept for one release. */
export const startGhlFake = startFake;

/** The marketplace app the fake stands for: GoHighLevel's client ids are `<appId>-<suffix>`. */
export const DEMO_APP_ID = '6650de0000000000000a0001';
export const DEMO_CLIENT_ID = `${DEMO_APP_ID}-demo`;
export const DEMO_CLIENT_SECRET = 'demo-marketplace-secret-0001';
export const DEMO_CONNECTION_ID = 'ghl-demo-sunrise-dental';

/**
 * The install's access tokens as the host's vault hands them out: minted as
 * if the consent had happened, and minted again once one is rejected.
 */
function installToken(provider: FakeOAuthProvider, locationId: string, now: () => Date): TokenProvider {
  return refreshingToken(
    async () => {
      const minted = provider.issue(locationId);
      return { value: minted.access_token, expiresAt: new Date(now().getTime() + Number(minted['expires_in']) * 1000) };
    },
    { now: () => now().getTime() },
  );
}

function rateLimitHeaders(limits: GhlFakeRateLimits, counter: Counter): Record<string, string> {
  return {
    'X-RateLimit-Max': String(limits.max),
    'X-RateLimit-Remaining': String(Math.max(0, limits.max - counter.count)),
    'X-RateLimit-Interval-Milliseconds': String(limits.intervalMs),
    'X-RateLimit-Limit-Daily': String(limits.daily),
    'X-RateLimit-Daily-Remaining': String(Math.max(0, limits.daily - counter.dailyCount)),
  };
}

function allRoutes(ctx: FakeContext): FakeRoute[] {
  return [...contactRoutes(ctx), ...opportunityRoutes(ctx), ...calendarRoutes(ctx), ...conversationRoutes(ctx), ...locationRoutes(ctx)];
}

/** GoHighLevel answers 401 without the header; the fake also refuses a value other than the API's own. */
function checkVersion(request: FakeRequest): FakeResponse | undefined {
  const version = request.headers.version;
  if (!version) return ghlError(401, 'Version header was not found');
  const api = apiOfPath(request.path);
  if (api && version !== GHL_API_VERSIONS[api]) {
    return ghlError(400, `Version header ${String(version)} is not supported by the ${api} API; send ${GHL_API_VERSIONS[api]}`);
  }
  return undefined;
}

/** A `locationId` in the query or body must be the token's own sub-account. */
function sameLocation(request: FakeRequest, location: string): boolean {
  const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
  const named = [request.query.get('locationId'), request.query.get('location_id'), body.locationId].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  const pathLocation = /^\/locations\/([^/]+)/.exec(request.path)?.[1];
  if (pathLocation && pathLocation !== 'search') named.push(decodeURIComponent(pathLocation));
  return named.every((value) => value === location);
}

function counterOf(counters: Map<string, Counter>, location: string, nowMs: number, intervalMs: number): Counter {
  const day = new Date(nowMs).toISOString().slice(0, 10);
  let counter = counters.get(location);
  if (!counter) {
    counter = { windowStart: nowMs, count: 0, day, dailyCount: 0 };
    counters.set(location, counter);
  }
  if (nowMs - counter.windowStart >= intervalMs) Object.assign(counter, { windowStart: nowMs, count: 0 });
  if (counter.day !== day) Object.assign(counter, { day, dailyCount: 0 });
  return counter;
}

function secondsToMidnight(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((midnight - now.getTime()) / 1000);
}
