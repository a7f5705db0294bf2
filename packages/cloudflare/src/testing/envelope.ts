import type { FakeResponse } from '@enterprise-mcp/core/testing';
import type { CloudflareMessage, CloudflareResultInfo } from '../types.js';

/** A v4 success answer. */
export function ok(result: unknown, extra: { resultInfo?: CloudflareResultInfo; messages?: CloudflareMessage[]; status?: number } = {}): FakeResponse {
  return {
    status: extra.status ?? 200,
    body: {
      result,
      success: true,
      errors: [],
      messages: extra.messages ?? [],
      ...(extra.resultInfo ? { result_info: extra.resultInfo } : {}),
    },
  };
}

/** A v4 error answer: `result: null`, `success: false`, the errors as Cloudflare words them. */
export function fail(status: number, errors: CloudflareMessage[], headers?: Record<string, string>): FakeResponse {
  return { status, headers, body: { result: null, success: false, errors, messages: [] } };
}

export class CloudflareFakeError extends Error {
  constructor(
    readonly status: number,
    readonly errors: CloudflareMessage[],
    readonly headers?: Record<string, string>,
  ) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Throws the DNS validation error Cloudflare sends: 1004 wrapping the specific 9xxx cause. */
export function dnsValidation(code: number, message: string): never {
  throw new CloudflareFakeError(400, [{ code: 1004, message: 'DNS Validation Error', error_chain: [{ code, message }] }]);
}

export function routeNotFound(fullPath: string): CloudflareFakeError {
  return new CloudflareFakeError(404, [
    { code: 7003, message: `Could not route to ${fullPath}, perhaps your object identifier is invalid?` },
    { code: 7000, message: 'No route for that URI' },
  ]);
}

export function paginate<T>(items: T[], query: URLSearchParams, defaults: { perPage: number; min: number; max: number }) {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const requested = Number.parseInt(query.get('per_page') ?? String(defaults.perPage), 10) || defaults.perPage;
  const perPage = Math.min(defaults.max, Math.max(defaults.min, requested));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const resultInfo: CloudflareResultInfo = {
    page,
    per_page: perPage,
    count: slice.length,
    total_count: items.length,
    total_pages: Math.ceil(items.length / perPage),
  };
  return { slice, resultInfo };
}
