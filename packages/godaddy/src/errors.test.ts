import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamUnavailableError,
  ValidationError,
  type HttpFailure,
} from '@enterprise-mcp/core';
import { describe, expect, it } from '@jest/globals';
import { mapGoDaddyError, PRODUCTION_ACCESS_HINT } from './errors.js';

const failure = (status: number, body: unknown, extra: Partial<HttpFailure> = {}): HttpFailure => ({
  platform: 'GoDaddy',
  method: 'GET',
  status,
  headers: {},
  body,
  ...extra,
});

describe('mapGoDaddyError', () => {
  it('keeps GoDaddy field problems as dotted paths with their codes', () => {
    const error = mapGoDaddyError(
      failure(422, {
        code: 'INVALID_BODY',
        message: "Request body doesn't fulfill schema",
        fields: [{ path: 'records[0].data', code: 'MISMATCH_FORMAT', message: 'must be an IPv4 address' }],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([
      { path: 'records.0.data', code: 'MISMATCH_FORMAT', message: 'must be an IPv4 address' },
    ]);
    expect(error.platformCode).toBe('INVALID_BODY');
    expect(error.toToolMessage()).toContain('records.0.data: must be an IPv4 address');
  });

  it('explains the production access restriction and suggests OTE', () => {
    const error = mapGoDaddyError(failure(403, { code: 'ACCESS_DENIED', message: 'Authenticated user is not allowed access' }));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.hint).toBe(PRODUCTION_ACCESS_HINT);
    expect(error.toToolMessage()).toMatch(/50 or more domains/);
    expect(error.toToolMessage()).toMatch(/10 or more domains or an active Discount Domain Club plan/);
    expect(error.toToolMessage()).toContain('GODADDY_ENVIRONMENT=ote');
  });

  it('does not suggest OTE to a caller already on OTE', () => {
    const error = mapGoDaddyError(failure(403, { code: 'ACCESS_DENIED', message: 'denied' }), 'ote');
    expect(error.hint).not.toContain('GODADDY_ENVIRONMENT=ote');
  });

  it('uses retryAfterSec from the 429 body', () => {
    const error = mapGoDaddyError(failure(429, { code: 'TOO_MANY_REQUESTS', message: 'Too many', retryAfterSec: 17 }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(17);
  });

  it('falls back to Retry-After and then 60 seconds when the body has no retryAfterSec', () => {
    expect((mapGoDaddyError(failure(429, 'busy', { retryAfterSeconds: 5 })) as RateLimitedError).retryAfterSeconds).toBe(5);
    expect((mapGoDaddyError(failure(429, undefined)) as RateLimitedError).retryAfterSeconds).toBe(60);
  });

  it('maps DUPLICATE_RECORD to a conflict', () => {
    const error = mapGoDaddyError(failure(422, { code: 'DUPLICATE_RECORD', message: 'Another record with the same attributes already exists' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.platformCode).toBe('DUPLICATE_RECORD');
  });

  it('names the credentials and the environment on 401', () => {
    const error = mapGoDaddyError(failure(401, { code: 'UNABLE_TO_AUTHENTICATE', message: 'Unable to authenticate user' }), 'ote');
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.hint).toContain('GODADDY_API_KEY');
    expect(error.hint).toContain('ote environment');
  });

  it('maps 404 and 5xx with GoDaddy\'s message and code', () => {
    const notFound = mapGoDaddyError(failure(404, { code: 'NOT_FOUND', message: 'Domain not found' }));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.message).toBe('Domain not found');
    expect(mapGoDaddyError(failure(500, { code: 'INTERNAL_SERVER_ERROR', message: 'oops' }))).toBeInstanceOf(UpstreamUnavailableError);
  });
});
