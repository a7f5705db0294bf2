import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import {
  createOpportunity,
  deleteOpportunity,
  getOpportunity,
  listLostReasons,
  listPipelines,
  searchOpportunities,
  setOpportunityStatus,
  updateOpportunity,
} from './opportunities.api.js';
import { take } from './paginate.js';
import { compact, limitInput, pageProgress, SETUP_CACHE } from './schemas.js';
import { ghlTool } from './tool.js';
import type { GhlOpportunity } from './types.js';

const STATUS = z.enum(['open', 'won', 'lost', 'abandoned']);
const opportunityIdInput = z.string().min(1).describe('Opportunity id (from ghl_search_opportunities)');

export const opportunitySchema = z.object({
  id: z.string().describe('Opportunity id'),
  name: z.string().describe('Deal name'),
  status: z.string().describe('open, won, lost or abandoned'),
  monetaryValue: z.number().optional().describe('Deal value in the account currency'),
  pipelineId: z.string().describe('Pipeline id'),
  pipelineStageId: z.string().optional().describe('Stage id within the pipeline'),
  assignedTo: z.string().optional().describe('User id of the owner'),
  contactId: z.string().optional().describe('Contact the deal is with'),
  contactName: z.string().optional().describe('Name of that contact'),
  source: z.string().optional().describe('Lead source'),
  createdAt: z.string().optional().describe('When it was created (ISO 8601)'),
  updatedAt: z.string().optional().describe('When it last changed (ISO 8601)'),
  lastStageChangeAt: z.string().optional().describe('When it last moved stage (ISO 8601)'),
  lostReasonId: z.string().optional().describe('Why it was lost (from ghl_list_lost_reasons), when lost'),
});

export function toOpportunity(o: GhlOpportunity): z.input<typeof opportunitySchema> {
  return compact({
    id: o.id,
    name: o.name,
    status: o.status,
    monetaryValue: o.monetaryValue,
    pipelineId: o.pipelineId,
    pipelineStageId: o.pipelineStageId,
    assignedTo: o.assignedTo,
    contactId: o.contactId ?? o.contact?.id,
    contactName: o.contact?.name,
    source: o.source,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    lastStageChangeAt: o.lastStageChangeAt,
    lostReasonId: o.lostReasonId,
  });
}

const opportunityResult = z.object({ opportunity: opportunitySchema });

export const listPipelinesTool = ghlTool({
  name: 'ghl_list_pipelines',
  title: 'List pipelines and stages',
  description:
    'Lists the sales pipelines of the sub-account with their stages in order. Use it to find pipeline and stage ids before searching, creating or moving opportunities.',
  input: z.object({}),
  output: z.object({
    pipelines: z
      .array(
        z.object({
          id: z.string().describe('Pipeline id'),
          name: z.string().describe('Pipeline name'),
          stages: z.array(z.object({ id: z.string().describe('Stage id'), name: z.string().describe('Stage name') })).describe('Stages in order'),
        }),
      )
      .describe('Pipelines'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: SETUP_CACHE,
  handler: async (_input, ctx) => ({
    pipelines: (await listPipelines(ctx.client, ctx.signal)).map((p) => ({
      id: p.id,
      name: p.name,
      stages: [...(p.stages ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((s) => ({ id: s.id, name: s.name })),
    })),
  }),
});

export const searchOpportunitiesTool = ghlTool({
  name: 'ghl_search_opportunities',
  title: 'Search opportunities',
  description:
    'Finds opportunities (deals) by pipeline, stage, status, owner, contact or free text (deal name, contact name, email, phone). Returns deals newest first.',
  input: z.object({
    query: z.string().optional().describe('Free text matched against deal name and contact name, email or phone'),
    pipelineId: z.string().optional().describe('Only deals in this pipeline (from ghl_list_pipelines)'),
    pipelineStageId: z.string().optional().describe('Only deals in this stage'),
    status: z.enum(['open', 'won', 'lost', 'abandoned', 'all']).optional().describe('Only deals with this status; default all'),
    assignedTo: z.string().optional().describe('Only deals owned by this user id'),
    contactId: z.string().optional().describe('Only deals with this contact'),
    limit: limitInput(20, 500),
  }),
  output: z.object({
    opportunities: z.array(opportunitySchema).describe('Matching deals, newest first'),
    count: z.number().describe('How many are returned'),
    limitReached: z.boolean().describe('True when there may be more matches than returned'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ limit, ...search }, ctx) => {
    const onPage = pageProgress(ctx.progress, limit, 'opportunities');
    const found = await take(searchOpportunities(ctx.client, search, { limit, signal: ctx.signal, onPage }), limit);
    return { opportunities: found.map(toOpportunity), count: found.length, limitReached: found.length >= limit };
  },
});

export const getOpportunityTool = ghlTool({
  name: 'ghl_get_opportunity',
  title: 'Get an opportunity',
  description: 'Reads one opportunity (deal) by id: name, value, status, pipeline stage, owner and contact.',
  input: z.object({ opportunityId: opportunityIdInput }),
  output: opportunityResult,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({ opportunity: toOpportunity(await getOpportunity(ctx.client, input.opportunityId, ctx.signal)) }),
});

export const createOpportunityTool = ghlTool({
  name: 'ghl_create_opportunity',
  title: 'Create an opportunity',
  description:
    'Creates a deal for a contact in a pipeline. Get pipelineId and stage ids from ghl_list_pipelines and the contact id from ghl_search_contacts. Without a stage the deal starts in the first stage.',
  input: z.object({
    name: z.string().min(1).describe('Deal name, e.g. "Jane Doe - Implant"'),
    pipelineId: z.string().min(1).describe('Pipeline id'),
    pipelineStageId: z.string().optional().describe('Stage id; default the first stage'),
    contactId: z.string().min(1).describe('Contact the deal is with'),
    status: STATUS.default('open').describe('Deal status; default open'),
    monetaryValue: z.number().nonnegative().optional().describe('Deal value in the account currency'),
    assignedTo: z.string().optional().describe('Owner user id (from ghl_list_users)'),
  }),
  output: opportunityResult,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => ({ opportunity: toOpportunity(await createOpportunity(ctx.client, input, ctx.signal)) }),
});

export const updateOpportunityTool = ghlTool({
  name: 'ghl_update_opportunity',
  title: 'Update an opportunity',
  description:
    'Moves a deal to another stage, marks it won, lost or abandoned, changes its value, name or owner. Fields left out stay as they are. ' +
    'To record why a deal was lost, use ghl_set_opportunity_status with a lostReasonId.',
  input: z.object({
    opportunityId: opportunityIdInput,
    pipelineStageId: z.string().optional().describe('New stage id (from ghl_list_pipelines)'),
    pipelineId: z.string().optional().describe('New pipeline id, when moving the deal to another pipeline (give its stage too)'),
    status: STATUS.optional().describe('New status'),
    monetaryValue: z.number().nonnegative().optional().describe('New deal value'),
    name: z.string().min(1).optional().describe('New deal name'),
    assignedTo: z.string().optional().describe('New owner user id'),
  }),
  output: opportunityResult,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ opportunityId, ...changes }, ctx) => ({
    opportunity: toOpportunity(await updateOpportunity(ctx.client, opportunityId, compact(changes), ctx.signal)),
  }),
});

export const deleteOpportunityTool = ghlTool({
  name: 'ghl_delete_opportunity',
  title: 'Delete an opportunity',
  description: 'Permanently deletes a deal. To close a deal instead, set its status with ghl_update_opportunity. Confirm with the user first.',
  input: z.object({ opportunityId: opportunityIdInput }),
  output: z.object({ deleted: z.boolean().describe('True when GoHighLevel confirmed'), opportunityId: z.string().describe('The deleted id') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    deleted: await deleteOpportunity(ctx.client, input.opportunityId, ctx.signal),
    opportunityId: input.opportunityId,
  }),
});

export const setOpportunityStatusTool = ghlTool({
  name: 'ghl_set_opportunity_status',
  title: 'Set the status of an opportunity',
  description:
    'Marks a deal open, won, lost or abandoned. For lost, give the reason with lostReasonId (from ghl_list_lost_reasons). ' +
    'Returns the deal as it is afterwards.',
  input: z.object({
    opportunityId: opportunityIdInput,
    status: STATUS.describe('The new status'),
    lostReasonId: z.string().min(1).optional().describe('Why the deal was lost (from ghl_list_lost_reasons); only with status lost'),
  }),
  output: opportunityResult,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ opportunityId, status, lostReasonId }, ctx) => {
    if (lostReasonId && status !== 'lost') {
      throw new ValidationError('A lost reason only goes with status lost', [{ path: 'lostReasonId', message: 'only with status lost' }]);
    }
    await setOpportunityStatus(ctx.client, opportunityId, { status, ...(lostReasonId ? { lostReasonId } : {}) }, ctx.signal);
    return { opportunity: toOpportunity(await getOpportunity(ctx.client, opportunityId, ctx.signal)) };
  },
});

export const listLostReasonsTool = ghlTool({
  name: 'ghl_list_lost_reasons',
  title: 'List lost reasons',
  description: 'Lists the reasons a deal can be marked lost with, for ghl_set_opportunity_status.',
  input: z.object({
    query: z.string().optional().describe('Only reasons whose name contains this text'),
    limit: limitInput(100, 100),
  }),
  output: z.object({
    lostReasons: z.array(z.object({ id: z.string().describe('Lost reason id'), name: z.string().describe('Reason') })).describe('Lost reasons'),
    total: z.number().describe('How many reasons match in all'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: SETUP_CACHE,
  handler: async (input, ctx) => {
    const result = await listLostReasons(ctx.client, { query: input.query, limit: input.limit, signal: ctx.signal });
    return { lostReasons: result.lostReasons.map((r) => ({ id: r.id, name: r.name })), total: result.total };
  },
});

export const opportunityTools = [
  listPipelinesTool,
  searchOpportunitiesTool,
  getOpportunityTool,
  createOpportunityTool,
  updateOpportunityTool,
  setOpportunityStatusTool,
  listLostReasonsTool,
  deleteOpportunityTool,
];
