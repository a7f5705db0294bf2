import got, { HTTPError, RequestError, type Got, type Method } from 'got';
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
import { noopLogger, type Logger } from './logger.js';
import type { OutboundRateLimiter } from './rate-limit.js';
import { redactUrl } from './redact.js';
import { report } from './telemetry.js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TokenProvider } from './credentials.js';

export type HttpHeaders = Record<string, string | string[] | undefined>;

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
  method?: Method;
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

const RETRY_STATUS = [429, 502, 503, 504];
const IDEMPOTENT: Method[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const logger = options.logger ?? noopLogger;
  const instance = got.extend({
    prefixUrl: options.baseUrl.replace(/\/+$/, ''),
    responseType: 'text',
    timeout: { request: options.timeoutMs ?? 30_000 },
    retry: {
      limit: options.retries ?? 2,
      methods: IDEMPOTENT,
      statusCodes: RETRY_STATUS,
      maxRetryAfter: (options.maxRetryAfterSeconds ?? 60) * 1000,
      backoffLimit: 10_000,
    },
    headers: { 'user-agent': options.userAgent ?? 'enterprise-mcp', accept: 'application/json' },
    hooks: {
      beforeRetry: [
        async (error) => {
          callLogger(logger, error.options.signal).warn({ platform: options.platform, status: error.response?.statusCode, code: error.code }, 'retrying upstream request');
          report((sink) => sink.upstreamRetry?.(options.platform, error.response?.statusCode ?? 0));
          await options.rateLimiter?.acquire({ operation: operationOf(error.options.context) });
        },
      ],
      afterResponse: [
        async (response) => {
          const headers = response.headers as HttpHeaders;
          const signal = response.request.options.signal;
          report((sink) => sink.upstreamResponse?.(options.platform, response.statusCode));
          if (response.retryCount > 0) trace.getActiveSpan()?.setAttribute('http.request.resend_count', response.retryCount);
          if (options.requestIdHeader) noteUpstreamRequestId(signal, headers[options.requestIdHeader.toLowerCase()]);
          // Awaited, so the next request sees what this response taught the limiter; a failing limiter never fails the request.
          await observe(options, operationOf(response.request.options.context), headers, response.statusCode, signal);
          options.onResponse?.(response.statusCode, headers);
          callLogger(logger, signal).debug(
            {
              platform: options.platform,
              method: response.request.options.method,
              url: redactUrl(response.url),
              status: response.statusCode,
              durationMs: response.timings.phases.total,
            },
            'upstream response',
          );
          return response;
        },
      ],
    },
  });

  const attempt = async <T>(req: HttpRequest, method: Method, operation: string, token: string | undefined): Promise<HttpResponse<T>> => {
    await options.rateLimiter?.acquire({ operation, signal: req.signal });
    const headers = { ...(await options.headers?.()), ...(token === undefined ? {} : authHeaders(options, token)), ...req.headers };
    try {
      const response = await send(instance, method, req, headers, operation);
      return { status: response.statusCode, headers: response.headers as HttpHeaders, body: parseBody(response) as T };
    } catch (error) {
      throw toTypedError(error, options, method, req.signal);
    }
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

  const authorizedRequest = async <T>(req: HttpRequest, method: Method): Promise<HttpResponse<T>> => {
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
    (method: Method) =>
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

function send(instance: Got, method: Method, req: HttpRequest, headers: Record<string, string>, operation: string) {
  return instance(req.path.replace(/^\/+/, ''), {
    method,
    headers,
    searchParams: toSearchParams(req.query),
    json: req.json,
    signal: req.signal,
    context: { operation },
  });
}

async function observe(options: HttpClientOptions, operation: string, headers: HttpHeaders, status: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await options.rateLimiter?.observe?.(operation, headers, status);
  } catch (error) {
    callLogger(options.logger ?? noopLogger, signal).warn({ platform: options.platform, err: error }, 'the rate limiter could not record a response');
  }
}

function operationOf(context: Record<string, unknown> | undefined): string {
  return typeof context?.['operation'] === 'string' ? context['operation'] : 'unknown';
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

function parseBody(response: { body: unknown; headers: HttpHeaders }): unknown {
  const text = typeof response.body === 'string' ? response.body : '';
  const type = String(response.headers['content-type'] ?? '');
  if (text === '') return undefined;
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toTypedError(error: unknown, options: HttpClientOptions, method: string, signal?: AbortSignal): EmcpError {
  const platform = options.platform;
  const inner = unwrap(error);
  if (inner instanceof EmcpError) return inner;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new CancelledError(`The ${platform} request was cancelled`, { platform });
  }
  if (error instanceof HTTPError) {
    const headers = error.response.headers as HttpHeaders;
    const failure: HttpFailure = {
      platform,
      method,
      status: error.response.statusCode,
      headers,
      body: parseBody(error.response),
      retryAfterSeconds: parseRetryAfter(headers['retry-after']),
      signal,
    };
    return options.mapError?.(failure) ?? errorForStatus(failure, messageOf(failure.body));
  }
  if (error instanceof RequestError && error.code === 'ETIMEDOUT') {
    return new UpstreamTimeoutError(`${platform} did not answer in time`, {
      platform,
      hint: 'the platform may be slow; try again shortly',
      cause: error,
    });
  }
  const code = error instanceof RequestError ? error.code : undefined;
  return new UpstreamUnavailableError(`${platform} could not be reached${code ? ` (${code})` : ''}`, {
    platform,
    hint: 'the platform may be down; try again shortly',
    cause: error,
  });
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
