import type { FakeRequest, FakeResponse } from '@enterprise-mcp/core/testing';
import { ghlError } from './respond.js';
import type { GhlFakeState } from './state.js';

/** What every route handler of the fake gets: the state and the caller's location. */
export interface FakeContext {
  state: GhlFakeState;
  /** The location the request's token belongs to (set by the auth check). */
  locationOf(request: FakeRequest): string;
  now(): Date;
}

export const FORBIDDEN_LOCATION = 'The token does not have access to this location.';

/** Finds a record the caller may see: 404 when missing, 403 (the platform's answer) when it belongs to another sub-account. */
export function lookup<T extends { locationId?: string }>(
  ctx: FakeContext,
  request: FakeRequest,
  record: T | undefined,
  what: string,
): { record: T } | { response: FakeResponse } {
  if (!record) return { response: ghlError(404, `${what} not found`) };
  if (record.locationId !== undefined && record.locationId !== ctx.locationOf(request)) {
    return { response: ghlError(403, FORBIDDEN_LOCATION) };
  }
  return { record };
}

export function bodyOf(request: FakeRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
}
