import { describe, expect, it } from '@jest/globals';
import type { HttpFailure } from '@enterprise-mcp/core';
import { mapGhlError } from './errors.js';

const failure = (status: number, body: unknown, headers: HttpFailure['headers'] = {}, retryAfterSeconds?: number): HttpFailure => ({
  platform: 'GoHighLevel',
  method: 'GET',
  status,
  headers,
  body,
  retryAfterSeconds,
});

describe('mapGhlError', () => {
  it('turns a 422 message array into named fields, keeping messages that name no field whole', () => {
    const error = mapGhlError(failure(422, { statusCode: 422, message: ['email must be an email', 'Unprocessable Entity'], error: 'Unprocessable Entity' }));
    expect(error.code).toBe('validation_failed');
    expect(error.toToolMessage()).toBe(
      'The input was rejected (GoHighLevel): fix the named fields and call again [email: must be an email; (input): Unprocessable Entity]',
    );
  });

  it('reads a 400 "not found" as not found, and a duplicate as a conflict naming the existing contact', () => {
    expect(mapGhlError(failure(400, { statusCode: 400, message: 'Contact not found' })).code).toBe('not_found');
    const duplicate = mapGhlError(
      failure(400, { statusCode: 400, message: 'This location does not allow duplicated contacts.', meta: { contactId: 'abc123' } }),
    );
    expect(duplicate.code).toBe('conflict');
    expect(duplicate.message).toContain('abc123');
  });

  it('keeps other 400s as validation errors with the platform message', () => {
    const error = mapGhlError(failure(400, { statusCode: 400, message: 'Bad Request' }));
    expect(error).toMatchObject({ code: 'validation_failed', message: 'Bad Request', status: 400 });
  });

  it('takes the retry delay from Retry-After, else from the rate-limit interval', () => {
    expect(mapGhlError(failure(429, { message: 'Too Many Requests' }, {}, 3))).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 3 });
    const fromHeaders = mapGhlError(
      failure(429, { message: 'Too Many Requests' }, { 'x-ratelimit-max': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '10000' }),
    );
    expect(fromHeaders).toMatchObject({ retryAfterSeconds: 10 });
    const daily = mapGhlError(failure(429, {}, { 'x-ratelimit-max': '100', 'x-ratelimit-remaining': '50', 'x-ratelimit-daily-remaining': '0' }));
    expect(daily).toMatchObject({ retryAfterSeconds: 3600 });
  });

  it('maps 401, 403 and 5xx', () => {
    expect(mapGhlError(failure(401, { statusCode: 401, message: 'Invalid JWT' })).code).toBe('authentication_failed');
    expect(mapGhlError(failure(403, { statusCode: 403, message: 'The token does not have access to this location.' })).code).toBe('permission_denied');
    expect(mapGhlError(failure(503, 'upstream connect error')).code).toBe('upstream_unavailable');
  });
});
