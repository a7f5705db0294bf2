import {
  ConflictError,
  errorForStatus,
  PermissionDeniedError,
  RateLimitedError,
  ValidationError,
  type EmcpError,
  type FieldProblem,
  type HttpFailure,
} from '@enterprise-mcp/core';
import { z } from 'zod';
import type { GoDaddyEnvironment } from './client.js';

// GoDaddy's `Error` / `ErrorLimit` definitions: `{ code, message, fields: [{ path, pathRelated, code, message }] }`,
// plus `retryAfterSec` on 429.
const errorBodySchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  fields: z
    .array(
      z.object({
        path: z.string().optional(),
        pathRelated: z.string().optional(),
        code: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
  retryAfterSec: z.number().optional(),
});

export type GoDaddyErrorBody = z.infer<typeof errorBodySchema>;

/** GoDaddy's published account thresholds for production Domains API access (since May 2024). */
export const PRODUCTION_ACCESS_HINT =
  'GoDaddy limits production Domains API access by account size: the Availability API needs 50 or more domains ' +
  'in the account, and the Management and DNS APIs need 10 or more domains or an active Discount Domain Club plan. ' +
  'If the account is below that, use GoDaddy\'s OTE test environment instead (GODADDY_ENVIRONMENT=ote with an OTE key ' +
  'and secret from developer.godaddy.com/keys), or check the key\'s eligibility with GoDaddy';

export function createGoDaddyErrorMapper(environment: GoDaddyEnvironment, shopperId?: string) {
  return (failure: HttpFailure): EmcpError => mapGoDaddyError(failure, environment, shopperId);
}

/** Turns a GoDaddy error answer into core's typed errors, keeping GoDaddy's code and field problems. */
export function mapGoDaddyError(failure: HttpFailure, environment: GoDaddyEnvironment = 'production', shopperId?: string): EmcpError {
  const parsed = errorBodySchema.safeParse(failure.body);
  const body = parsed.success ? parsed.data : undefined;
  const options = { platform: failure.platform, status: failure.status, platformCode: body?.code };
  const message = body?.message;
  if (failure.status === 429) {
    const seconds = body?.retryAfterSec ?? failure.retryAfterSeconds ?? 60;
    return new RateLimitedError(message ?? 'GoDaddy rate limit reached (60 requests per minute per endpoint)', seconds, options);
  }
  if (failure.status === 403 && body?.code === 'ACCESS_DENIED') {
    const access =
      environment === 'production'
        ? PRODUCTION_ACCESS_HINT
        : 'the OTE key lacks access to this resource; check that the domain belongs to the key\'s account';
    return new PermissionDeniedError(message ?? 'GoDaddy denied access', {
      ...options,
      hint: shopperId
        ? `X-Shopper-Id is ${shopperId} (GODADDY_SHOPPER_ID): check that this key may act for that shopper (a reseller's subaccount), or leave it unset to act for the key's own account. Otherwise: ${access}`
        : access,
    });
  }
  if (body?.code === 'DUPLICATE_RECORD') {
    return new ConflictError(message ?? 'The record already exists', {
      ...options,
      hint: 'list the records first; use the replace tool to change an existing record',
    });
  }
  if (failure.status === 400 || failure.status === 422) {
    return new ValidationError(message ?? 'GoDaddy rejected the input', fieldProblems(body), {
      ...options,
      hint: 'fix the named fields and call again',
    });
  }
  if (failure.status === 401) {
    return errorForStatus(failure, message, {
      platformCode: body?.code,
      hint:
        `check GODADDY_API_KEY and GODADDY_API_SECRET, and that the key was made for the ${environment} environment ` +
        '(OTE keys only work against OTE, production keys only against production)',
    });
  }
  return errorForStatus(failure, message, { platformCode: body?.code });
}

function fieldProblems(body: GoDaddyErrorBody | undefined): FieldProblem[] {
  return (body?.fields ?? []).map((field) => ({
    path: jsonPathToDotted(field.pathRelated ?? field.path ?? ''),
    message: field.message ?? field.code ?? 'is invalid',
    ...(field.code ? { code: field.code } : {}),
  }));
}

/** `$.records[0].data` / `records[0].data` -> `records.0.data`, the form core's errors use. */
function jsonPathToDotted(path: string): string {
  return path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}
