import type { GhlClient } from './client.js';
import type { GhlLostReason, GhlOpportunityStatus } from './types.js';

// Opportunities API (Version 2021-07-28) calls added beside opportunities.tools.ts.

/** Update Opportunity Status (PUT /opportunities/{id}/status): UpdateStatusDto { status, lostReasonId }. */
export async function setOpportunityStatus(
  client: GhlClient,
  id: string,
  input: { status: GhlOpportunityStatus; lostReasonId?: string },
  signal?: AbortSignal,
): Promise<boolean> {
  const body = await client.request<{ succeded?: boolean }>('PUT', `/opportunities/${encodeURIComponent(id)}/status`, { json: input, signal });
  return Boolean(body.succeded);
}

/** Get lost reason (GET /opportunities/lost-reason): the reasons a deal can be marked lost with. */
export async function listLostReasons(
  client: GhlClient,
  options: { query?: string; limit?: number; signal?: AbortSignal } = {},
): Promise<{ lostReasons: GhlLostReason[]; total: number }> {
  const body = await client.request<{ lostReasons: GhlLostReason[]; total?: number }>('GET', '/opportunities/lost-reason', {
    query: { locationId: client.locationId, query: options.query, limit: String(options.limit ?? 100) },
    signal: options.signal,
  });
  const lostReasons = body.lostReasons ?? [];
  return { lostReasons, total: body.total ?? lostReasons.length };
}
