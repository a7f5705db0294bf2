import type { FakeResponse } from '@enterprise-mcp/core/testing';

export interface GoDaddyErrorField {
  path: string;
  code: string;
  message: string;
}

/** GoDaddy's `Error` body: `{ code, message, fields }`. */
export function godaddyError(status: number, code: string, message: string, fields?: GoDaddyErrorField[]): FakeResponse {
  return { status, body: { code, message, ...(fields?.length ? { fields } : {}) } };
}

/** The 422 GoDaddy sends when a body does not fulfil the schema. */
export function invalidBody(fields: GoDaddyErrorField[]): FakeResponse {
  return godaddyError(422, 'INVALID_BODY', "Request body doesn't fulfill schema, see details in `fields`", fields);
}

export const accessDenied = () => godaddyError(403, 'ACCESS_DENIED', 'Authenticated user is not allowed access');

export const domainNotFound = (domain: string) =>
  godaddyError(404, 'NOT_FOUND', `The given domain is not registered, or does not have a zone file: ${domain}`);
