import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GhlClient } from './client.js';
import { updateContact } from './contacts.api.js';
import { ghlEcosystem } from './ecosystem.js';
import { getLocation } from './locations.api.js';
import { startFake, type GhlFake } from './testing/index.js';

const JANE = 'ContactJaneDoe000001';

let fake: GhlFake;
let h: ToolHarness<GhlClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(ghlEcosystem, fake);
});
afterAll(() => fake.close());

describe('location tools against the GoHighLevel fake', () => {
  it('reads the configured sub-account, by the configured location id in the path', async () => {
    const outcome = await h.run('ghl_get_location', {});
    expect(outcome.result.structuredContent!.location).toMatchObject({ id: fake.locationId, name: 'Sunrise Dental (demo)', timezone: 'America/New_York' });
    expect(fake.requests.at(-1)!.path).toBe(`/locations/${fake.locationId}`);
  });

  it("is refused another sub-account's location with 403", async () => {
    const wrong = toolHarness(ghlEcosystem, { configs: { privateIntegration: { ...fake.configs.privateIntegration, locationId: fake.otherLocationId } } });
    expect(await wrong.run('ghl_get_location', {})).toMatchObject({ result: { isError: true }, error: { code: 'permission_denied' } });
  });

  it('reads the location through the api function too', async () => {
    expect(await getLocation(h.client)).toMatchObject({ id: fake.locationId, companyId: 'DemoAgency0000000001' });
  });
});

describe('custom field tools against the GoHighLevel fake', () => {
  describe('ghl_list_custom_fields', () => {
    it("lists the sub-account's fields in display order, with option values", async () => {
      const outcome = await h.run('ghl_list_custom_fields', {});
      expect(outcome.result.structuredContent!.customFields).toEqual([
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
      expect(fake.requests.at(-1)!.path).toBe(`/locations/${fake.locationId}/customFields`);
    });

    it('filters by model, and the ids work in customFields of a contact update', async () => {
      const outcome = await h.run('ghl_list_custom_fields', { model: 'opportunity' });
      expect((outcome.result.structuredContent!.customFields as Array<{ id: string }>).map((f) => f.id)).toEqual(['FieldTreatmentCost01']);
      const contact = await updateContact(h.client, JANE, { customFields: [{ id: 'FieldInsurer00000001', field_value: 'Delta Dental' }] });
      expect(contact.customFields).toEqual([{ id: 'FieldInsurer00000001', value: 'Delta Dental' }]);
    });

    it('takes text, number and option-list values in customFields, as the published field schemas do', async () => {
      const created = await h.run('ghl_create_contact', {
        firstName: 'Ana',
        email: 'ana@example.com',
        customFields: [
          { id: 'FieldInsurer00000001', value: 'Aetna' },
          { id: 'FieldTreatmentCost01', value: 1200.5 },
          { id: 'FieldPreferredTime01', value: ['Morning'] },
        ],
      });
      expect(created.status).toBe('ok');
      expect((fake.requests.at(-1)!.body as { customFields: unknown }).customFields).toEqual([
        { id: 'FieldInsurer00000001', field_value: 'Aetna' },
        { id: 'FieldTreatmentCost01', field_value: 1200.5 },
        { id: 'FieldPreferredTime01', field_value: ['Morning'] },
      ]);
      expect(await h.run('ghl_create_contact', { firstName: 'Ana', customFields: [{ id: 'FieldInsurer00000001', value: true }] })).toMatchObject({
        result: { isError: true },
        error: { code: 'validation_failed' },
      });
    });

    it('rejects a model the platform does not know, and passes on an expired token', async () => {
      expect(await h.run('ghl_list_custom_fields', { model: 'task' })).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
      fake.failNext({ status: 401, body: { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' } });
      expect(await h.run('ghl_list_custom_fields', {})).toMatchObject({ result: { isError: true }, error: { code: 'authentication_failed' } });
    });
  });
});
