import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CancelledError,
  CredentialsMissingError,
  createHttpClient,
  RateLimitedError,
  tokenProviderOf,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type ClientDependencies,
  type Connection,
  type HttpClient,
  type HttpHeaders,
  type QueryValue,
  type TokenSource,
} from '@enterprise-mcp/core';
import pLimit, { type LimitFunction } from 'p-limit';
import { createQuickBooksErrorMapper, PLATFORM, THROTTLE_BACKOFF_SECONDS } from './errors.js';

export const QUICKBOOKS_BASE_URLS = {
  production: 'https://quickbooks.api.intuit.com',
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
} as const;

/**
 * Every request names minor version 75: since August 2025 Intuit serves 75 for anything lower (or
 * nothing), so asking for it says what the shapes are rather than relying on the default.
 */
export const MINOR_VERSION = 75;

/** Intuit's limit of requests in flight per company and app (a 429 beyond it). */
export const MAX_CONCURRENT_PER_REALM = 10;

export interface QuickBooksClientOptions extends Omit<ClientDependencies, 'token'> {
  /** The connected company's access token: the host's refreshing provider, or a string. */
  token: TokenSource;
  baseUrl?: string;
  timeoutMs?: number;
  /** Transient failures (502/503/504, network) are tried again this often, reads and creates only (default 2). */
  retries?: number;
  /** The clock of the 60-second back-off after a 429 (tests move it). */
  now?: () => number;
}

export type QuickBooksMethod = 'GET' | 'POST';

export interface QuickBooksRequest {
  method?: QuickBooksMethod;
  /** Below `/v3/company/{realmId}`, as a template: `/invoice/{id}`. The template is the rate limiter's operation. */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  accept?: string;
  signal?: AbortSignal;
  /** Safe to send again after a transient failure: reads, and creates (they carry a requestid). */
  retryable?: boolean;
}

export interface QuickBooksResponse<T> {
  body: T;
  headers: HttpHeaders;
}

/** What every client of one company in this process shares: the concurrency cap and the back-off after a 429. */
interface RealmGate {
  limit: LimitFunction;
  blockedUntil: number;
}

const gates = new Map<string, RealmGate>();

/**
 * The QuickBooks Online Accounting API for one company (realm): `/v3/company/{realmId}/…` with
 * `minorversion=75` and `Accept: application/json`, the token from the provider (a 401 refreshes
 * once and retries once, in core), at most ten requests in flight per company, and a minute's
 * pause after a 429 instead of retrying into the throttle. The calls live in the `*.api.ts` files.
 */
export class QuickBooksClient {
  readonly baseUrl: string;
  readonly connection?: Connection;
  private readonly http: HttpClient;
  private readonly retries: number;
  private readonly now: () => number;

  constructor(options: QuickBooksClientOptions) {
    this.baseUrl = (options.baseUrl ?? QUICKBOOKS_BASE_URLS.production).replace(/\/+$/, '');
    this.connection = options.connection;
    this.retries = options.retries ?? 2;
    this.now = options.now ?? Date.now;
    this.http = createHttpClient({
      platform: PLATFORM,
      baseUrl: this.baseUrl,
      auth: { token: tokenProviderOf(options.token) },
      mapError: createQuickBooksErrorMapper(options.logger),
      // On every API answer, and what Intuit support asks for: kept in the call's audit row and log line.
      requestIdHeader: 'intuit_tid',
      // Core's transport would retry a 429 after a second or two; QuickBooks wants a minute, so retries are ours.
      retries: 0,
      timeoutMs: options.timeoutMs,
      rateLimiter: options.rateLimiter,
      logger: options.logger,
      userAgent: options.userAgent,
    });
  }

  /** The company the calls act on: the connection's `realmId`. */
  get realmId(): string {
    const realm = this.connection?.externalIds['realmId'];
    if (realm) return realm;
    throw this.connection
      ? new CredentialsMissingError(`The QuickBooks connection "${this.connection.id}" has no realmId`, {
          platform: PLATFORM,
          hint: "the connection's externalIds need the company's realmId from the OAuth callback: connect the company again",
        })
      : new CredentialsMissingError('QuickBooks has no connected company to act on', {
          platform: PLATFORM,
          hint: 'connect a QuickBooks company first; used alone, pass `connection: { id, externalIds: { realmId } }` with the token',
        });
  }

  async request<T>(request: QuickBooksRequest): Promise<QuickBooksResponse<T>> {
    const realm = this.realmId;
    const gate = gateOf(`${this.baseUrl} ${realm}`);
    for (let attempt = 0; ; attempt++) {
      this.checkBackoff(gate);
      try {
        return await gate.limit(() => this.send<T>(realm, request));
      } catch (error) {
        if (error instanceof RateLimitedError) gate.blockedUntil = Math.max(gate.blockedUntil, this.now() + error.retryAfterSeconds * 1000);
        if (!(request.retryable && attempt < this.retries && transient(error))) throw error;
        await pause(250 * 2 ** attempt, request.signal);
      }
    }
  }

  /** A create: `requestid` makes QuickBooks answer a repeat with the first answer, so a retried create does not duplicate. */
  create<T>(request: Omit<QuickBooksRequest, 'method' | 'retryable'>): Promise<QuickBooksResponse<T>> {
    return this.request<T>({ ...request, method: 'POST', query: { ...request.query, requestid: randomUUID() }, retryable: true });
  }

  private send<T>(realm: string, request: QuickBooksRequest): Promise<QuickBooksResponse<T>> {
    const method = request.method ?? 'GET';
    return this.http
      .request<T>({
        method,
        path: `/v3/company/${encodeURIComponent(realm)}${fillTemplate(request.path, request.params)}`,
        query: { ...request.query, minorversion: MINOR_VERSION },
        json: request.json,
        headers: { accept: request.accept ?? 'application/json' },
        signal: request.signal,
        operation: `${method} /v3/company/{realmId}${request.path}`,
      })
      .then((response) => ({ body: response.body, headers: response.headers }));
  }

  private checkBackoff(gate: RealmGate): void {
    const waitMs = gate.blockedUntil - this.now();
    if (waitMs <= 0) return;
    const seconds = Math.ceil(waitMs / 1000);
    throw new RateLimitedError(`QuickBooks throttled this company; no request is sent for ${seconds} more seconds`, seconds, {
      platform: PLATFORM,
      hint: `QuickBooks asks for ${THROTTLE_BACKOFF_SECONDS} seconds without requests after a 429: retry after ${seconds} seconds`,
    });
  }
}

function gateOf(key: string): RealmGate {
  let gate = gates.get(key);
  if (!gate) {
    gate = { limit: pLimit(MAX_CONCURRENT_PER_REALM), blockedUntil: 0 };
    gates.set(key, gate);
  }
  return gate;
}

function transient(error: unknown): boolean {
  return error instanceof UpstreamUnavailableError || error instanceof UpstreamTimeoutError;
}

async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    throw new CancelledError('The QuickBooks request was cancelled', { platform: PLATFORM, cause: error });
  }
}

/** Fills `{name}` placeholders with URL-encoded values; a placeholder without a value is a bug in the caller. */
export function fillTemplate(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`QuickBooks path ${template} needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
}
