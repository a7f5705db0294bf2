import type { FakeResponse } from '@enterprise-mcp/core/testing';

/** SP-API's error body: `{errors: [{code, message, details}]}`. */
export function spError(status: number, code: string, message: string, details = ''): FakeResponse {
  return { status, body: { errors: [{ code, message, details }] } };
}

export const invalidInput = (message: string, details = '') => spError(400, 'InvalidInput', message, details);
export const notFound = (message: string) => spError(404, 'NotFound', message);

/** What Amazon answers a missing, expired or revoked access token with: 403, not 401. */
export const unauthorized = (details = 'The access token you provided is revoked, malformed or invalid.') =>
  spError(403, 'Unauthorized', 'Access to requested resource is denied.', details);

export const quotaExceeded = () => spError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');

/** Opaque page tokens: the offset, base64url, as opaque as Amazon's. */
export const pageToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
export function offsetOf(token: string | null): number | undefined {
  if (!token) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
