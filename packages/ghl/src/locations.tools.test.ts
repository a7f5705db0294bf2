import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GhlClient } from './client.js';
import { startHarness, type Harness } from './harness.test-util.js';
import { getLocation, listUsers } from './locations.tools.js';
import { take } from './paginate.js';
import { createContact } from './contacts.tools.js';
import { listCustomFields } from './locations.tools.js';

describe('location and user tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('reads the configured sub-account', async () => {
    const result = await h.call(getLocation, {});
    expect(result.data.location).toMatchObject({ id: h.fake.locationId, name: 'Sunrise Dental (demo)', timezone: 'America/New_York' });
  });

  it("is refused another sub-account's location with 403", async () => {
    const wrong = await startHarness({ client: { locationId: 'DemoLocationOther002' } });
    try {
      expect(await wrong.call(getLocation, {})).toMatchObject({ isError: true, code: 'permission_denied' });
    } finally {
      await wrong.close();
    }
  });

  it('lists the users of this sub-account only, via the agency id of the location', async () => {
    const result = await h.call(listUsers, {});
    expect(result.data.users).toEqual([
      { id: 'UserAlexRivera000001', name: 'Alex Rivera', email: 'alex@sunrise-dental.example', role: 'admin' },
      { id: 'UserSamLee0000000002', name: 'Sam Lee', email: 'sam@sunrise-dental.example', role: 'user' },
    ]);
    const search = h.fake.requests.find((r) => r.path === '/users/search')!;
    expect(search.query.get('companyId')).toBe('DemoAgency0000000001');
  });

  it('pages users with skip/limit', async () => {
    h.fake.seed({
      users: Array.from({ length: 120 }, (_, i) => ({ id: `BulkUser${i}`, name: `User ${i}`, locationIds: [h.fake.locationId] })),
    });
    const users = await take(h.client.listUsers());
    expect(users).toHaveLength(122);
    expect(h.fake.requests.filter((r) => r.path === '/users/search').map((r) => r.query.get('skip'))).toEqual(['0', '100']);
  });

  it('fails to list users when the platform is unavailable', async () => {
    h.fake.failNext({ status: 500, path: '/users/search', body: { statusCode: 500, message: 'Internal server error' } });
    expect(await h.call(listUsers, {})).toMatchObject({ isError: true, code: 'upstream_unavailable' });
  });

  it('uses the configured location id in the path', async () => {
    const client = new GhlClient({ apiKey: h.fake.apiKey, locationId: h.fake.locationId, baseUrl: h.fake.url });
    await client.getLocation();
    expect(h.fake.requests.at(-1)!.path).toBe(`/locations/${h.fake.locationId}`);
  });
});

const JANE = 'ContactJaneDoe000001';

describe('custom field tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

  describe('ghl_list_custom_fields', () => {
    it("lists the sub-account's fields in display order, with option values", async () => {
      const result = await h.call(listCustomFields, {});
      expect(result.data.customFields).toEqual([
        { id: 'FieldInsurer00000001', name: 'Insurance provider', fieldKey: 'contact.insurance_provider', dataType: 'TEXT', model: 'contact' },
        { id: 'FieldTreatmentCost01', name: 'Treatment cost', fieldKey: 'opportunity.treatment_cost', dataType: 'MONETORY', model: 'opportunity' },
        {
          id: 'FieldPreferredTime01',
          name: 'Preferred time',
          fieldKey: 'contact.preferred_time',
          dataType: 'SINGLE_OPTIONS',
          model: 'contact',
          options: ['Morning', 'Afternoon', 'Evening'],
        },
      ]);
      expect(h.fake.requests.at(-1)!.path).toBe(`/locations/${h.fake.locationId}/customFields`);
    });

    it('filters by model, and the ids work in customFields of a contact update', async () => {
      const result = await h.call(listCustomFields, { model: 'opportunity' });
      expect((result.data.customFields as Array<{ id: string }>).map((f) => f.id)).toEqual(['FieldTreatmentCost01']);
      const contact = await h.client.updateContact(JANE, { customFields: [{ id: 'FieldInsurer00000001', field_value: 'Delta Dental' }] });
      expect(contact.customFields).toEqual([{ id: 'FieldInsurer00000001', value: 'Delta Dental' }]);
    });

    it('takes text, number and option-list values in customFields, as the published field schemas do', async () => {
      const created = await h.call(createContact, {
        firstName: 'Ana',
        email: 'ana@example.com',
        customFields: [
          { id: 'FieldInsurer00000001', value: 'Aetna' },
          { id: 'FieldTreatmentCost01', value: 1200.5 },
          { id: 'FieldPreferredTime01', value: ['Morning'] },
        ],
      });
      expect(created.isError).toBe(false);
      expect((h.fake.requests.at(-1)!.body as { customFields: unknown }).customFields).toEqual([
        { id: 'FieldInsurer00000001', field_value: 'Aetna' },
        { id: 'FieldTreatmentCost01', field_value: 1200.5 },
        { id: 'FieldPreferredTime01', field_value: ['Morning'] },
      ]);
      expect(await h.call(createContact, { firstName: 'Ana', customFields: [{ id: 'FieldInsurer00000001', value: true }] })).toMatchObject({
        isError: true,
        code: 'validation_failed',
      });
    });

    it('rejects a model the platform does not know, and passes on an expired token', async () => {
      expect(await h.call(listCustomFields, { model: 'task' })).toMatchObject({ isError: true, code: 'validation_failed' });
      h.fake.failNext({ status: 401, body: { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' } });
      expect(await h.call(listCustomFields, {})).toMatchObject({ isError: true, code: 'authentication_failed' });
    });
  });
});
