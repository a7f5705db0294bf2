import {
  ValidationError,
  createHttpClient,
  tokenProviderOf,
  type ClientDependencies,
  type HttpClient,
  type Logger,
  type OutboundRateLimiter,
  type QueryValue,
  type ResolvedConfig,
  type TokenSource,
} from '@enterprise-mcp/core';
import type { CloudflareModeConfigs } from './ecosystem.js';
import { PLATFORM, mapCloudflareError, type CloudflareAuthMode } from './errors.js';
import type { CloudflareEnvelope, CloudflareResultInfo } from './types.js';

export const CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

export interface CloudflareClientOptions {
  /**
   * The secret: an API token (sent as `Authorization: Bearer`), or with `email`
   * the Global API Key (sent as `X-Auth-Key`). A string or a token provider.
   */
  token: TokenSource;
  /** The account email of a Global API Key (legacy auth), sent as `X-Auth-Email`; leave it out for API tokens. */
  email?: string;
  /** Needed for account-owned tokens and account-scoped calls. */
  accountId?: string;
  /** Defaults to the production API; point it at the fake in tests. */
  baseUrl?: string;
  logger?: Logger;
  rateLimiter?: OutboundRateLimiter;
  userAgent?: string;
  timeoutMs?: number;
  retries?: number;
  maxRetryAfterSeconds?: number;
}

/** What a call sends besides its operation: `{name}` values of the path template, query, body, signal. */
export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  signal?: AbortSignal;
}

export interface Page<T> {
  items: T[];
  resultInfo: CloudflareResultInfo;
}

export interface PageQuery {
  page?: number;
  perPage?: number;
}

export interface PaginateOptions {
  signal?: AbortSignal;
  maxPages?: number;
  /** Called after each page, so a tool can report progress on long reads (`ctx.progress`). */
  onPage?: (page: number, totalPages: number) => void | Promise<void>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The Cloudflare API v4 transport: auth headers, the envelope unwrapped,
 * errors typed, pages walked. Calls name their operation as Cloudflare's
 * schema does (`GET /zones/{zone_id}/dns_records`): the path is filled from
 * it and the rate limiter counts it under that name. The calls themselves
 * live in the `*.api.ts` files.
 */
export class CloudflareClient {
  readonly accountId?: string;
  /** `legacy` when the credential is an email and Global API Key, `token` for API tokens. */
  readonly authMode: CloudflareAuthMode;
  /** The account email of a Global API Key; not a secret. */
  readonly email?: string;
  private readonly http: HttpClient;

  constructor(options: CloudflareClientOptions) {
    if (typeof options.token === 'string' && !options.token.trim()) {
      throw new ValidationError('A Cloudflare API token or Global API Key is required', [
        { path: 'token', message: 'set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY), or pass a token' },
      ]);
    }
    this.accountId = options.accountId;
    this.email = options.email;
    this.authMode = options.email === undefined ? 'token' : 'legacy';
    const email = options.email;
    this.http = createHttpClient({
      platform: PLATFORM,
      baseUrl: options.baseUrl ?? CLOUDFLARE_API_BASE_URL,
      auth: {
        token: tokenProviderOf(typeof options.token === 'string' ? options.token.trim() : options.token),
        headers: email === undefined ? undefined : (key) => ({ 'x-auth-email': email, 'x-auth-key': key }),
      },
      mapError: (failure) => mapCloudflareError(failure, this.authMode),
      // Cloudflare's edge names every answer with `cf-ray`: what its support asks for, kept in the audit row.
      requestIdHeader: 'cf-ray',
      rateLimiter: options.rateLimiter,
      logger: options.logger,
      userAgent: options.userAgent ?? 'enterprise-mcp-cloudflare',
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
    });
  }

  /** Sends one call and returns the whole v4 envelope; a `success: false` answer throws. */
  async envelope<T>(operation: string, options: CallOptions = {}): Promise<CloudflareEnvelope<T>> {
    const { method, path } = resolveOperation(operation, options.params);
    const response = await this.http.request<CloudflareEnvelope<T>>({
      method,
      path,
      operation,
      query: options.query,
      json: options.json,
      signal: options.signal,
    });
    const envelope = response.body;
    if (!envelope || typeof envelope !== 'object' || envelope.success !== true) {
      throw mapCloudflareError({ platform: PLATFORM, method, status: response.status, headers: response.headers, body: envelope }, this.authMode);
    }
    return envelope;
  }

  /** The `result` of a v4 answer. */
  async result<T>(operation: string, options: CallOptions = {}): Promise<T> {
    return (await this.envelope<T>(operation, options)).result;
  }

  /** The body of an endpoint that answers text rather than the envelope (the BIND export). */
  async text(operation: string, options: Omit<CallOptions, 'json'> = {}): Promise<string> {
    const { method, path } = resolveOperation(operation, options.params);
    const response = await this.http.request<unknown>({
      method,
      path,
      operation,
      query: options.query,
      headers: { accept: 'text/plain' },
      signal: options.signal,
    });
    if (typeof response.body === 'string') return response.body;
    throw mapCloudflareError({ platform: PLATFORM, method, status: response.status, headers: response.headers, body: response.body }, this.authMode);
  }

  /** One page of a list endpoint, with Cloudflare's `result_info`. */
  async page<T>(operation: string, options: Omit<CallOptions, 'json'> = {}): Promise<Page<T>> {
    const envelope = await this.envelope<T[]>(operation, options);
    const items = envelope.result ?? [];
    const resultInfo = envelope.result_info ?? {
      page: Number(options.query?.page ?? 1),
      per_page: items.length,
      count: items.length,
      total_count: items.length,
      total_pages: 1,
    };
    return { items, resultInfo };
  }

  /** Every item of a list endpoint, page by page, until `result_info.total_pages` (or `maxPages`). */
  async *paginate<T>(operation: string, options: Omit<CallOptions, 'json'> & PaginateOptions = {}): AsyncGenerator<T> {
    const { maxPages = 1000, onPage, ...call } = options;
    for (let page = 1; page <= maxPages; page++) {
      const { items, resultInfo } = await this.page<T>(operation, { ...call, query: { ...call.query, page } });
      await onPage?.(page, Math.min(resultInfo.total_pages, maxPages));
      yield* items;
      if (items.length === 0 || page >= resultInfo.total_pages) return;
    }
  }

  /** Collects `paginate` into an array. */
  async listAll<T>(operation: string, options: Omit<CallOptions, 'json'> & PaginateOptions = {}): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this.paginate<T>(operation, options)) all.push(item);
    return all;
  }
}

/** `GET /zones/{zone_id}` with `{ zone_id }` -> the method and the path with each value encoded. */
function resolveOperation(operation: string, params: Record<string, string> = {}): { method: Method; path: string } {
  const [method, template] = operation.split(' ') as [Method, string | undefined];
  if (!template) throw new TypeError(`Cloudflare operation "${operation}" must be "METHOD /path"`);
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Cloudflare operation "${operation}" needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
  return { method, path };
}

/** The ecosystem's client factory: the credential comes from `deps.token`, never from config. */
export function createCloudflareClient(resolved: ResolvedConfig<CloudflareModeConfigs>, deps: ClientDependencies): CloudflareClient {
  return new CloudflareClient({
    token: deps.token,
    email: resolved.mode === 'legacy' ? resolved.config.email : undefined,
    accountId: resolved.config.accountId,
    baseUrl: resolved.baseUrl,
    logger: deps.logger,
    rateLimiter: deps.rateLimiter,
    userAgent: deps.userAgent,
  });
}
