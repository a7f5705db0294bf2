import { setTimeout as sleep } from 'node:timers/promises';
import {
  callLogger,
  CancelledError,
  holdsLevel,
  MemoryToolState,
  CredentialsMissingError,
  createHttpClient,
  credentialKey,
  noopLogger,
  PermissionDeniedError,
  RateLimitedError,
  tokenProviderOf,
  UpstreamUnavailableError,
  ValidationError,
  type Connection,
  type HttpClient,
  type Logger,
  type OutboundRateLimiter,
  type QueryValue,
  type TokenProvider,
  type TokenSource,
  type ToolContext,
  type ToolStateStore,
} from '@enterprise-mcp/core';
import { sharedBuckets, type SpApiBuckets } from './buckets.js';
import { errorsOf, mapSpApiError, PLATFORM, REQUEST_ID_HEADER, requestIdOf } from './errors.js';
import { grantlessTokenProvider, type GrantlessScope, type LwaApp } from './lwa.js';
import { AMAZON_REGIONS, foreignMarketplaces, type AmazonRegion } from './regions.js';
import { SP_API_OPERATIONS, type SpApiOperation } from './usage-plans.js';

export const PACKAGE_VERSION = '0.1.0';

export interface AmazonClientOptions {
  /** The seller's LWA access token: a provider (refreshed by the host's vault or by the package from a refresh token) or a string. */
  token: TokenSource;
  region?: AmazonRegion;
  /** The region's production host by default; its sandbox host, a proxy or a fake. */
  baseUrl?: string;
  /** The selling partner id (merchant token) the Listings calls name; a connection's `externalIds.sellingPartnerId` wins. */
  sellerId?: string;
  /** Marketplaces tools use when the call names none (default: the region's main marketplace). */
  marketplaceIds?: string[];
  /** The connection (a seller in a region) the calls act on, when the host has several. */
  connection?: Connection;
  /** The app itself, for grantless (`client_credentials`) tokens. */
  app?: LwaApp;
  /**
   * Whether callers of this client may see buyers' personal data: only then does a
   * restricted operation fetch a restricted data token. Default false.
   */
  allowPersonalData?: boolean;
  logger?: Logger;
  /**
   * The host's shared limiter (core's rate-limit specs, `AMAZON_RATE_LIMITS`:
   * re-rated by `x-amzn-RateLimit-Limit`, emptied by a 429). Without one, the
   * client counts with Amazon's buckets in process (`buckets`).
   */
  rateLimiter?: OutboundRateLimiter;
  /** The host's `name/version`, the first product of the User-Agent Amazon requires. */
  userAgent?: string;
  /** A call that would wait longer than this for budget (its own buckets) or to retry a 429 fails at once with the retry time (default 20 s). */
  maxWaitSeconds?: number;
  /** Times a 429 (QuotaExceeded), a 500 or a 503 is sent again, after a jittered back-off (default 3). */
  retries?: number;
  timeoutMs?: number;
  /** How long a listing preview can be confirmed (default 15 minutes). */
  previewTtlMs?: number;
  /** Time between report status polls (default 20 s, inside getReport's 2 requests per second plan). */
  reportPollMs?: number;
  /** The buckets a client without a host limiter counts with (default: the process's `sharedBuckets`). */
  buckets?: SpApiBuckets;
}

/** What a call sends besides its operation. */
export interface CallOptions {
  /** Values of the path template's `{name}` placeholders; URL-encoded here (SKUs may hold `/` or spaces). */
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  signal?: AbortSignal;
  /** A restricted data token instead of the seller's access token; never logged or kept. */
  restrictedDataToken?: string;
}

/** A listing change Amazon validated, kept until the caller confirms it. */
export interface PendingListingChange {
  kind: 'patch' | 'put';
  sellerId: string;
  sku: string;
  marketplaceIds: string[];
  body: Record<string, unknown>;
}

const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * The Selling Partner API transport for one seller in one region: the LWA
 * access token in `x-amz-access-token` (no SigV4: Amazon dropped it in 2023),
 * the User-Agent Amazon requires, its per-operation token buckets, retries of
 * QuotaExceeded with jitter, typed errors carrying `x-amzn-RequestId`, and
 * restricted data tokens when personal data is allowed. The calls themselves
 * live in the `<area>.api.ts` modules.
 */
export class AmazonClient {
  readonly region: AmazonRegion;
  readonly baseUrl: string;
  readonly connection?: Connection;
  readonly allowPersonalData: boolean;
  readonly reportPollMs: number;
  /** Listing changes awaiting confirmation when the host gives no `ctx.pending` (a package used alone): this client's memory. */
  readonly previews: ToolStateStore = new MemoryToolState(500);
  /** How long a listing preview can be confirmed. */
  readonly previewTtlSeconds: number;
  readonly logger: Logger;
  private readonly seller?: string;
  private readonly defaultMarketplaces: string[];
  private readonly http: HttpClient;
  /** Amazon's buckets in process, only when no host limiter counts. */
  private readonly buckets?: SpApiBuckets;
  private readonly bucketOwner: string;
  private readonly maxWaitMs: number;
  private readonly retries: number;
  private readonly app?: LwaApp;
  private readonly grantless = new Map<string, TokenProvider>();

  constructor(options: AmazonClientOptions) {
    this.region = options.region ?? 'NA';
    this.baseUrl = (options.baseUrl ?? AMAZON_REGIONS[this.region].production).replace(/\/+$/, '');
    this.connection = options.connection;
    this.seller = options.connection?.externalIds['sellingPartnerId'] ?? options.sellerId;
    this.defaultMarketplaces = options.marketplaceIds?.length ? options.marketplaceIds : [AMAZON_REGIONS[this.region].defaultMarketplace];
    this.allowPersonalData = options.allowPersonalData ?? false;
    this.reportPollMs = options.reportPollMs ?? 20_000;
    this.previewTtlSeconds = (options.previewTtlMs ?? 15 * 60_000) / 1000;
    this.logger = options.logger ?? noopLogger;
    this.buckets = options.rateLimiter ? undefined : (options.buckets ?? sharedBuckets);
    this.maxWaitMs = (options.maxWaitSeconds ?? 20) * 1000;
    this.retries = options.retries ?? 3;
    this.app = options.app;
    const token = tokenProviderOf(options.token);
    // The seller, not the token, owns the usage plans: a refreshed token keeps the same buckets.
    this.bucketOwner = credentialKey('amazon', this.connection?.id ?? this.seller ?? '', this.region, this.baseUrl);
    this.http = createHttpClient({
      platform: PLATFORM,
      baseUrl: this.baseUrl,
      auth: { token, headers: (value) => ({ 'x-amz-access-token': value }) },
      // What Amazon's support asks for: kept in the call's audit row and log line.
      requestIdHeader: REQUEST_ID_HEADER,
      mapError: (failure) => {
        const error = mapSpApiError(failure);
        callLogger(this.logger, failure.signal).warn({ platform: PLATFORM, status: failure.status, requestId: requestIdOf(failure.headers), code: errorsOf(failure.body)[0]?.code }, 'Amazon answered with an error');
        return error;
      },
      // Retries are this client's own (every verb after a 429: Amazon did not run the request), each counted by the limiter.
      retries: 0,
      // One limiter counts: the host's, or Amazon's buckets here when used alone.
      rateLimiter: options.rateLimiter ?? this.buckets!.limiterFor(this.bucketOwner, this.maxWaitMs),
      logger: options.logger,
      userAgent: amazonUserAgent(options.userAgent),
      timeoutMs: options.timeoutMs,
    });
  }

  /** The selling partner id Listings calls name; a clear error when neither the connection nor the config has it. */
  get sellerId(): string {
    if (this.seller) return this.seller;
    throw new CredentialsMissingError('No Amazon selling partner id is known for this connection', {
      platform: PLATFORM,
      hint: 'set AMAZON_SELLER_ID to the merchant token (Seller Central > Settings > Account Info > Merchant Token), or connect the seller through the website authorization workflow, which reports it',
    });
  }

  /** The marketplaces a call acts on: the caller's, else the configured ones; all of them in this client's region. */
  marketplaces(requested?: string[], field = 'marketplaceIds'): string[] {
    const ids = requested?.length ? requested : this.defaultMarketplaces;
    const foreign = foreignMarketplaces(this.region, ids);
    if (foreign.length) {
      const own = AMAZON_REGIONS[this.region].marketplaces.map((m) => `${m.id} (${m.countryCode})`).join(', ');
      throw new ValidationError(`Marketplace ${foreign.join(', ')} is not in the ${this.region} region this connection uses`, [
        { path: field, message: `must be marketplaces of the ${this.region} region: ${own}` },
      ]);
    }
    return ids;
  }

  /** One SP-API operation: path filled from `params`, arrays sent comma-separated, the response body. */
  async call<T>(operation: SpApiOperation, options: CallOptions = {}): Promise<T> {
    const { method, path } = SP_API_OPERATIONS[operation];
    const request = {
      method,
      path: expandPath(path, options.params),
      query: csvQuery(options.query),
      json: options.json,
      signal: options.signal,
      operation,
      ...(options.restrictedDataToken ? { headers: { 'x-amz-access-token': options.restrictedDataToken } } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.http.request<T>(request)).body;
      } catch (error) {
        const delayMs = this.retryDelay(operation, method, error, attempt);
        if (delayMs === undefined) throw error;
        callLogger(this.logger, options.signal).info({ platform: PLATFORM, operation, attempt: attempt + 1, delayMs }, 'retrying Amazon request');
        await wait(delayMs, options.signal);
      }
    }
  }

  /**
   * A restricted operation with a restricted data token for exactly this
   * resource, fetched per call (never cached or logged) and only when this
   * client may show personal data.
   */
  async callRestricted<T>(operation: SpApiOperation, options: CallOptions & { dataElements?: string[]; personalData?: boolean } = {}): Promise<T> {
    if (!(options.personalData ?? this.allowPersonalData)) {
      throw new PermissionDeniedError(`${operation} returns buyers' personal data, which this server does not release to this caller`, {
        platform: PLATFORM,
        hint: PERSONAL_DATA_HINT,
      });
    }
    const { method, path } = SP_API_OPERATIONS[operation];
    const resource = { method, path: expandPath(path, options.params), ...(options.dataElements?.length ? { dataElements: options.dataElements } : {}) };
    const { restrictedDataToken } = await this.call<{ restrictedDataToken: string }>('tokens.createRestrictedDataToken', {
      json: { restrictedResources: [resource] },
      signal: options.signal,
    });
    return this.call<T>(operation, { ...options, restrictedDataToken });
  }

  /** A grantless access token for `scopes` (notifications destinations, client-secret rotation), kept until a minute before it expires. */
  grantlessToken(scopes: GrantlessScope[], signal?: AbortSignal): Promise<string> {
    if (!this.app) {
      throw new CredentialsMissingError('Grantless Amazon operations need the app credentials', {
        platform: PLATFORM,
        hint: 'configure AMAZON_CLIENT_ID and AMAZON_CLIENT_SECRET',
      });
    }
    const key = [...scopes].sort().join(' ');
    let provider = this.grantless.get(key);
    if (!provider) this.grantless.set(key, (provider = grantlessTokenProvider(this.app, scopes)));
    return provider.getToken({ signal });
  }

  /** Fetches a presigned document URL (a report), without the access token: the URL carries its own signature. */
  async download(url: string, signal?: AbortSignal): Promise<{ bytes: Buffer; contentType: string }> {
    let response: Response;
    try {
      response = await fetch(url, { signal });
    } catch (error) {
      if (signal?.aborted) throw new CancelledError('The report download was cancelled', { platform: PLATFORM });
      throw new UpstreamUnavailableError('The Amazon report document could not be downloaded', { platform: PLATFORM, cause: error, hint: 'try again shortly' });
    }
    if (!response.ok) {
      const expired = response.status === 403 && /expired/i.test(await response.text().catch(() => ''));
      throw new UpstreamUnavailableError(`The Amazon report document answered HTTP ${response.status}${expired ? ' (its URL expired)' : ''}`, {
        platform: PLATFORM,
        status: response.status,
        hint: expired ? 'document URLs last 5 minutes: get the report again for a fresh URL' : 'try again shortly',
      });
    }
    return { bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' };
  }

  /** The in-process bucket of an operation of this seller in this region (none when the host's limiter counts), for tests and diagnostics. */
  bucket(operation: SpApiOperation) {
    return this.buckets?.inspect(`${this.bucketOwner}|${operation}`);
  }

  /** How long to wait before sending again, or undefined when the error is final. */
  private retryDelay(operation: SpApiOperation, method: string, error: unknown, attempt: number): number | undefined {
    if (attempt >= this.retries) return undefined;
    const plan = SP_API_OPERATIONS[operation];
    if (error instanceof RateLimitedError && error.status === 429) {
      // The limiter emptied the bucket when it saw the 429. At least one token's refill time, doubled per attempt, with equal jitter so retries of many callers spread out.
      const base = Math.max(500, 1000 / plan.rate) * 2 ** attempt;
      const delay = Math.round(base / 2 + Math.random() * (base / 2));
      if (delay > this.maxWaitMs) {
        throw new RateLimitedError(error.message, Math.ceil(delay / 1000), { platform: PLATFORM, status: 429, platformCode: error.platformCode });
      }
      return delay;
    }
    if (error instanceof UpstreamUnavailableError && (error.status === 500 || error.status === 503) && IDEMPOTENT.has(method)) {
      const base = 1000 * 2 ** attempt;
      return Math.round(base / 2 + Math.random() * (base / 2));
    }
    return undefined;
  }
}

/** Fills `{name}` placeholders with URL-encoded values. */
export function expandPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Amazon path ${template} needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** SP-API's array parameters are comma-separated (Swagger 2's default `csv`), not repeated. */
function csvQuery(query: Record<string, QueryValue> | undefined): Record<string, QueryValue> | undefined {
  if (!query) return undefined;
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? (value.length ? value.join(',') : undefined) : value]));
}

/**
 * The User-Agent Amazon requires: `AppId/AppVersion (Language=…; Platform=…)`,
 * under 500 characters, with `\ / ( = ) ;` escaped inside attribute values.
 */
export function amazonUserAgent(host?: string): string {
  const product = host && /^[\w.-]+\/[\w.+-]+$/.test(host) ? host : `enterprise-mcp/${PACKAGE_VERSION}`;
  const escape = (value: string) => value.replace(/[\\/()=;]/g, (char) => `\\${char}`);
  return `${product} (Language=JavaScript; Platform=${escape(`Node.js/${process.versions.node}`)}; Library=${escape(`@enterprise-mcp/amazon/${PACKAGE_VERSION}`)})`.slice(0, 500);
}

async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw new CancelledError('The Amazon request was cancelled while waiting to retry', { platform: PLATFORM, cause: error });
  }
}

/** The key level that releases buyers' personal data (`keys create --permissions amazon:personal_data`). */
export const PERSONAL_DATA_LEVEL = 'personal_data';

export const PERSONAL_DATA_HINT =
  'an operator allows it for the deployment (AMAZON_ALLOW_PERSONAL_DATA=true) and for the API key (`keys create --permissions amazon:personal_data`); the app also needs the restricted roles in Seller Central';

/** A call may see buyers' personal data when the deployment allows it and the caller holds the personal_data level. */
export function mayShowPersonalData(ctx: Pick<ToolContext<AmazonClient>, 'client' | 'permissions'>): boolean {
  return ctx.client.allowPersonalData && holdsLevel(ctx, PERSONAL_DATA_LEVEL);
}
