import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request as send, type Dispatcher } from 'undici';
import {
  AuthenticationError,
  CancelledError,
  ConflictError,
  EmcpError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  ValidationError,
  type EmcpErrorOptions,
} from './errors.js';
import { callLogger, noteUpstreamRequestId } from './call-scope.js';
import { logsAt, noopLogger, type Logger } from './logger.js';
import type { OutboundRateLimiter } from './rate-limit.js';
import { redactUrl } from './redact.js';
import { report } from './telemetry.js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TokenProvider } from './credentials.js';

export type HttpHeaders = Record<string, string | string[] | undefined>;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** An error answer from the platform, handed to the ecosystem's mapper. */
export interface HttpFailure {
  platform: string;
  method: string;
  status: number;
  headers: HttpHeaders;
  /** Parsed JSON when the platform sent JSON, the raw text otherwise. */
  body: unknown;
  retryAfterSeconds?: number;
  /** The request's signal: a mapper that logs finds the call's logger through it (`callLogger`). */
  signal?: AbortSignal;
}

export interface HttpClientOptions {
  /** Display name used in errors and logs ("Cloudflare"). */
  platform: string;
  baseUrl: string;
  /** Headers for every request besides auth. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /**
   * The credential: a token per request, and the headers that carry it
   * (default `Authorization: Bearer <token>`). After a 401 the token is
   * invalidated and the request sent once more with a fresh one.
   */
  auth?: { token: TokenProvider; headers?: (token: string) => Record<string, string> };
  /** Turns a platform error answer into a typed error; `errorForStatus` is the fallback. */
  mapError?: (failure: HttpFailure) => EmcpError;
  /** Longest one attempt may take, its answer's body included (default 30 s). */
  timeoutMs?: number;
  /** Retries for idempotent requests on 429/502/503/504 and network errors. */
  retries?: number;
  /** A Retry-After longer than this is not waited for: the caller gets RateLimitedError. */
  maxRetryAfterSeconds?: number;
  rateLimiter?: OutboundRateLimiter;
  /**
   * The response header that carries the platform's id of the request (Amazon's
   * `x-amzn-RequestId`): every response's value is collected for the tool call
   * that caused it (through the call scope of the request's signal, see
   * `withCallScope`), for its audit row and log line.
   */
  requestIdHeader?: string;
  /** Called with every response's headers (platforms that report their own limits). */
  onResponse?: (status: number, headers: HttpHeaders) => void;
  /** For lines outside any tool call; a request whose signal carries a call scope logs to the call's logger. */
  logger?: Logger;
  userAgent?: string;
}

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface HttpRequest {
  method?: HttpMethod;
  /** Path below the base URL; a leading slash is fine. */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * What the rate limiter counts this request as: `METHOD /path/{template}` or the
   * platform's operation name; default `METHOD /path` as sent. Retries count too.
   */
  operation?: string;
}

export interface HttpResponse<T> {
  status: number;
  headers: HttpHeaders;
  body: T;
}

export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  get<T = unknown>(path: string, options?: Omit<HttpRequest, 'path' | 'method'>): Promise<T>;
  post<T = unknown>(path: string, options?: Omit<HttpRequest, 'path' | 'method'>): Promise<T>;
  put<T = unknown>(path: string, options?: Omit<HttpRequest, 'path' | 'method'>): Promise<T>;
  patch<T = unknown>(path: string, options?: Omit<HttpRequest, 'path' | 'method'>): Promise<T>;
  delete<T = unknown>(path: string, options?: Omit<HttpRequest, 'path' | 'method'>): Promise<T>;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Failures of the connection rather than answers: worth another try for an idempotent request. */
const RETRY_ERROR_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRINUSE', 'ETIMEDOUT',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const MAX_BACKOFF_MS = 10_000;

/** Keep-alive connections to the platforms, shared by every client (undici: a platform call costs a fraction of what it did with got). */
const platforms: Dispatcher = new Agent();
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/**
 * One attempt's time limit, headers and body included, and the call's own
 * cancellation: a signal that aborts at whichever comes first. (undici's own
 * timeouts run on a timer of about a second's resolution.)
 */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCancel = () => this.controller.abort(this.caller!.reason);

  constructor(timeoutMs: number, private readonly caller: AbortSignal | undefined) {
    this.timer = setTimeout(() => this.controller.abort(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' })), timeoutMs);
    if (caller?.aborted) this.onCancel();
    else caller?.addEventListener('abort', this.onCancel, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCancel);
  }
}

/** One answer as received: any status, the body as text. */
interface Answer {
  status: number;
  headers: HttpHeaders;
  text: string;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const logger = options.logger ?? noopLogger;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 2;
  const maxRetryAfterMs = (options.maxRetryAfterSeconds ?? 60) * 1000;
  const defaultHeaders = { 'user-agent': options.userAgent ?? 'enterprise-mcp', accept: 'application/json' };

  /** Sends once within the deadline and reports the answer to the limiter, the telemetry sink, the call's request ids and the log. */
  const sendOnce = async (url: URL, method: HttpMethod, headers: Record<string, string>, body: string | undefined, req: HttpRequest, operation: string): Promise<Answer> => {
    const started = performance.now();
    const deadline = new Deadline(timeoutMs, req.signal);
    let answer: Answer;
    try {
      const response = await send(url, { method, headers, body, signal: deadline.signal, dispatcher: platforms });
      answer = { status: response.statusCode, headers: response.headers as HttpHeaders, text: await response.body.text() };
    } finally {
      deadline.clear();
    }
    report((sink) => sink.upstreamResponse?.(options.platform, answer.status));
    if (options.requestIdHeader) noteUpstreamRequestId(req.signal, answer.headers[options.requestIdHeader.toLowerCase()]);
    // Awaited, so the next request sees what this answer taught the limiter; a failing limiter never fails the request.
    await observe(options, operation, answer.headers, answer.status, req.signal);
    options.onResponse?.(answer.status, answer.headers);
    const log = callLogger(logger, req.signal);
    // The line is built only when written: redacting the URL is a measurable part of a call.
    if (logsAt(log, 'debug')) {
      log.debug({ platform: options.platform, method, url: redactUrl(url.href), status: answer.status, durationMs: Math.round(performance.now() - started) }, 'upstream response');
    }
    return answer;
  };

  /** How long to wait before sending again, or undefined: no retry (not idempotent, retries spent, a Retry-After too long). */
  const retryDelay = (method: HttpMethod, outcome: Answer | Error, retry: number): number | undefined => {
    if (retry >= retries || !IDEMPOTENT.has(method)) return undefined;
    const backoff = Math.min(2 ** retry * 1000 + Math.random() * 100, MAX_BACKOFF_MS);
    if (outcome instanceof Error) return RETRY_ERROR_CODES.has(errorCode(outcome) ?? '') ? backoff : undefined;
    if (!RETRY_STATUS.has(outcome.status)) return undefined;
    const told = parseRetryAfter(outcome.headers['retry-after']);
    if (told === undefined) return backoff;
    return told * 1000 <= maxRetryAfterMs ? told * 1000 : undefined;
  };

  /**
   * Sends, and sends again after a retryable failure; follows redirects within
   * the platform's origin (the credentials go with every request, so a redirect
   * to another origin is refused, not followed). Resolves with the last answer,
   * whatever its status.
   */
  const sendWithRetries = async (req: HttpRequest, method: HttpMethod, operation: string, headers: Record<string, string>): Promise<{ answer: Answer; retries: number }> => {
    let url = urlOf(baseUrl, req);
    let body = req.json === undefined ? undefined : JSON.stringify(req.json);
    let sent: Record<string, string> = body === undefined ? { ...defaultHeaders, ...headers } : { ...defaultHeaders, 'content-type': 'application/json', ...headers };
    let redirects = 0;
    for (let retry = 0; ; ) {
      const outcome = await sendOnce(url, method, sent, body, req, operation).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      const location = outcome instanceof Error ? undefined : headerValue(outcome.headers['location']);
      if (!(outcome instanceof Error) && location && REDIRECT_STATUS.has(outcome.status)) {
        url = redirectTarget(options.platform, url, location, ++redirects);
        // 303, and 301/302 after a POST, turn into a GET without the body, as browsers and got do.
        if (outcome.status === 303 || (method === 'POST' && outcome.status <= 302)) {
          [method, body, sent] = ['GET', undefined, withoutContentType(sent)];
        }
        continue;
      }
      const delayMs = req.signal?.aborted ? undefined : retryDelay(method, outcome, retry);
      if (delayMs === undefined) {
        if (outcome instanceof Error) throw outcome;
        return { answer: outcome, retries: retry };
      }
      retry++;
      const status = outcome instanceof Error ? undefined : outcome.status;
      callLogger(logger, req.signal).warn({ platform: options.platform, status, code: outcome instanceof Error ? errorCode(outcome) : undefined, delayMs: Math.round(delayMs) }, 'retrying upstream request');
      report((sink) => sink.upstreamRetry?.(options.platform, status ?? 0));
      await sleep(delayMs, undefined, { signal: req.signal });
      await options.rateLimiter?.acquire({ operation, signal: req.signal });
    }
  };

  const attempt = async <T>(req: HttpRequest, method: HttpMethod, operation: string, token: string | undefined): Promise<HttpResponse<T>> => {
    await options.rateLimiter?.acquire({ operation, signal: req.signal });
    const headers = { ...(await options.headers?.()), ...(token === undefined ? {} : authHeaders(options, token)), ...req.headers };
    let sent: { answer: Answer; retries: number };
    try {
      sent = await sendWithRetries(req, method, operation, headers);
    } catch (error) {
      throw toTypedError(error, options.platform, req.signal);
    }
    const { answer } = sent;
    if (sent.retries > 0) trace.getActiveSpan()?.setAttribute('http.request.resend_count', sent.retries);
    const body = parseBody(answer.text, answer.headers);
    if (answer.status >= 400) throw failureError(options, method, answer, body, req.signal);
    return { status: answer.status, headers: answer.headers, body: body as T };
  };

  const host = hostOf(options.baseUrl);
  const request = <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    const method = req.method ?? 'GET';
    // Method, host and status only: no path or query (they may carry ids or secrets), no headers.
    const attributes = { 'http.request.method': method, 'server.address': host, 'emcp.platform': options.platform };
    return tracer().startActiveSpan(`${method} ${host}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        const response = await authorizedRequest<T>(req, method);
        span.setAttribute('http.response.status_code', response.status);
        return response;
      } catch (error) {
        if (error instanceof EmcpError && error.status !== undefined) span.setAttribute('http.response.status_code', error.status);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof EmcpError ? error.code : 'error' });
        throw error;
      } finally {
        span.end();
      }
    });
  };

  const authorizedRequest = async <T>(req: HttpRequest, method: HttpMethod): Promise<HttpResponse<T>> => {
    const operation = req.operation ?? `${method} /${req.path.replace(/^\/+/, '').split('?')[0]}`;
    const token = await options.auth?.token.getToken({ signal: req.signal });
    try {
      return await attempt<T>(req, method, operation, token);
    } catch (error) {
      // A rejected token is refreshed once and the request sent once more; a static token is not retried.
      if (!(error instanceof AuthenticationError) || token === undefined || !options.auth!.token.invalidate(token)) throw error;
      const fresh = await options.auth!.token.getToken({ signal: req.signal });
      return attempt<T>(req, method, operation, fresh);
    }
  };

  const verb =
    (method: HttpMethod) =>
    <T>(path: string, rest: Omit<HttpRequest, 'path' | 'method'> = {}) =>
      request<T>({ ...rest, method, path }).then((response) => response.body);

  return {
    request,
    get: verb('GET'),
    post: verb('POST'),
    put: verb('PUT'),
    patch: verb('PATCH'),
    delete: verb('DELETE'),
  };
}

const tracer = () => trace.getTracer('@enterprise-mcp/core');

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'unknown';
  }
}

async function observe(options: HttpClientOptions, operation: string, headers: HttpHeaders, status: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await options.rateLimiter?.observe?.(operation, headers, status);
  } catch (error) {
    callLogger(options.logger ?? noopLogger, signal).warn({ platform: options.platform, err: error }, 'the rate limiter could not record a response');
  }
}

function authHeaders(options: HttpClientOptions, token: string): Record<string, string> {
  return options.auth?.headers ? options.auth.headers(token) : { authorization: `Bearer ${token}` };
}

function toSearchParams(query: HttpRequest['query']): URLSearchParams | undefined {
  if (!query) return undefined;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(key, String(item)));
    else params.append(key, String(value));
  }
  return params;
}

/** Where a redirect leads, when it stays within the origin the request was sent to. */
function redirectTarget(platform: string, from: URL, location: string, redirects: number): URL {
  const to = new URL(location, from);
  if (to.origin !== from.origin) {
    throw new UpstreamUnavailableError(`${platform} redirected the request to another origin (${to.origin}); it was not followed, so the credentials stay with ${from.origin}`, {
      platform,
      hint: 'check the base URL configured for this platform',
    });
  }
  if (redirects > MAX_REDIRECTS) {
    throw new UpstreamUnavailableError(`${platform} redirected the request more than ${MAX_REDIRECTS} times`, { platform, hint: 'check the base URL configured for this platform' });
  }
  return to;
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
}

function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

/** The request's URL: the base URL, the path below it, the query. */
function urlOf(baseUrl: string, req: HttpRequest): URL {
  const url = new URL(`${baseUrl}/${req.path.replace(/^\/+/, '')}`);
  // Added to any query the path already carries.
  for (const [key, value] of toSearchParams(req.query) ?? []) url.searchParams.append(key, value);
  return url;
}

function parseBody(text: string, headers: HttpHeaders): unknown {
  const type = String(headers['content-type'] ?? '');
  if (text === '') return undefined;
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A platform's error answer as a typed error: the ecosystem's mapper first, `errorForStatus` after. */
function failureError(options: HttpClientOptions, method: string, answer: Answer, body: unknown, signal: AbortSignal | undefined): EmcpError {
  const failure: HttpFailure = {
    platform: options.platform,
    method,
    status: answer.status,
    headers: answer.headers,
    body,
    retryAfterSeconds: parseRetryAfter(answer.headers['retry-after']),
    signal,
  };
  return options.mapError?.(failure) ?? errorForStatus(failure, messageOf(failure.body));
}

/** A request that got no answer: cancelled, timed out or unreachable (an error the limiter or a token provider threw passes as it is). */
function toTypedError(error: unknown, platform: string, signal?: AbortSignal): EmcpError {
  const inner = unwrap(error);
  if (inner instanceof EmcpError) return inner;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new CancelledError(`The ${platform} request was cancelled`, { platform });
  }
  const code = error instanceof Error ? errorCode(error) : undefined;
  if (code && TIMEOUT_CODES.has(code)) {
    return new UpstreamTimeoutError(`${platform} did not answer in time`, {
      platform,
      hint: 'the platform may be slow; try again shortly',
      cause: error,
    });
  }
  return new UpstreamUnavailableError(`${platform} could not be reached${code ? ` (${code})` : ''}`, {
    platform,
    hint: 'the platform may be down; try again shortly',
    cause: error,
  });
}

/** A network error's code (`ECONNREFUSED`, `UND_ERR_SOCKET`…), from the error or the system error it wraps. */
function errorCode(error: Error): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

function unwrap(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof EmcpError) return current;
    current = current.cause;
  }
  return current instanceof EmcpError ? current : error;
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 300) || undefined;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return body.message;
  return undefined;
}

/** The typed error for an HTTP status, for platforms without a richer error body. */
export function errorForStatus(failure: HttpFailure, message?: string, extra: EmcpErrorOptions = {}): EmcpError {
  const { platform, status } = failure;
  const opts: EmcpErrorOptions = { platform, status, ...extra };
  const text = (fallback: string) => message ?? fallback;
  if (status === 401) {
    return new AuthenticationError(text(`${platform} rejected the credentials`), {
      hint: 'check that the API credentials are valid and not expired',
      ...opts,
    });
  }
  if (status === 403) {
    return new PermissionDeniedError(text(`${platform} denied access`), {
      hint: 'the credentials lack a permission this action needs',
      ...opts,
    });
  }
  if (status === 404) return new NotFoundError(text(`${platform} found no such resource`), opts);
  if (status === 409) return new ConflictError(text(`${platform} reported a conflict`), opts);
  if (status === 400 || status === 422) return new ValidationError(text(`${platform} rejected the input`), [], opts);
  if (status === 429) {
    return new RateLimitedError(text(`${platform} rate limit reached`), failure.retryAfterSeconds ?? 60, opts);
  }
  if (status === 504 || status === 408) return new UpstreamTimeoutError(text(`${platform} timed out`), opts);
  return new UpstreamUnavailableError(text(`${platform} answered HTTP ${status}`), {
    hint: 'the platform had a problem; try again shortly',
    ...opts,
  });
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
