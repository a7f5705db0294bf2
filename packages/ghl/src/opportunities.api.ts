import type { GhlClient } from './client.js';
import { paginate, type ListOptions } from './paginate.js';
import type { GhlLostReason, GhlOpportunity, GhlOpportunityInput, GhlOpportunitySearch, GhlOpportunityStatus, GhlPipeline } from './types.js';

// Opportunities API, Version 2021-07-28.

/** Get Pipelines (GET /opportunities/pipelines) of the client's location. */
export async function listPipelines(client: GhlClient, signal?: AbortSignal): Promise<GhlPipeline[]> {
  const query = { locationId: client.locationId };
  return (await client.request<{ pipelines: GhlPipeline[] }>('GET', '/opportunities/pipelines', { query, signal })).pipelines ?? [];
}

interface SearchPage {
  opportunities: GhlOpportunity[];
  meta?: { total?: number; startAfter?: number | string; startAfterId?: string; nextPageUrl?: string | null };
}

/** Search Opportunity (GET /opportunities/search), paged with the startAfter/startAfterId cursor from `meta`. */
export function searchOpportunities(client: GhlClient, search: GhlOpportunitySearch = {}, options: ListOptions = {}): AsyncGenerator<GhlOpportunity> {
  type Cursor = { startAfter: string; startAfterId: string };
  return paginate<GhlOpportunity, Cursor>(
    async (cursor, limit) => {
      const body = await client.request<SearchPage>('GET', '/opportunities/search', {
        query: { ...searchQuery(client, search), limit, ...cursor },
        signal: options.signal,
      });
      const meta = body.meta;
      const next =
        meta?.nextPageUrl && meta.startAfterId && meta.startAfter !== undefined
          ? { startAfter: String(meta.startAfter), startAfterId: meta.startAfterId }
          : undefined;
      return { items: body.opportunities ?? [], next, total: meta?.total };
    },
    { limit: options.limit, pageSize: 100, onPage: options.onPage },
  );
}

/** The search's snake_case query parameters, as the platform names them. */
function searchQuery(client: GhlClient, search: GhlOpportunitySearch) {
  return {
    location_id: client.locationId,
    q: search.query,
    pipeline_id: search.pipelineId,
    pipeline_stage_id: search.pipelineStageId,
    status: search.status,
    assigned_to: search.assignedTo,
    contact_id: search.contactId,
  };
}

/** Get Opportunity (GET /opportunities/{id}). */
export async function getOpportunity(client: GhlClient, id: string, signal?: AbortSignal): Promise<GhlOpportunity> {
  return (await client.request<{ opportunity: GhlOpportunity }>('GET', '/opportunities/{id}', { params: { id }, signal })).opportunity;
}

/** Create Opportunity (POST /opportunities/) in the client's location. */
export async function createOpportunity(client: GhlClient, input: GhlOpportunityInput, signal?: AbortSignal): Promise<GhlOpportunity> {
  const json = { ...input, locationId: client.locationId };
  return (await client.request<{ opportunity: GhlOpportunity }>('POST', '/opportunities/', { json, signal })).opportunity;
}

/** Update Opportunity (PUT /opportunities/{id}). */
export async function updateOpportunity(client: GhlClient, id: string, input: GhlOpportunityInput, signal?: AbortSignal): Promise<GhlOpportunity> {
  return (await client.request<{ opportunity: GhlOpportunity }>('PUT', '/opportunities/{id}', { params: { id }, json: input, signal })).opportunity;
}

/** Delete Opportunity (DELETE /opportunities/{id}); true when the platform confirms. */
export async function deleteOpportunity(client: GhlClient, id: string, signal?: AbortSignal): Promise<boolean> {
  return Boolean((await client.request<{ succeded?: boolean }>('DELETE', '/opportunities/{id}', { params: { id }, signal })).succeded);
}

/** Update Opportunity Status (PUT /opportunities/{id}/status): UpdateStatusDto { status, lostReasonId }. */
export async function setOpportunityStatus(
  client: GhlClient,
  id: string,
  input: { status: GhlOpportunityStatus; lostReasonId?: string },
  signal?: AbortSignal,
): Promise<boolean> {
  const body = await client.request<{ succeded?: boolean }>('PUT', '/opportunities/{id}/status', { params: { id }, json: input, signal });
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
