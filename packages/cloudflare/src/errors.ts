import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
  errorForStatus,
  type EmcpError,
  type FieldProblem,
  type HttpFailure,
} from '@enterprise-mcp/core';
import type { CloudflareMessage } from './types.js';

export const PLATFORM = 'Cloudflare';

/** How the client authenticates: an API token, or an email with the Global API Key (`legacy`). */
export type CloudflareAuthMode = 'token' | 'legacy';

/** Cloudflare error codes this package acts on; the API documents them only by example. */
export const CloudflareErrorCode = {
  InvalidApiToken: 1000,
  InvalidRequestHeaders: 6003,
  MissingAuthEmail: 6100,
  MissingAuthKey: 6101,
  InvalidAuthEmailFormat: 6102,
  InvalidAuthKeyFormat: 6103,
  UnknownAuthKeyOrEmail: 9103,
  NoRoute: 7000,
  CouldNotRoute: 7003,
  MissingAuthHeaders: 9106,
  InvalidAccessToken: 9109,
  AuthenticationError: 10000,
  RecordNotFound: 81044,
  HostAlreadyUsed: 81053,
  CnameAlreadyUsed: 81054,
  RecordAlreadyExists: 81057,
  IdenticalRecordExists: 81058,
  RateLimited: 971,
} as const;

const AUTH_CODES = new Set<number>([1000, 6003, 6100, 6101, 6102, 6103, 6111, 9103, 9106, 9109, 10000]);
const NOT_FOUND_CODES = new Set<number>([7000, 7003, 81044, 1003, 1006]);
const CONFLICT_CODES = new Set<number>([81053, 81054, 81055, 81057, 81058]);
/** 1004 "DNS Validation Error" wraps the 9xxx details; 1007 is a bad zone setting value; 1012 a bad purge. */
const VALIDATION_CODES = new Set<number>([1004, 1007, 1012]);

/** What to check when Cloudflare refuses the credential, in the words of each auth mode's variables. */
const AUTH_HINTS: Record<CloudflareAuthMode, string> = {
  token:
    'check that CLOUDFLARE_API_TOKEN is a valid, active API token with the permission this action needs (for example Zone:DNS:Edit); cloudflare_verify_token tells whether the token itself is valid',
  legacy:
    "check that CLOUDFLARE_EMAIL is the email you log in to Cloudflare with and CLOUDFLARE_API_KEY that user's Global API Key (My Profile > API Tokens > Global API Key); cloudflare_verify_token tells whether the pair is accepted",
};

/** The one place Cloudflare error answers become core's typed errors; `authMode` picks the credential hint. */
export function mapCloudflareError(failure: HttpFailure, authMode: CloudflareAuthMode = 'token'): EmcpError {
  const errors = errorsOf(failure.body);
  const codes = errors.flatMap((e) => [e.code, ...(e.error_chain ?? []).map((c) => c.code)]);
  const first = errors[0];
  const options = { platform: PLATFORM, status: failure.status, platformCode: first?.code };
  const text = first ? describe(first) : undefined;

  if (failure.status === 429 || codes.includes(CloudflareErrorCode.RateLimited)) {
    const generic = !first || first.code === CloudflareErrorCode.RateLimited;
    const message = generic ? 'Cloudflare API rate limit reached (1,200 requests per 5 minutes per token)' : `Cloudflare rate limit reached: ${text}`;
    return new RateLimitedError(message, failure.retryAfterSeconds ?? 60, {
      ...options,
      platformCode: first?.code ?? CloudflareErrorCode.RateLimited,
    });
  }
  const conflict = codes.find((code) => CONFLICT_CODES.has(code));
  if (conflict !== undefined) return conflictError(conflict, errors, { ...options, platformCode: conflict });
  if (codes.some((code) => AUTH_CODES.has(code))) {
    return new AuthenticationError(text ?? `Cloudflare rejected the ${authMode === 'legacy' ? 'email and Global API Key' : 'API token'}`, {
      ...options,
      hint: AUTH_HINTS[authMode],
    });
  }
  if (codes.some((code) => NOT_FOUND_CODES.has(code))) {
    return new NotFoundError(text ?? 'Cloudflare found no such resource', {
      ...options,
      hint: 'check the id: cloudflare_list_zones lists zones, cloudflare_list_dns_records lists records',
    });
  }
  if (codes.some((code) => VALIDATION_CODES.has(code) || (code >= 9000 && code < 10000))) {
    return new ValidationError(text ?? 'Cloudflare rejected the input', fieldProblems(errors), {
      ...options,
      hint: 'fix the named fields and call again',
    });
  }
  return errorForStatus(failure, text, { platformCode: first?.code });
}

function conflictError(code: number, errors: CloudflareMessage[], options: ConstructorParameters<typeof ConflictError>[1]) {
  const cloudflareText = errors.map(describe).join('; ');
  if (code === CloudflareErrorCode.RecordAlreadyExists || code === CloudflareErrorCode.IdenticalRecordExists) {
    return new ConflictError('DNS record already exists', {
      ...options,
      hint: `update it with cloudflare_update_dns_record (find its id with cloudflare_list_dns_records); Cloudflare said: ${cloudflareText}`,
    });
  }
  return new ConflictError(`DNS record conflicts with an existing record on that name: ${cloudflareText}`, {
    ...options,
    hint: 'a CNAME cannot share its name with other records; change or delete the existing record with cloudflare_update_dns_record or cloudflare_delete_dns_record',
  });
}

function errorsOf(body: unknown): CloudflareMessage[] {
  if (!body || typeof body !== 'object' || !('errors' in body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(
    (e): e is CloudflareMessage => !!e && typeof e === 'object' && typeof e.code === 'number' && typeof e.message === 'string',
  );
}

function describe(error: CloudflareMessage): string {
  const chain = (error.error_chain ?? []).map((c) => c.message).join('; ');
  const base = error.message.replace(/\.$/, '');
  return chain ? `${base}: ${chain.replace(/\.$/, '')}` : base;
}

/** Field names Cloudflare's validation messages and codes point at. */
const FIELD_BY_CODE: Record<number, string> = {
  9000: 'name',
  9004: 'proxied',
  9005: 'content',
  9006: 'content',
  9007: 'content',
  9021: 'ttl',
  9100: 'priority',
  9101: 'type',
};
const FIELD_WORDS = ['content', 'name', 'ttl', 'type', 'priority', 'proxied', 'comment', 'tags', 'value'];

function fieldProblems(errors: CloudflareMessage[]): FieldProblem[] {
  const leaves = errors.flatMap((e) => (e.error_chain?.length ? e.error_chain : [e]));
  return leaves.map((leaf) => ({
    path: FIELD_BY_CODE[leaf.code] ?? FIELD_WORDS.find((word) => new RegExp(`\\b${word}\\b`, 'i').test(leaf.message)) ?? '',
    message: leaf.message,
    code: String(leaf.code),
  }));
}
