import { randomBytes } from 'node:crypto';
import type { FakeRequest, FakeResponse, RequestProblem } from '@enterprise-mcp/core/testing';

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface ErrorExtra {
  reason?: string;
  domain?: string;
  location?: string;
  locationType?: string;
  details?: Array<Record<string, unknown>>;
  headers?: Record<string, string>;
  status?: string;
}

/** Google's error body: `{error:{code,message,errors:[{message,domain,reason}],status,details}}`. */
export function googleError(code: number, message: string, extra: ErrorExtra = {}): FakeResponse {
  const item = {
    message,
    domain: extra.domain ?? 'global',
    reason: extra.reason ?? defaultReason(code),
    ...(extra.location ? { location: extra.location, locationType: extra.locationType ?? 'parameter' } : {}),
  };
  return {
    status: code,
    headers: extra.headers,
    body: { error: { code, message, errors: [item], status: extra.status ?? STATUS[code] ?? 'UNKNOWN', ...(extra.details ? { details: extra.details } : {}) } },
  };
}

function defaultReason(code: number): string {
  return { 400: 'badRequest', 401: 'authError', 403: 'forbidden', 404: 'notFound', 409: 'conflict', 429: 'rateLimitExceeded' }[code] ?? 'backendError';
}

export const notFound = (what = 'Requested entity was not found.') => googleError(404, what);
export const badRequest = (message: string, location?: string) => googleError(400, message, { reason: 'invalid', ...(location ? { location } : {}) });

/**
 * A batchUpdate request of a kind the discovery document declares but the fake does not carry
 * out: refused, so that a test never passes on an update the fake silently ignored.
 */
export function unimplementedKind(index: number, item: Record<string, unknown>, implemented: string[]): FakeResponse {
  const kinds = Object.keys(item);
  if (kinds.length === 0) return badRequest(`Invalid requests[${index}]: No request set.`);
  return badRequest(`Invalid requests[${index}]: the Google fake carries out ${implemented.join(', ')} only, not ${kinds.join(', ')}.`);
}

/** The 400 Google sends for a request its document does not allow, in Google's wording. */
export function invalidRequest(problems: RequestProblem[]): FakeResponse {
  const violations = problems.map((problem) => {
    const field = problem.path;
    const parent = field.split('.').slice(0, -1).join('.');
    if (problem.kind === 'unknown_property') {
      const description =
        problem.in === 'query'
          ? `Invalid JSON payload received. Unknown name "${problem.property}": Cannot bind query parameter. Field '${problem.property}' could not be found in request message.`
          : `Invalid JSON payload received. Unknown name "${problem.property}"${parent ? ` at '${parent}'` : ''}: Cannot find field.`;
      return { field: parent || problem.property, description };
    }
    if (problem.kind === 'missing_required') return { field, description: `Required field '${field}' is missing.` };
    return { field, description: `Invalid value at '${field}' (${problem.message})` };
  });
  const message = violations.map((violation) => violation.description).join('\n');
  return googleError(400, message, {
    reason: 'invalid',
    details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations }],
  });
}

export function ok(body: unknown, status = 200): FakeResponse {
  return { status, body };
}

/** 204 with an empty body, as Google answers a DELETE. */
export const noContent = (): FakeResponse => ({ status: 204 });

export function newId(length = 16): string {
  return randomBytes(length).toString('hex').slice(0, length);
}

export function bodyOf(request: FakeRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
}

/** An opaque page token for an offset, as Google's are opaque. */
export function pageTokenFor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function offsetOf(token: string | null): number | undefined {
  if (!token) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/**
 * One page of a list, with Google's Drive and Calendar habit of short and
 * empty pages that still carry a nextPageToken: with `shortPages`, the first
 * page of a non-empty list is empty and the others hold half the asked size.
 */
export function page<T>(items: T[], token: string | null, size: number, shortPages: boolean): { items: T[]; next?: string } | undefined {
  const offset = offsetOf(token);
  if (offset === undefined) return undefined;
  if (shortPages && !token && items.length > 0) return { items: [], next: pageTokenFor(0) };
  const take = shortPages ? Math.max(1, Math.ceil(size / 2)) : size;
  const slice = items.slice(offset, offset + take);
  return { items: slice, ...(offset + take < items.length ? { next: pageTokenFor(offset + take) } : {}) };
}
