import { setTimeout as delay } from 'node:timers/promises';
import {
  AuthenticationError,
  CancelledError,
  createHttpClient,
  parseRetryAfter,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamUnavailableError,
  tokenProviderOf,
  type ClientDependencies,
  type Connection,
  type EmcpError,
  type HttpClient,
  type HttpHeaders,
  type HttpRequest,
  type QueryValue,
  type TokenProvider,
  type TokenSource,
} from '@enterprise-mcp/core';
import { GoogleScopeMissingError, mapGoogleError, PLATFORM } from './errors.js';
import type { PermissionLevel } from './permissions.js';

/** Each API's host, per its discovery document's `rootUrl`. Paths below keep the discovery `servicePath`. */
export const GOOGLE_HOSTS = {
  gmail: 'https://gmail.googleapis.com',
  calendar: 'https://www.googleapis.com',
  drive: 'https://www.googleapis.com',
  sheets: 'https://sheets.googleapis.com',
  docs: 'https://docs.googleapis.com',
} as const;

export type GoogleService = keyof typeof GOOGLE_HOSTS;

/** The contract's one base URL: Calendar's and Drive's host. Another value re-roots every API at it (a proxy, the fake). */
export const GOOGLE_BASE_URL = 'https://www.googleapis.com';

export interface GoogleClientOptions extends Omit<ClientDependencies, 'token'> {
  /** The access token: a string, or a provider that refreshes (the host's vault, a service account's JWT grant). */
  token: TokenSource;
  /** Every API at this origin instead of Google's hosts (paths unchanged): for a proxy or the fake. */
  baseUrl?: string;
  /** The account the token acts as, when known (a connection's email, an impersonated user). */
  account?: string;
  /** Recipients and domains mail may be sent and files shared to; empty allows any. */
  allowedRecipientDomains?: string[];
  /** Attempts after a rate limit or a 5xx (default 3). */
  retries?: number;
  /** First back-off delay; doubled each attempt (default 1000 ms). */
  retryBaseDelayMs?: number;
  /** A Retry-After longer than this is not waited for (default 60 s). */
  maxRetryAfterSeconds?: number;
  timeoutMs?: number;
  /** Largest file google_read_file downloads (default 10 MB, Google's export cap). */
  maxDownloadBytes?: number;
}

export type GoogleMethod = NonNullable<HttpRequest['method']>;

export interface GoogleRequestOptions {
  /** Values of the path template's `{name}` placeholders; URL-encoded here. */
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  signal?: AbortSignal;
  /** The permission level the call needs: a missing scope is reported as this level. */
  level: PermissionLevel;
  /** The discovery method id (`gmail.users.messages.list`): what the rate limiter counts. */
  operation: string;
}

export interface GoogleRawRequest extends Omit<GoogleRequestOptions, 'json'> {
  /** A body sent as it is (a multipart/related upload), with its content type. */
  body?: { contentType: string; data: string | Buffer };
  /** Stop reading after this many bytes and fail (downloads). */
  maxBytes?: number;
}

const IDEMPOTENT = new Set<GoogleMethod>(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * The Google Workspace transport: one HTTP client per API host sharing one
 * token provider, Google's error body mapped to typed errors, and retries with
 * exponential back-off for 429 and 403 rate-limit reasons (any method: Google
 * did not do the work) and for 5xx on idempotent methods, never for a missing
 * scope. The calls themselves live in the `<area>.api.ts` modules.
 */
export class GoogleClient {
  readonly baseUrl?: string;
  readonly connection?: Connection;
  readonly account?: string;
  readonly allowedRecipientDomains: string[];
  readonly maxDownloadBytes: number;
  private readonly token: TokenProvider;
  private readonly clients = new Map<string, HttpClient>();
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryAfterSeconds: number;

  constructor(private readonly options: GoogleClientOptions) {
    this.baseUrl = options.baseUrl && options.baseUrl.replace(/\/+$/, '') !== GOOGLE_BASE_URL ? options.baseUrl.replace(/\/+$/, '') : undefined;
    this.connection = options.connection;
    this.account = options.account ?? options.connection?.externalIds['email'];
    this.allowedRecipientDomains = (options.allowedRecipientDomains ?? []).map((entry) => entry.trim().toLowerCase()).filter(Boolean);
    this.maxDownloadBytes = options.maxDownloadBytes ?? 10 * 1024 * 1024;
    this.token = tokenProviderOf(options.token);
    this.retries = options.retries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 1000;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
  }

  /** Where a service's requests go. */
  hostOf(service: GoogleService): string {
    return this.baseUrl ?? GOOGLE_HOSTS[service];
  }

  /** One JSON call. `path` is the discovery path template (`/gmail/v1/users/me/messages/{id}`), filled from `params`. */
  async request<T>(service: GoogleService, method: GoogleMethod, path: string, options: GoogleRequestOptions): Promise<T> {
    const http = this.httpFor(service);
    return this.withRetries(method, options, async () => {
      const response = await http.request<T>({
        method,
        path: expandPath(path, options.params),
        query: options.query,
        json: options.json,
        signal: options.signal,
        operation: options.operation,
      });
      return response.body;
    });
  }

  /**
   * A call whose body or answer is not JSON: a multipart upload, a file
   * download. Core's HTTP client sends JSON and reads text, so this one goes
   * through fetch, with the same token, errors, limiter and retries.
   */
  async raw(service: GoogleService, method: GoogleMethod, path: string, options: GoogleRawRequest): Promise<{ contentType: string; data: Buffer }> {
    return this.withRetries(method, options, async () => {
      const token = await this.token.getToken({ signal: options.signal });
      try {
        return await this.fetchRaw(service, method, path, options, token);
      } catch (error) {
        if (!(error instanceof AuthenticationError) || !this.token.invalidate(token)) throw error;
        return this.fetchRaw(service, method, path, options, await this.token.getToken({ signal: options.signal }));
      }
    });
  }

  /** Throws unless every address is allowed by `allowedRecipientDomains` (an address or its domain listed). */
  assertRecipientsAllowed(addresses: string[], action: string): void {
    if (this.allowedRecipientDomains.length === 0) return;
    const refused = addresses.filter((address) => !recipientAllowed(address, this.allowedRecipientDomains));
    if (refused.length === 0) return;
    throw new PermissionDeniedError(`Refused to ${action} ${refused.join(', ')}: not in the allowed recipients`, {
      platform: PLATFORM,
      platformCode: 'recipientNotAllowed',
      hint: `only ${this.allowedRecipientDomains.join(', ')} are allowed (GOOGLE_ALLOWED_RECIPIENT_DOMAINS); ask an administrator to add the address or domain`,
    });
  }

  private httpFor(service: GoogleService): HttpClient {
    const host = this.hostOf(service);
    let http = this.clients.get(host);
    if (!http) {
      http = createHttpClient({
        platform: PLATFORM,
        baseUrl: host,
        auth: { token: this.token },
        mapError: mapGoogleError,
        // Retries are ours (below): core's would not retry a POST after a 429, nor a 403 rate limit.
        retries: 0,
        rateLimiter: this.options.rateLimiter,
        logger: this.options.logger,
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs,
      });
      this.clients.set(host, http);
    }
    return http;
  }

  private async withRetries<T>(method: GoogleMethod, options: Pick<GoogleRequestOptions, 'level' | 'signal'>, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (error instanceof GoogleScopeMissingError) throw error.forLevel(options.level);
        const wait = attempt < this.retries ? this.retryDelay(error, method, attempt) : undefined;
        if (wait === undefined) throw error;
        this.options.logger?.warn({ platform: PLATFORM, attempt: attempt + 1, waitMs: wait, code: (error as EmcpError).platformCode }, 'retrying Google request');
        await sleep(wait, options.signal);
      }
    }
  }

  /** How long to wait before the next attempt, or undefined when the error is not worth retrying. */
  private retryDelay(error: unknown, method: GoogleMethod, attempt: number): number | undefined {
    const backoff = this.retryBaseDelayMs * 2 ** attempt * (1 + Math.random() * 0.25);
    if (error instanceof RateLimitedError) {
      if (error.status === undefined) return undefined; // our own limiter's refusal: it already waited
      if (error.platformCode === 'dailyLimitExceeded') return undefined;
      const told = error.retryAfterSeconds;
      if (told > this.maxRetryAfterSeconds) return undefined;
      return error.status === 429 && told > 0 && told < 60 ? Math.max(told * 1000, backoff) : backoff;
    }
    if (error instanceof UpstreamUnavailableError && IDEMPOTENT.has(method)) return backoff;
    return undefined;
  }

  private async fetchRaw(service: GoogleService, method: GoogleMethod, path: string, options: GoogleRawRequest, token: string): Promise<{ contentType: string; data: Buffer }> {
    await this.options.rateLimiter?.acquire({ operation: options.operation, signal: options.signal });
    const url = new URL(`${this.hostOf(service)}${expandPath(path, options.params)}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'user-agent': this.options.userAgent ?? 'enterprise-mcp' };
    if (options.body) headers['content-type'] = options.body.contentType;
    const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(this.options.timeoutMs ?? 30_000)]) : AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: options.body?.data, signal });
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError('The Google request was cancelled', { platform: PLATFORM, cause: error });
      throw new UpstreamUnavailableError('Google could not be reached', { platform: PLATFORM, hint: 'try again shortly', cause: error });
    }
    const responseHeaders: HttpHeaders = Object.fromEntries(response.headers.entries());
    const data = await readCapped(response, options.maxBytes);
    if (response.ok) return { contentType: response.headers.get('content-type') ?? 'application/octet-stream', data };
    const text = data.toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    throw mapGoogleError({ platform: PLATFORM, method, status: response.status, headers: responseHeaders, body, retryAfterSeconds: parseRetryAfter(responseHeaders['retry-after']) });
  }
}

/** Fills `{name}` placeholders with URL-encoded values; a placeholder without a value is a bug in the caller. */
export function expandPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Google path ${template} needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** An allowlist entry is a domain (`example.com`, also allowing its subdomains) or one address. */
export function recipientAllowed(address: string, allowed: string[]): boolean {
  const email = address.trim().toLowerCase();
  const domain = email.split('@')[1] ?? '';
  return allowed.some((entry) => (entry.includes('@') ? entry === email : domain === entry || domain.endsWith(`.${entry}`)));
}

async function readCapped(response: Response, maxBytes: number | undefined): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (maxBytes !== undefined && size > maxBytes) {
      throw new PermissionDeniedError(`The file is larger than ${maxBytes} bytes`, { platform: PLATFORM, platformCode: 'downloadTooLarge', hint: 'read a smaller file, or export it to a smaller format' });
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    throw new CancelledError('The Google request was cancelled while backing off', { platform: PLATFORM, cause: error });
  }
}
