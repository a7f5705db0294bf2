import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GhlClient } from './client.js';
import { ghlEcosystem } from './ecosystem.js';
import { startFake, type GhlFake } from './testing/index.js';
import type { GhlOpportunity } from './types.js';

const PIPELINE = 'PipelineSales0000001';
const JANE_DEAL = 'OppJaneWhitening0001';

let fake: GhlFake;
let h: ToolHarness<GhlClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(ghlEcosystem, fake);
});
afterAll(() => fake.close());

describe('opportunity tools against the GoHighLevel fake', () => {
  const names = (outcome: { result: { structuredContent?: Record<string, unknown> } }) =>
    (outcome.result.structuredContent!.opportunities as Array<{ name: string }>).map((o) => o.name);

  it('lists pipelines with their stages in order', async () => {
    const { result } = await h.run('ghl_list_pipelines', {});
    expect(result.structuredContent!.pipelines).toEqual([
      {
        id: PIPELINE,
        name: 'Treatment Plans',
        stages: [
          { id: 'stage-new-lead', name: 'New Lead' },
          { id: 'stage-consult-booked', name: 'Consultation Booked' },
          { id: 'stage-proposal-sent', name: 'Proposal Sent' },
          { id: 'stage-closed', name: 'Closed' },
        ],
      },
    ]);
  });

  it('fails to list pipelines when the platform is down', async () => {
    fake.failNext({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });
    expect(await h.run('ghl_list_pipelines', {})).toMatchObject({ result: { isError: true }, error: { code: 'upstream_unavailable' } });
  });

  it('searches by status, stage, owner, contact and text, with the documented query parameters', async () => {
    expect(names(await h.run('ghl_search_opportunities', { status: 'won' }))).toEqual(['Wei Chen - Aligners']);
    expect(names(await h.run('ghl_search_opportunities', { pipelineStageId: 'stage-consult-booked' }))).toEqual(['John Smith - Implant']);
    expect(names(await h.run('ghl_search_opportunities', { assignedTo: 'UserAlexRivera000001' }))).toEqual(['Jane Doe - Whitening']);
    expect(names(await h.run('ghl_search_opportunities', { contactId: 'ContactJohnSmith0002' }))).toEqual(['John Smith - Implant']);
    expect(names(await h.run('ghl_search_opportunities', { query: 'jane.doe@' }))).toEqual(['Jane Doe - Whitening']);
    const query = fake.requests.at(-1)!.query;
    expect(query.get('location_id')).toBe(fake.locationId);
    expect(query.get('q')).toBe('jane.doe@');
  });

  it('pages through results with the startAfter/startAfterId cursor from meta, reporting each page', async () => {
    fake.seed({ opportunities: manyDeals(fake.locationId, 230) });
    const updates: Array<{ progress: number; total?: number }> = [];
    const { result } = await h.run('ghl_search_opportunities', { limit: 500 }, { progress: async (update) => void updates.push(update) });
    expect(result.structuredContent!.count).toBe(233);
    expect(updates.map((u) => [u.progress, u.total])).toEqual([
      [100, 233],
      [200, 233],
      [233, 233],
    ]);
    const ids = (result.structuredContent!.opportunities as Array<{ id: string }>).map((o) => o.id);
    expect(new Set(ids).size).toBe(233);
    const searches = fake.requests.filter((r) => r.path === '/opportunities/search');
    expect(searches).toHaveLength(3);
    expect(searches[0]!.query.get('startAfterId')).toBeNull();
    expect(searches[1]!.query.get('startAfterId')).toBe(ids[99]);
  });

  it('rejects an unknown status before calling the platform', async () => {
    expect(await h.run('ghl_search_opportunities', { status: 'pending' })).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('gets a deal with its contact, and reports an unknown one', async () => {
    const { result } = await h.run('ghl_get_opportunity', { opportunityId: JANE_DEAL });
    expect(result.structuredContent!.opportunity).toMatchObject({ name: 'Jane Doe - Whitening', monetaryValue: 900, contactName: 'Jane Doe', status: 'open' });
    expect(await h.run('ghl_get_opportunity', { opportunityId: 'missing' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('creates a deal in the first stage by default', async () => {
    const { result } = await h.run('ghl_create_opportunity', { name: 'Maria - Crown', pipelineId: PIPELINE, contactId: 'ContactMariaGarcia03', monetaryValue: 1200 });
    expect(result.structuredContent!.opportunity).toMatchObject({ pipelineStageId: 'stage-new-lead', status: 'open', monetaryValue: 1200 });
    expect((fake.requests.at(-1)!.body as { locationId: string }).locationId).toBe(fake.locationId);
  });

  it('refuses a stage of another pipeline with the 422 message', async () => {
    const outcome = await h.run('ghl_create_opportunity', { name: 'x', pipelineId: PIPELINE, pipelineStageId: 'nope', contactId: 'ContactMariaGarcia03' });
    expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
    expect(outcome.error!.message).toContain('pipelineStageId: must be a stage of pipeline');
  });

  it('moves a deal to another stage, marks it won and changes its value', async () => {
    const { result } = await h.run('ghl_update_opportunity', { opportunityId: JANE_DEAL, pipelineStageId: 'stage-closed', status: 'won', monetaryValue: 950 });
    expect(result.structuredContent!.opportunity).toMatchObject({ pipelineStageId: 'stage-closed', status: 'won', monetaryValue: 950 });
    expect(fake.requests.at(-1)!.body).toEqual({ pipelineStageId: 'stage-closed', status: 'won', monetaryValue: 950 });
  });

  it('fails to update a deal of another sub-account', async () => {
    fake.seed({ opportunities: [{ ...manyDeals(fake.otherLocationId, 1)[0]!, id: 'ForeignDeal' }] });
    expect(await h.run('ghl_update_opportunity', { opportunityId: 'ForeignDeal', status: 'lost' })).toMatchObject({ error: { code: 'permission_denied' } });
  });

  it('deletes a deal, and reports an unknown one', async () => {
    expect((await h.run('ghl_delete_opportunity', { opportunityId: JANE_DEAL })).result.structuredContent).toEqual({ deleted: true, opportunityId: JANE_DEAL });
    expect(await h.run('ghl_delete_opportunity', { opportunityId: JANE_DEAL })).toMatchObject({ error: { code: 'not_found' } });
  });
});

function manyDeals(locationId: string, count: number): GhlOpportunity[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `BulkDeal${String(i).padStart(12, '0')}`,
    name: `Deal ${i}`,
    pipelineId: PIPELINE,
    pipelineStageId: 'stage-new-lead',
    status: 'open',
    monetaryValue: i,
    contactId: 'ContactJohnSmith0002',
    locationId,
    createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
  }));
}

describe('opportunity status tools against the GoHighLevel fake', () => {
  describe('ghl_set_opportunity_status and ghl_list_lost_reasons', () => {
    it('lists the lost reasons of this sub-account only', async () => {
      const { result } = await h.run('ghl_list_lost_reasons', {});
      expect(result.structuredContent).toEqual({
        lostReasons: [
          { id: 'LostReasonPrice00001', name: 'Too expensive' },
          { id: 'LostReasonNoShow0002', name: 'Stopped responding' },
        ],
        total: 2,
      });
      expect((await h.run('ghl_list_lost_reasons', { query: 'expens' })).result.structuredContent!.total).toBe(1);
    });

    it('refuses more than the 100 reasons a page holds, and passes on an expired token', async () => {
      expect(await h.run('ghl_list_lost_reasons', { limit: 101 })).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
      expect(fake.requests).toHaveLength(0);
      fake.failNext({ status: 401, path: '/opportunities/lost-reason', body: { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' } });
      expect(await h.run('ghl_list_lost_reasons', {})).toMatchObject({ result: { isError: true }, error: { code: 'authentication_failed' } });
    });

    it('marks a deal lost with a reason, through the status endpoint, then reopens it', async () => {
      const lost = await h.run('ghl_set_opportunity_status', { opportunityId: JANE_DEAL, status: 'lost', lostReasonId: 'LostReasonPrice00001' });
      expect(lost.result.structuredContent!.opportunity).toMatchObject({ id: JANE_DEAL, status: 'lost', lostReasonId: 'LostReasonPrice00001' });
      const put = fake.requests.find((r) => r.method === 'PUT')!;
      expect(put).toMatchObject({ path: `/opportunities/${JANE_DEAL}/status`, body: { status: 'lost', lostReasonId: 'LostReasonPrice00001' } });
      const open = await h.run('ghl_set_opportunity_status', { opportunityId: JANE_DEAL, status: 'open' });
      expect(open.result.structuredContent!.opportunity).toMatchObject({ status: 'open' });
      expect(open.result.structuredContent!.opportunity).not.toHaveProperty('lostReasonId');
    });

    it('refuses a lost reason with another status, an unknown reason and an unknown deal', async () => {
      expect(await h.run('ghl_set_opportunity_status', { opportunityId: JANE_DEAL, status: 'won', lostReasonId: 'LostReasonPrice00001' })).toMatchObject({
        result: { isError: true },
        error: { code: 'validation_failed' },
      });
      expect(await h.run('ghl_set_opportunity_status', { opportunityId: JANE_DEAL, status: 'lost', lostReasonId: 'LostReasonOther00003' })).toMatchObject({
        result: { isError: true },
        error: { code: 'validation_failed' },
      });
      expect(await h.run('ghl_set_opportunity_status', { opportunityId: 'OppMissing0000000001', status: 'won' })).toMatchObject({ result: { isError: true }, error: { code: 'not_found' } });
    });
  });
});
