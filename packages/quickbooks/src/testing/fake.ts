import { randomUUID } from 'node:crypto';
import { refreshingToken, type Connection, type TokenProvider } from '@enterprise-mcp/core';
import {
  createFakeOAuthProvider,
  FAKE_OAUTH_CLIENT,
  startFakeServer,
  type FakeFailure,
  type FakeOAuthProvider,
  type FakeRequest,
  type FakeResponse,
  type ModeInput,
  type RunningFake,
} from '@enterprise-mcp/core/testing';
import { QUICKBOOKS_OAUTH, type QuickBooksModeConfigs } from '../ecosystem.js';
import type { FakeCompany } from './company.js';
import { authFault, faultBody, forbiddenFault, throttleFault } from './faults.js';
import { apiRoutes } from './routes.js';
import { DEFAULT_COMPANIES, seedCompany, type FakeCompanySeed } from './seed.js';
import { specFault } from './spec.js';

/** Intuit's published limits per company and app. */
export interface QuickBooksFakeLimits {
  perSecond: number;
  perMinute: number;
  concurrent: number;
}

export interface QuickBooksFakeOptions {
  /** The companies, one per account on the consent page; default a demo bakery and an empty second company. */
  companies?: FakeCompanySeed[];
  /** `demo` (the default) gives the first company a bakery's books; `empty` leaves every company with its system accounts only. */
  seed?: 'demo' | 'empty';
  /** The OAuth app the token endpoint accepts (default core's FAKE_OAUTH_CLIENT). */
  client?: { clientId: string; clientSecret: string };
  limits?: Partial<QuickBooksFakeLimits>;
  now?: () => Date;
}

export interface QuickBooksFake extends RunningFake<QuickBooksModeConfigs> {
  url: string;
  /** The OAuth mode's config: the app, the API at `baseUrl`, and Intuit's OAuth endpoints re-rooted at `oauthBaseUrl`. */
  configs: { oauth: ModeInput<QuickBooksModeConfigs, 'oauth'> & { oauthBaseUrl: string } };
  /** Access tokens for the first company, as the host's vault hands them out (a fresh one after a 401). */
  token: TokenProvider;
  /** The first company as a connection (its realmId in externalIds). */
  connection: Connection;
  /** Every company by realm: read and change them to set up a test. */
  companies: Map<string, FakeCompany>;
  /** The fake Intuit OAuth server: consent page, token endpoint with rotation, revocation. */
  oauth: FakeOAuthProvider;
  /** Access tokens and the connection of any company. */
  connectionOf(realmId: string): { token: TokenProvider; connection: Connection };
  /** The next `times` API requests get Intuit's XML throttle answer (429, or 403 as some throttles come). */
  throttleNext(times?: number, status?: 429 | 403): void;
  setLimits(limits: Partial<QuickBooksFakeLimits>): void;
  /** Extra time every API request takes, so concurrent requests overlap. */
  setApiLatency(ms: number): void;
  /** Requests received, oldest first. */
  requests: FakeRequest[];
  failNext(failure: FakeFailure): void;
  setLatency(ms: number): void;
  /** Empties every company and seeds them again. */
  reset(): void;
  close(): Promise<void>;
}

export const OAUTH_PATHS = { authorize: '/connect/oauth2', token: '/oauth2/v1/tokens/bearer', revoke: '/v2/oauth2/tokens/revoke' };
const DEFAULT_LIMITS: QuickBooksFakeLimits = { perSecond: 10, perMinute: 500, concurrent: 10 };
const REFRESH_ROLLING_SECONDS = 8_726_400;
const REFRESH_HARD_CAP_SECONDS = 5 * 365 * 86_400;

/**
 * Starts a loopback QuickBooks Online: Intuit's OAuth endpoints (client_secret_basic, rotating
 * refresh tokens, `realmId` in the callback, Intuit's token fields) and the Accounting API for
 * each company, behind Bearer tokens of that company, with Intuit's limits and error shapes.
 */
export async function startFake(options: QuickBooksFakeOptions = {}): Promise<QuickBooksFake> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().getTime();
  const seeds = (options.companies ?? DEFAULT_COMPANIES).map((seed) => (options.seed === 'empty' ? { ...seed, contents: 'empty' as const } : seed));
  const companies = new Map<string, FakeCompany>();
  const reset = () => {
    companies.clear();
    for (const seed of seeds) companies.set(seed.realmId, seedCompany(seed, now()));
  };
  reset();

  const oauth = createFakeOAuthProvider({
    paths: OAUTH_PATHS,
    client: options.client ?? FAKE_OAUTH_CLIENT,
    clientAuthentication: 'client_secret_basic',
    accounts: seeds.map((seed) => ({ id: seed.realmId, label: seed.name })),
    scopes: [...QUICKBOOKS_OAUTH.scopes, 'com.intuit.quickbooks.payment', 'openid', 'profile', 'email', 'phone', 'address'],
    accessTokenTtlSeconds: 3600,
    refreshTokenTtlSeconds: REFRESH_ROLLING_SECONDS,
    rotateRefreshTokens: true,
    tokenFields: (_grant, request) => ({
      x_refresh_token_expires_in: REFRESH_ROLLING_SECONDS,
      ...(request.headers['x-include-refresh-token-hard-expires-in'] === 'true'
        ? { x_refresh_token_hard_expires_in: REFRESH_HARD_CAP_SECONDS - Math.floor((now().getTime() - startedAt) / 1000) }
        : {}),
    }),
    callbackParams: (grant) => ({ realmId: grant.account.id }),
    // Intuit's order of fields; the intuit_tid header is added to every answer below.
    tokenError: (error, description) => ({ status: 400, body: { error_description: description, error } }),
    revokeBody: 'json',
    now: () => now().getTime(),
  });

  let limits: QuickBooksFakeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let throttled: { times: number; status: 429 | 403 } | undefined;
  let apiLatency = 0;
  const hits = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  const realmOf = new WeakMap<FakeRequest, string>();

  const admit = (request: FakeRequest): FakeResponse | undefined => {
    if (!request.path.startsWith('/v3/company/')) return undefined;
    const token = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const grant = token ? oauth.verifyAccessToken(token) : undefined;
    if (!grant) return authFault(now());
    const realm = decodeURIComponent(request.path.split('/')[3] ?? '');
    if (grant.account.id !== realm || !companies.has(realm)) return forbiddenFault(now());
    if (throttled && throttled.times-- > 0) return throttleFault(now(), throttled.status);
    const limited = countRequest(realm);
    if (limited) return limited;
    const fault = specFault(request);
    if (fault) return { status: fault.status, body: faultBody(fault, now()) };
    realmOf.set(request, realm);
    inFlight.set(realm, (inFlight.get(realm) ?? 0) + 1);
    return undefined;
  };

  const countRequest = (realm: string): FakeResponse | undefined => {
    const at = now().getTime();
    const recent = (hits.get(realm) ?? []).filter((t) => at - t < 60_000);
    const lastSecond = recent.filter((t) => at - t < 1000).length;
    if (recent.length >= limits.perMinute || lastSecond >= limits.perSecond || (inFlight.get(realm) ?? 0) >= limits.concurrent) {
      hits.set(realm, recent);
      return throttleFault(now());
    }
    hits.set(realm, [...recent, at]);
    return undefined;
  };

  const server = await startFakeServer({
    routes: [
      ...oauth.routes,
      ...apiRoutes({
        companyOf: (request) => companies.get(realmOf.get(request) ?? '')!,
        now,
        latencyMs: () => apiLatency,
      }),
    ],
    before: admit,
    after: (request, response) => {
      const realm = realmOf.get(request);
      if (realm) inFlight.set(realm, Math.max(0, (inFlight.get(realm) ?? 1) - 1));
      return { ...response, headers: { ...response.headers, intuit_tid: `1-${randomUUID().slice(0, 8)}-${randomUUID().slice(0, 12)}` } };
    },
    notFound: (request) => ({ status: 404, body: { Fault: { Error: [{ Message: 'Resource not found', Detail: `No resource ${request.method} ${request.path}`, code: '404' }], type: 'ValidationFault' } } }),
  });

  const connectionOf = (realmId: string) => {
    const company = companies.get(realmId);
    if (!company) throw new Error(`the QuickBooks fake has no company ${realmId}`);
    const token = refreshingToken(async () => ({ value: oauth.issue(realmId).access_token, expiresAt: new Date(now().getTime() + 3_600_000) }), { now: () => now().getTime() });
    return { token, connection: { id: `quickbooks-${realmId}`, displayName: company.name, externalIds: { realmId } } };
  };
  const first = connectionOf(seeds[0]!.realmId);
  const client = options.client ?? FAKE_OAUTH_CLIENT;

  return {
    url: server.url,
    configs: { oauth: { clientId: client.clientId, clientSecret: client.clientSecret, baseUrl: server.url, oauthBaseUrl: server.url } },
    token: first.token,
    connection: first.connection,
    issueTokens: () => oauth.issue(seeds[0]!.realmId),
    companies,
    oauth,
    connectionOf,
    throttleNext: (times = 1, status = 429) => (throttled = { times, status }),
    setLimits: (next) => {
      limits = { ...limits, ...next };
      hits.clear();
    },
    setApiLatency: (ms) => (apiLatency = ms),
    requests: server.requests,
    failNext: server.failNext,
    setLatency: server.setLatency,
    reset: () => {
      reset();
      hits.clear();
    },
    close: server.close,
  };
}
