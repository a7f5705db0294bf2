import { describe, expect, it } from '@jest/globals';
import type { HttpFailure } from '@enterprise-mcp/core';
import { mapCloudflareError } from './errors.js';

const failure = (status: number, errors: unknown[], extra: Partial<HttpFailure> = {}): HttpFailure => ({
  platform: 'Cloudflare',
  method: 'GET',
  status,
  headers: {},
  body: { success: false, errors, messages: [], result: null },
  ...extra,
});

describe('mapCloudflareError', () => {
  it.each([
    [400, 9106, 'Missing X-Auth-Key, X-Auth-Email or Authorization headers'],
    [400, 6003, 'Invalid request headers'],
    [403, 9109, 'Invalid access token'],
    [403, 10000, 'Authentication error'],
    [401, 1000, 'Invalid API Token'],
    [403, 9103, 'Unknown X-Auth-Key or X-Auth-Email'],
  ])('maps HTTP %i code %i to an authentication error', (status, code, message) => {
    const error = mapCloudflareError(failure(status, [{ code, message }]));
    expect(error.code).toBe('authentication_failed');
    expect(error.platformCode).toBe(code);
    expect(error.toToolMessage()).toContain('cloudflare_verify_token');
  });

  it('names the variables of the auth mode in use in the hint', () => {
    const unknown = failure(403, [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }]);
    expect(mapCloudflareError(unknown).toToolMessage()).toContain('CLOUDFLARE_API_TOKEN');
    const legacy = mapCloudflareError(unknown, 'legacy').toToolMessage();
    expect(legacy).toMatch(/CLOUDFLARE_EMAIL .* CLOUDFLARE_API_KEY/);
    expect(legacy).not.toContain('CLOUDFLARE_API_TOKEN');
  });

  it.each([81057, 81058])('maps %i to a conflict that names cloudflare_update_dns_record', (code) => {
    const error = mapCloudflareError(failure(400, [{ code, message: 'Record already exists.' }]));
    expect(error.code).toBe('conflict');
    expect(error.toToolMessage()).toMatch(new RegExp(`^DNS record already exists \\(Cloudflare ${code}\\): update it with cloudflare_update_dns_record`));
  });

  it('maps 7003/7000 to not found', () => {
    const error = mapCloudflareError(
      failure(400, [
        { code: 7003, message: 'Could not route to /zones/x, perhaps your object identifier is invalid?' },
        { code: 7000, message: 'No route for that URI' },
      ]),
    );
    expect(error.code).toBe('not_found');
    expect(error.platformCode).toBe(7003);
  });

  it('turns 9xxx codes and DNS validation chains into field problems', () => {
    const error = mapCloudflareError(
      failure(400, [{ code: 1004, message: 'DNS Validation Error', error_chain: [{ code: 9005, message: 'Content for A record must be a valid IPv4 address.' }] }]),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.toToolMessage()).toContain('[content: Content for A record must be a valid IPv4 address.]');
    const plain = mapCloudflareError(failure(400, [{ code: 9999, message: 'Invalid priority for MX record' }]));
    expect(plain.toToolMessage()).toContain('[priority: Invalid priority for MX record]');
  });

  it('maps 429 with the Retry-After the client parsed', () => {
    const error = mapCloudflareError(failure(429, [{ code: 971, message: 'Please wait' }], { retryAfterSeconds: 42 }));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 42, platformCode: 971 });
  });

  it('falls back to the status for bodies without Cloudflare errors', () => {
    expect(mapCloudflareError({ ...failure(502, []), body: '<html>Bad gateway</html>' }).code).toBe('upstream_unavailable');
    expect(mapCloudflareError(failure(404, [])).code).toBe('not_found');
  });
});
