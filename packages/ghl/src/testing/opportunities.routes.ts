import type { FakeRequest, FakeRoute } from '@enterprise-mcp/core/testing';
import type { GhlOpportunity } from '../types.js';
import { bodyOf, lookup, type FakeContext } from './context.js';
import { ghlError, ghlId, ok, stringOf, unprocessable } from './respond.js';

const STATUSES = ['open', 'won', 'lost', 'abandoned'];

export function opportunityRoutes(ctx: FakeContext): FakeRoute[] {
  const opportunityOf = (request: FakeRequest) =>
    lookup(ctx, request, ctx.state.opportunities.find((o) => o.id === request.params.id), 'Opportunity');
  return [
    {
      method: 'GET',
      path: '/opportunities/pipelines',
      handler: (request) => {
        const locationId = request.query.get('locationId');
        if (!locationId) return unprocessable(['locationId should not be empty']);
        return ok({ pipelines: ctx.state.pipelines.filter((p) => p.locationId === locationId) });
      },
    },
    { method: 'GET', path: '/opportunities/search', handler: (request) => searchOpportunities(ctx, request) },
    {
      method: 'GET',
      path: '/opportunities/lost-reason',
      handler: (request) => {
        const q = request.query;
        const text = (q.get('query') ?? q.get('name') ?? '').toLowerCase();
        const skip = Number(q.get('skip') ?? 0);
        const limit = Number(q.get('limit') ?? 100);
        const matching = ctx.state.lostReasons
          .filter((r) => r.locationId === q.get('locationId'))
          .filter((r) => !text || r.name.toLowerCase().includes(text));
        return ok({ lostReasons: matching.slice(skip, skip + limit), total: matching.length });
      },
    },
    {
      // UpdateStatusDto: status (required) and lostReasonId.
      method: 'PUT',
      path: '/opportunities/:id/status',
      handler: (request) => {
        const found = opportunityOf(request);
        if ('response' in found) return found.response;
        const body = bodyOf(request);
        const status = String(body.status);
        if (!STATUSES.includes(status)) return unprocessable([`status must be one of the following values: ${STATUSES.join(', ')}`]);
        const lostReasonId = stringOf(body.lostReasonId);
        if (lostReasonId && !ctx.state.lostReasons.some((r) => r.id === lostReasonId && r.locationId === found.record.locationId)) {
          return ghlError(400, 'lostReasonId is not a lost reason of this location');
        }
        const now = ctx.now().toISOString();
        Object.assign(found.record, {
          status,
          lostReasonId: status === 'lost' ? (lostReasonId ?? found.record.lostReasonId ?? null) : null,
          updatedAt: now,
          lastStatusChangeAt: now,
        });
        return ok({ succeded: true });
      },
    },
    {
      method: 'POST',
      path: '/opportunities',
      handler: (request) => {
        const body = bodyOf(request);
        const problems = [
          ...(stringOf(body.locationId) ? [] : ['locationId should not be empty']),
          ...(stringOf(body.name) ? [] : ['name should not be empty']),
          ...(stringOf(body.pipelineId) ? [] : ['pipelineId should not be empty']),
          ...(stringOf(body.contactId) ? [] : ['contactId should not be empty']),
          ...(STATUSES.includes(String(body.status)) ? [] : [`status must be one of the following values: ${STATUSES.join(', ')}`]),
          ...validateOpportunity(ctx, body),
        ];
        if (problems.length) return unprocessable(problems);
        const contact = lookup(ctx, request, ctx.state.contacts.find((c) => c.id === body.contactId), 'Contact');
        if ('response' in contact) return contact.response;
        const now = ctx.now().toISOString();
        const pipeline = ctx.state.pipelines.find((p) => p.id === body.pipelineId)!;
        const opportunity: GhlOpportunity = {
          id: ghlId(),
          name: String(body.name),
          pipelineId: pipeline.id,
          pipelineStageId: stringOf(body.pipelineStageId) ?? pipeline.stages[0]?.id,
          status: String(body.status),
          monetaryValue: typeof body.monetaryValue === 'number' ? body.monetaryValue : 0,
          assignedTo: stringOf(body.assignedTo),
          contactId: contact.record.id,
          locationId: String(body.locationId),
          source: 'api',
          createdAt: now,
          updatedAt: now,
          lastStatusChangeAt: now,
          lastStageChangeAt: now,
        };
        ctx.state.opportunities.push(opportunity);
        return ok({ opportunity: withContact(ctx, opportunity) }, 201);
      },
    },
    {
      method: 'GET',
      path: '/opportunities/:id',
      handler: (request) => {
        const found = opportunityOf(request);
        return 'response' in found ? found.response : ok({ opportunity: withContact(ctx, found.record) });
      },
    },
    {
      method: 'PUT',
      path: '/opportunities/:id',
      handler: (request) => {
        const found = opportunityOf(request);
        if ('response' in found) return found.response;
        const body = bodyOf(request);
        const target = { pipelineId: found.record.pipelineId, ...body };
        const problems = [
          ...(body.status === undefined || STATUSES.includes(String(body.status)) ? [] : [`status must be one of the following values: ${STATUSES.join(', ')}`]),
          ...validateOpportunity(ctx, target),
        ];
        if (problems.length) return unprocessable(problems);
        const record = found.record;
        const now = ctx.now().toISOString();
        if (body.status !== undefined && body.status !== record.status) record.lastStatusChangeAt = now;
        if (body.pipelineStageId !== undefined && body.pipelineStageId !== record.pipelineStageId) record.lastStageChangeAt = now;
        for (const key of ['name', 'pipelineId', 'pipelineStageId', 'status', 'monetaryValue', 'assignedTo'] as const) {
          if (body[key] !== undefined) (record as unknown as Record<string, unknown>)[key] = body[key];
        }
        record.updatedAt = now;
        return ok({ opportunity: withContact(ctx, record) });
      },
    },
    {
      method: 'DELETE',
      path: '/opportunities/:id',
      handler: (request) => {
        const found = opportunityOf(request);
        if ('response' in found) return found.response;
        ctx.state.opportunities = ctx.state.opportunities.filter((o) => o.id !== found.record.id);
        return ok({ succeded: true });
      },
    },
  ];
}

function validateOpportunity(ctx: FakeContext, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (body.monetaryValue !== undefined && typeof body.monetaryValue !== 'number') problems.push('monetaryValue must be a number');
  const pipeline = ctx.state.pipelines.find((p) => p.id === body.pipelineId);
  if (stringOf(body.pipelineId) && !pipeline) problems.push('pipelineId must be the id of a pipeline of this location');
  if (pipeline && body.pipelineStageId !== undefined && !pipeline.stages.some((s) => s.id === body.pipelineStageId)) {
    problems.push(`pipelineStageId must be a stage of pipeline ${pipeline.id}`);
  }
  return problems;
}

function withContact(ctx: FakeContext, opportunity: GhlOpportunity): GhlOpportunity {
  const contact = ctx.state.contacts.find((c) => c.id === opportunity.contactId);
  if (!contact) return opportunity;
  return {
    ...opportunity,
    contact: { id: contact.id, name: contact.name ?? undefined, email: contact.email ?? undefined, phone: contact.phone ?? undefined, tags: contact.tags },
  };
}

/** Sorted newest first; the cursor is the last item's createdAt (ms) and id, as GoHighLevel's `meta` returns them. */
function searchOpportunities(ctx: FakeContext, request: FakeRequest) {
  const q = request.query;
  const locationId = q.get('location_id');
  if (!locationId) return unprocessable(['location_id should not be empty']);
  const limit = Number(q.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return unprocessable(['limit must not be greater than 100']);
  const status = q.get('status');
  if (status && status !== 'all' && !STATUSES.includes(status)) return unprocessable([`status must be one of: ${STATUSES.join(', ')}, all`]);
  const text = q.get('q')?.toLowerCase();
  const matching = ctx.state.opportunities
    .filter((o) => o.locationId === locationId)
    .filter((o) => !q.get('pipeline_id') || o.pipelineId === q.get('pipeline_id'))
    .filter((o) => !q.get('pipeline_stage_id') || o.pipelineStageId === q.get('pipeline_stage_id'))
    .filter((o) => !status || status === 'all' || o.status === status)
    .filter((o) => !q.get('assigned_to') || o.assignedTo === q.get('assigned_to'))
    .filter((o) => !q.get('contact_id') || o.contactId === q.get('contact_id'))
    .filter((o) => !text || `${o.name} ${contactText(ctx, o)}`.toLowerCase().includes(text))
    .sort((a, b) => Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? '') || b.id.localeCompare(a.id));
  const afterId = q.get('startAfterId');
  const start = afterId ? matching.findIndex((o) => o.id === afterId) + 1 : 0;
  const page = matching.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < matching.length && last !== undefined;
  const nextUrl = new URL(`http://services.leadconnectorhq.com/opportunities/search?${q.toString()}`);
  if (last) {
    nextUrl.searchParams.set('startAfter', String(Date.parse(last.createdAt ?? '')));
    nextUrl.searchParams.set('startAfterId', last.id);
  }
  const currentPage = Math.floor(start / limit) + 1;
  return ok({
    opportunities: page.map((o) => withContact(ctx, o)),
    meta: {
      total: matching.length,
      currentPage,
      nextPage: more ? currentPage + 1 : null,
      prevPage: currentPage > 1 ? currentPage - 1 : null,
      ...(more ? { startAfter: Date.parse(last.createdAt ?? ''), startAfterId: last.id, nextPageUrl: nextUrl.toString() } : { nextPageUrl: null }),
    },
    aggregations: {},
  });
}

function contactText(ctx: FakeContext, opportunity: GhlOpportunity): string {
  const contact = ctx.state.contacts.find((c) => c.id === opportunity.contactId);
  return contact ? [contact.name, contact.email, contact.phone].filter(Boolean).join(' ') : '';
}
