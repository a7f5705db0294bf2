import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamUnavailableError,
  ValidationError,
  errorForStatus,
  type EmcpError,
  type HttpFailure,
  type HttpHeaders,
} from '@enterprise-mcp/core';

export const PLATFORM = 'Amazon';

/** One entry of SP-API's `ErrorList`. */
export interface SpApiError {
  code: string;
  message: string;
  details?: string;
}

/**
 * The errors of an answer: `{errors: [...]}` in the current models, the same
 * list beside `payload` in v0's wrapped responses (`{payload?, errors}`).
 */
export function errorsOf(body: unknown): SpApiError[] {
  if (!body || typeof body !== 'object') return [];
  const list = (body as { errors?: unknown }).errors ?? (body as { payload?: { errors?: unknown } }).payload?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((entry): entry is Record<string, unknown> => !!entry && typeof entry === 'object')
    .map((entry) => ({
      code: String(entry['code'] ?? ''),
      message: String(entry['message'] ?? ''),
      ...(typeof entry['details'] === 'string' && entry['details'] ? { details: entry['details'] } : {}),
    }));
}

/** The response header with Amazon's id of the request. */
export const REQUEST_ID_HEADER = 'x-amzn-RequestId';

/** Amazon's id of the request, which its support asks for: kept in every error message and log line. */
export function requestIdOf(headers: HttpHeaders): string | undefined {
  const raw = headers[REQUEST_ID_HEADER.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value || undefined;
}

/** Seconds to wait after a 429 when Amazon says nothing more: SP-API sends no Retry-After. */
const DEFAULT_RETRY_AFTER_SECONDS = 2;

/** Maps an SP-API error answer onto core's typed errors, with Amazon's code, the request id and a next step. */
export function mapSpApiError(failure: HttpFailure): EmcpError {
  const errors = errorsOf(failure.body);
  const first = errors[0];
  const requestId = requestIdOf(failure.headers);
  const text = describe(errors, failure) + (requestId ? ` (x-amzn-RequestId ${requestId})` : '');
  const opts = { platform: PLATFORM, status: failure.status, ...(first?.code ? { platformCode: first.code } : {}) };
  switch (failure.status) {
    case 400:
    case 422:
      return new ValidationError(text, [], { ...opts, hint: 'fix the input Amazon names and call again' });
    case 401:
      return new AuthenticationError(text, { ...opts, hint: 'the access token was rejected; check the app credentials and the refresh token' });
    case 403:
      // Amazon answers 403 (not 401) for a revoked, expired or malformed access token: that one is worth a fresh token.
      if (/access token/i.test(first?.details ?? '') || /token.*(expired|invalid)/i.test(first?.message ?? '')) {
        return new AuthenticationError(text, { ...opts, hint: 'the access token was rejected; the seller may have revoked the authorisation: authorise the app again' });
      }
      return new PermissionDeniedError(text, {
        ...opts,
        hint: "the app lacks the role this operation needs (Seller Central > Develop apps > the app's roles), or the seller did not grant it",
      });
    case 404:
      return new NotFoundError(text, { ...opts, hint: 'check the id, SKU or ASIN and the marketplace; search first to find a valid one' });
    case 409:
      return new ConflictError(text, opts);
    case 413:
    case 415:
      return new ValidationError(text, [], opts);
    case 429:
      return new RateLimitedError(text, failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS, opts);
    case 500:
    case 503:
      return new UpstreamUnavailableError(text, { ...opts, hint: 'Amazon had a problem; try again shortly' });
    default:
      return errorForStatus(failure, text, opts);
  }
}

function describe(errors: SpApiError[], failure: HttpFailure): string {
  if (!errors.length) {
    const raw = typeof failure.body === 'string' ? failure.body.slice(0, 200) : '';
    return `Amazon answered HTTP ${failure.status}${raw ? `: ${raw}` : ''}`;
  }
  // The first error's code travels as `platformCode`; further ones keep theirs in the text.
  return errors.map((error, i) => [i > 0 ? error.code : '', error.message, error.details].filter(Boolean).join(': ')).join('; ');
}
