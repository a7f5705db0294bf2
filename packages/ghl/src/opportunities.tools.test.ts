import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness } from './harness.test-util.js';
import {
  createOpportunity,
  deleteOpportunity,
  getOpportunity,
  listPipelines,
  searchOpportunities,
  updateOpportunity,
} from './opportunities.tools.js';
import type { GhlOpportunity } from './types.js';
import { listLostReasons, setOpportunityStatus } from './opportunities.tools.js';

const PIPELINE = 'PipelineSales0000001';
const JANE_DEAL = 'OppJaneWhitening0001';

describe('opportunity tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

  const names = (data: Record<string, unknown>) => (data.opportunities as Array<{ name: string }>).map((o) => o.name);

  it('lists pipelines with their stages in order', async () => {
    const result = await h.call(listPipelines, {});
    expect(result.data.pipelines).toEqual([
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
    h.fake.failNext({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });
    expect(await h.call(listPipelines, {})).toMatchObject({ isError: true, code: 'upstream_unavailable' });
  });

  it('searches by status, stage, owner, contact and text, with the documented query parameters', async () => {
    expect(names((await h.call(searchOpportunities, { status: 'won' })).data)).toEqual(['Wei Chen - Aligners']);
    expect(names((await h.call(searchOpportunities, { pipelineStageId: 'stage-consult-booked' })).data)).toEqual(['John Smith - Implant']);
    expect(names((await h.call(searchOpportunities, { assignedTo: 'UserAlexRivera000001' })).data)).toEqual(['Jane Doe - Whitening']);
    expect(names((await h.call(searchOpportunities, { contactId: 'ContactJohnSmith0002' })).data)).toEqual(['John Smith - Implant']);
    expect(names((await h.call(searchOpportunities, { query: 'jane.doe@' })).data)).toEqual(['Jane Doe - Whitening']);
    const query = h.fake.requests.at(-1)!.query;
    expect(query.get('location_id')).toBe(h.fake.locationId);
    expect(query.get('q')).toBe('jane.doe@');
  });

  it('pages through results with the startAfter/startAfterId cursor from meta', async () => {
    h.fake.seed({ opportunities: manyDeals(h.fake.locationId, 230) });
    const result = await h.call(searchOpportunities, { limit: 500 });
    expect(result.data.count).toBe(233);
    const ids = (result.data.opportunities as Array<{ id: string }>).map((o) => o.id);
    expect(new Set(ids).size).toBe(233);
    const searches = h.fake.requests.filter((r) => r.path === '/opportunities/search');
    expect(searches).toHaveLength(3);
    expect(searches[0]!.query.get('startAfterId')).toBeNull();
    expect(searches[1]!.query.get('startAfterId')).toBe(ids[99]);
  });

  it('rejects an unknown status before calling the platform', async () => {
    expect(await h.call(searchOpportunities, { status: 'pending' })).toMatchObject({ isError: true, code: 'validation_failed' });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('gets a deal with its contact, and reports an unknown one', async () => {
    const result = await h.call(getOpportunity, { opportunityId: JANE_DEAL });
    expect(result.data.opportunity).toMatchObject({ name: 'Jane Doe - Whitening', monetaryValue: 900, contactName: 'Jane Doe', status: 'open' });
    expect(await h.call(getOpportunity, { opportunityId: 'missing' })).toMatchObject({ code: 'not_found' });
  });

  it('creates a deal in the first stage by default', async () => {
    const result = await h.call(createOpportunity, { name: 'Maria - Crown', pipelineId: PIPELINE, contactId: 'ContactMariaGarcia03', monetaryValue: 1200 });
    expect(result.data.opportunity).toMatchObject({ pipelineStageId: 'stage-new-lead', status: 'open', monetaryValue: 1200 });
    expect((h.fake.requests.at(-1)!.body as { locationId: string }).locationId).toBe(h.fake.locationId);
  });

  it('refuses a stage of another pipeline with the 422 message', async () => {
    const result = await h.call(createOpportunity, { name: 'x', pipelineId: PIPELINE, pipelineStageId: 'nope', contactId: 'ContactMariaGarcia03' });
    expect(result).toMatchObject({ isError: true, code: 'validation_failed' });
    expect(result.text).toContain('pipelineStageId: must be a stage of pipeline');
  });

  it('moves a deal to another stage, marks it won and changes its value', async () => {
    const result = await h.call(updateOpportunity, { opportunityId: JANE_DEAL, pipelineStageId: 'stage-closed', status: 'won', monetaryValue: 950 });
    expect(result.data.opportunity).toMatchObject({ pipelineStageId: 'stage-closed', status: 'won', monetaryValue: 950 });
    expect(h.fake.requests.at(-1)!.body).toEqual({ pipelineStageId: 'stage-closed', status: 'won', monetaryValue: 950 });
  });

  it('fails to update a deal of another sub-account', async () => {
    h.fake.seed({ opportunities: [{ ...manyDeals(h.fake.otherLocationId, 1)[0]!, id: 'ForeignDeal' }] });
    expect(await h.call(updateOpportunity, { opportunityId: 'ForeignDeal', status: 'lost' })).toMatchObject({ code: 'permission_denied' });
  });

  it('deletes a deal, and reports an unknown one', async () => {
    expect((await h.call(deleteOpportunity, { opportunityId: JANE_DEAL })).data).toEqual({ deleted: true, opportunityId: JANE_DEAL });
    expect(await h.call(deleteOpportunity, { opportunityId: JANE_DEAL })).toMatchObject({ code: 'not_found' });
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
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

  describe('ghl_set_opportunity_status and ghl_list_lost_reasons', () => {
    it('lists the lost reasons of this sub-account only', async () => {
      const result = await h.call(listLostReasons, {});
      expect(result.data).toEqual({
        lostReasons: [
          { id: 'LostReasonPrice00001', name: 'Too expensive' },
          { id: 'LostReasonNoShow0002', name: 'Stopped responding' },
        ],
        total: 2,
      });
      expect((await h.call(listLostReasons, { query: 'expens' })).data.total).toBe(1);
    });

    it('marks a deal lost with a reason, through the status endpoint, then reopens it', async () => {
      const lost = await h.call(setOpportunityStatus, { opportunityId: JANE_DEAL, status: 'lost', lostReasonId: 'LostReasonPrice00001' });
      expect(lost.data.opportunity).toMatchObject({ id: JANE_DEAL, status: 'lost', lostReasonId: 'LostReasonPrice00001' });
      const put = h.fake.requests.find((r) => r.method === 'PUT')!;
      expect(put).toMatchObject({ path: `/opportunities/${JANE_DEAL}/status`, body: { status: 'lost', lostReasonId: 'LostReasonPrice00001' } });
      const open = await h.call(setOpportunityStatus, { opportunityId: JANE_DEAL, status: 'open' });
      expect(open.data.opportunity).toMatchObject({ status: 'open' });
      expect(open.data.opportunity).not.toHaveProperty('lostReasonId');
    });

    it('refuses a lost reason with another status, an unknown reason and an unknown deal', async () => {
      expect(await h.call(setOpportunityStatus, { opportunityId: JANE_DEAL, status: 'won', lostReasonId: 'LostReasonPrice00001' })).toMatchObject({
        isError: true,
        code: 'validation_failed',
      });
      expect(await h.call(setOpportunityStatus, { opportunityId: JANE_DEAL, status: 'lost', lostReasonId: 'LostReasonOther00003' })).toMatchObject({
        isError: true,
        code: 'validation_failed',
      });
      expect(await h.call(setOpportunityStatus, { opportunityId: 'OppMissing0000000001', status: 'won' })).toMatchObject({ isError: true, code: 'not_found' });
    });
  });
});
