import { randomBytes, randomUUID } from 'node:crypto';
import type { Connection, TokenProvider } from '@enterprise-mcp/core';
import { startFakeServer, type FakeFailure, type FakeRequest, type FakeResponse, type FakeRoute, type RunningFake } from '@enterprise-mcp/core/testing';
import type { AmazonModeConfigs } from '../ecosystem.js';
import { refreshTokenProvider } from '../lwa.js';
import { reportTypeInfo } from '../report-types.js';
import { startFakeBucket, type FakeBucket } from './bucket.js';
import { createFakeLwa, LWA_TOKEN_PATH, type FakeLwa } from './lwa.js';
import { invalidInput, quotaExceeded, spError, unauthorized } from './respond.js';
import { HANDLERS, RESTRICTED_PATHS, type RouteContext } from './routes.js';
import { matchingCase, parametersOf, specOperations, splitQuery, type SpecOperation } from './spec.js';
import { applySeed, DEMO_SELLER_ID, DEMO_STORE_NAME, defaultAmazonSeed, emptyState, type AmazonFakeSeed, type AmazonFakeState } from './state.js';

export const DEMO_CLIENT_ID = 'amzn1.application-oa2-client.demo0000000000000000000000000001';
export const DEMO_CLIENT_SECRET = 'amzn1.oa2-cs.v1.demo-secret-0000000000000000000000000001';
export const DEMO_APPLICATION_ID = 'amzn1.sp.solution.demo0000-0000-0000-0000-000000000001';
export const DEMO_CONNECTION_ID = 'amazon-demo-sunrise-outfitters';
export const DEMO_REDIRECT_URI = 'http://127.0.0.1/oauth/callback/amazon';

export interface AmazonFakeOptions {
  sellerId?: string;
  /** Initial records; `false` starts empty; default: the demo seed. */
  seed?: AmazonFakeSeed | false;
  /** Token buckets per seller and operation from the models' usage plans (default), or none. */
  rateLimits?: 'usage-plans' | 'off';
  /** Rates to report in `x-amzn-RateLimit-Limit` (and apply) instead of a plan's, by `<model>.<operationId>`. */
  rates?: Record<string, number>;
  /** The OAuth app is a draft: the consent page wants `version=beta`. */
  draftApp?: boolean;
  now?: () => Date;
}

/** What `startFake()` returns: core's RunningFake for both auth modes, and the fake's own handles. */
export interface AmazonFake extends RunningFake<AmazonModeConfigs> {
  url: string;
  configs: {
    /** A self-authorised private app: its refresh token is traded at the fake's LWA endpoint. */
    refreshToken: { clientId: string; clientSecret: string; refreshToken: string; sellerId: string; baseUrl: string; lwaEndpoint: string };
    /** A public app: its tokens come from `token` (as the vault would refresh them), its seller from `connection`. */
    oauth: { clientId: string; clientSecret: string; applicationId: string; draftApp: boolean; baseUrl: string; oauthBaseUrl: string };
  };
  token: TokenProvider;
  connection: Connection;
  sellerId: string;
  /** The consent page's URL, as a host starts the website authorization workflow. */
  consentUrl: string;
  lwa: FakeLwa;
  /** The S3 bucket report documents are downloaded from. */
  bucket: FakeBucket;
  state: AmazonFakeState;
  reset(seed?: AmazonFakeSeed): void;
  requests: FakeRequest[];
  failNext(failure: FakeFailure): void;
  setLatency(ms: number): void;
  /** Forgets what the buckets counted. */
  resetRateLimits(): void;
  /** The `x-amzn-RequestId` of every SP-API answer so far, in order: a fresh one each time, as Amazon sends. */
  requestIds: string[];
  close(): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Starts a loopback fake of the Selling Partner API for the operations this
 * package uses (routes from Amazon's models, requests validated against them,
 * their sandbox cases replayed exactly, a stateful seller for everything
 * else), with Login with Amazon and Seller Central's consent page beside it.
 */
export async function startFake(options: AmazonFakeOptions = {}): Promise<AmazonFake> {
  const sellerId = options.sellerId ?? DEMO_SELLER_ID;
  const now = options.now ?? (() => new Date());
  const state = emptyState(sellerId);
  const seedOf = () => (options.seed === false ? {} : (options.seed ?? defaultAmazonSeed(now())));
  applySeed(state, seedOf());
  const lwa = createFakeLwa({
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    applicationId: DEMO_APPLICATION_ID,
    draftApp: options.draftApp ?? false,
    redirectUri: DEMO_REDIRECT_URI,
    seller: { id: sellerId, label: `${DEMO_STORE_NAME} (${sellerId})` },
  });
  const bucket = await startFakeBucket(now);
  const restrictedTokens = new Map<string, { resources: Array<{ method: string; path: string }>; expiresAt: number }>();
  const buckets = new Map<string, Bucket>();

  const rateOf = (operation: SpecOperation) => options.rates?.[operation.name] ?? operation.usagePlan.rate;

  /** Amazon's token bucket of a seller's operation: false when it is empty. */
  const take = (seller: string, operation: SpecOperation): boolean => {
    if (options.rateLimits === 'off') return true;
    const key = `${seller}|${operation.name}`;
    const nowMs = now().getTime();
    const bucket = buckets.get(key) ?? { tokens: operation.usagePlan.burst, at: nowMs };
    bucket.tokens = Math.min(operation.usagePlan.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * rateOf(operation));
    bucket.at = nowMs;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  // Documents live in the bucket; getReportDocument hands out a fresh presigned URL each time.
  const documentUrl = (documentId: string) => {
    const stored = state.documents.get(documentId);
    if (stored) bucket.put(documentId, stored.content, stored.contentType);
    return bucket.presign(documentId);
  };

  const issueRestrictedToken = (resources: Array<{ method: string; path: string }>) => {
    const value = `Atz.sprdt|${randomBytes(24).toString('base64url')}`;
    restrictedTokens.set(value, { resources, expiresAt: now().getTime() + 3_600_000 });
    return value;
  };

  /** Whether this request needs a restricted data token: restricted paths, and documents of reports holding personal data. */
  const needsRestrictedToken = (request: FakeRequest): boolean => {
    if (!RESTRICTED_PATHS.some((pattern) => pattern.test(request.path))) return false;
    if (!request.path.startsWith('/reports/')) return true;
    const documentId = decodeURIComponent(request.path.split('/').at(-1)!);
    const report = [...state.reports.values()].find((r) => r.reportDocumentId === documentId);
    return reportTypeInfo(report?.reportType ?? '')?.personalData ?? false;
  };

  /** The seller the request's token acts for, or Amazon's 403. */
  const authenticate = (request: FakeRequest): string | FakeResponse => {
    const token = String(request.headers['x-amz-access-token'] ?? '');
    if (!token) return unauthorized('');
    const restricted = restrictedTokens.get(token);
    if (restricted) {
      const allowed = restricted.expiresAt > now().getTime() && restricted.resources.some((r) => r.method === request.method && r.path === request.path);
      return allowed ? sellerId : unauthorized('The restricted data token does not grant access to this resource.');
    }
    if (needsRestrictedToken(request)) return unauthorized('This operation returns restricted data: call it with a restricted data token.');
    const grant = lwa.provider.verifyAccessToken(token);
    return grant ? grant.account.id : unauthorized();
  };

  const serve = (operation: SpecOperation): FakeRoute => ({
    method: operation.method,
    path: operation.route,
    handler: (request) => {
      const seller = authenticate(request);
      if (typeof seller !== 'string') return seller;
      if (!take(seller, operation)) return quotaExceeded();
      const body = request.body === undefined || request.body === '' ? undefined : request.body;
      const problems = operation.validator.validate({ method: operation.method, path: operation.template }, { body, query: splitQuery(operation, request) });
      if (problems.length) return invalidInput(problems.map((p) => `${p.in === 'query' ? p.property || p.path : `body${p.path ? `.${p.path}` : ''}`} ${p.message}`).join('; '));
      const params = parametersOf(operation, request);
      const replay = matchingCase(operation, params);
      if (replay) return { status: replay.status, body: replay.response ?? '' };
      const ctx: RouteContext = { state, now, params, documentUrl, issueRestrictedToken };
      return HANDLERS[operation.name]!(request, ctx);
    },
  });

  const operations = specOperations();
  const requestIds: string[] = [];
  const server = await startFakeServer({
    routes: [...lwa.routes, ...operations.map(serve)],
    // Every SP-API answer, errors included, carries a fresh request id; an operation's also its applied rate. LWA is another service.
    after: (request, response) => {
      if (request.path === LWA_TOKEN_PATH) return response;
      const requestId = randomUUID();
      requestIds.push(requestId);
      const operation = operations.find((op) => op.method === request.method && new RegExp(`^${op.template.replace(/\{\w+\}/g, '[^/]+')}$`).test(request.path));
      const rate: Record<string, string> = operation ? { 'x-amzn-RateLimit-Limit': String(rateOf(operation)) } : {};
      return { ...response, headers: { ...response.headers, 'x-amzn-RequestId': requestId, ...rate } };
    },
    notFound: (request) => (request.path === LWA_TOKEN_PATH ? invalidInput('') : spError(404, 'NotFound', `Resource ${request.path} is not found.`)),
  });

  const refreshToken = lwa.provider.issue(sellerId).refresh_token;
  const app = { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, tokenUrl: `${server.url}${LWA_TOKEN_PATH}` };
  return {
    url: server.url,
    configs: {
      refreshToken: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, refreshToken, sellerId, baseUrl: server.url, lwaEndpoint: app.tokenUrl },
      oauth: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, applicationId: DEMO_APPLICATION_ID, draftApp: options.draftApp ?? false, baseUrl: server.url, oauthBaseUrl: server.url },
    },
    // As the vault would: the public app's refresh token traded at LWA, refreshed after a 403 for an expired token.
    token: refreshTokenProvider(app, lwa.provider.issue(sellerId).refresh_token),
    connection: { id: DEMO_CONNECTION_ID, displayName: `${DEMO_STORE_NAME} (NA)`, externalIds: { sellingPartnerId: sellerId } },
    sellerId,
    consentUrl: `${server.url}/apps/authorize/consent`,
    lwa,
    state,
    reset: (seed) => {
      Object.assign(state, emptyState(sellerId));
      applySeed(state, seed ?? seedOf());
    },
    requests: server.requests,
    failNext: (failure) => server.failNext(failure),
    setLatency: (ms) => server.setLatency(ms),
    resetRateLimits: () => buckets.clear(),
    requestIds,
    bucket,
    close: async () => {
      await Promise.all([server.close(), bucket.close()]);
    },
  };
}
