import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { addAppointmentNote, listAppointmentNotes } from './calendars.tools.js';
import { completeContactTask, createContact, createContactTask, listContactTasks } from './contacts.tools.js';
import { startHarness, type Harness } from './harness.test-util.js';
import { listCustomFields } from './locations.tools.js';
import { listLostReasons, setOpportunityStatus } from './opportunities.tools.js';

const JANE = 'ContactJaneDoe000001';
const JANE_TASK = 'TaskCallJaneBack0001';
const CHECKUP = 'EventJaneCheckup0001';
const JANE_DEAL = 'OppJaneWhitening0001';
const ALEX = 'UserAlexRivera000001';

describe('custom fields, tasks, appointment notes and deal status against the GoHighLevel fake', () => {
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

  describe('ghl_create_contact_task and ghl_complete_contact_task', () => {
    it('creates an open task with the documented body, then completes and reopens it', async () => {
      const created = await h.call(createContactTask, {
        contactId: JANE,
        title: 'Confirm insurance',
        dueDate: '2026-12-03T14:00:00Z',
        body: 'Ask for the member number',
        assignedTo: ALEX,
      });
      expect(created.isError).toBe(false);
      expect(h.fake.requests.at(-1)!.body).toEqual({
        title: 'Confirm insurance',
        dueDate: '2026-12-03T14:00:00Z',
        completed: false,
        body: 'Ask for the member number',
        assignedTo: ALEX,
      });
      const task = created.data.task as { id: string };
      expect(created.data.task).toMatchObject({ title: 'Confirm insurance', completed: false, assignedTo: ALEX, dueDate: '2026-12-03T14:00:00.000Z' });

      const done = await h.call(completeContactTask, { contactId: JANE, taskId: task.id });
      expect(done.data.task).toMatchObject({ id: task.id, completed: true });
      expect(h.fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/contacts/${JANE}/tasks/${task.id}/completed`, body: { completed: true } });
      const reopened = await h.call(completeContactTask, { contactId: JANE, taskId: task.id, completed: false });
      expect(reopened.data.task).toMatchObject({ completed: false });

      const tasks = await h.call(listContactTasks, { contactId: JANE });
      expect((tasks.data.tasks as Array<{ id: string }>).map((t) => t.id)).toEqual([JANE_TASK, task.id]);
    });

    it('refuses a due date that is not an instant, an unknown contact and an unknown task', async () => {
      expect(await h.call(createContactTask, { contactId: JANE, title: 'x', dueDate: 'tomorrow' })).toMatchObject({ isError: true, code: 'validation_failed' });
      expect(await h.call(createContactTask, { contactId: 'missing', title: 'x', dueDate: '2026-12-03T14:00:00Z' })).toMatchObject({
        isError: true,
        code: 'not_found',
      });
      expect(await h.call(completeContactTask, { contactId: JANE, taskId: 'TaskNotThere00000000' })).toMatchObject({ isError: true, code: 'not_found' });
    });

    it('gets the platform 422 when the documented required fields are missing', async () => {
      await expect(h.client.request('POST', `/contacts/${JANE}/tasks`, { json: { title: 'x' } })).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [
          { path: 'completed', message: 'should not be empty' },
          { path: 'dueDate', message: 'should not be empty' },
        ],
      });
    });
  });

  describe('ghl_list_appointment_notes and ghl_add_appointment_note', () => {
    it('adds a note and reads the notes newest first', async () => {
      const added = await h.call(addAppointmentNote, { appointmentId: CHECKUP, body: 'Patient asked about whitening.', userId: ALEX });
      expect(added.data.note).toMatchObject({ body: 'Patient asked about whitening.', userId: ALEX, authorName: 'Alex Rivera' });
      expect(h.fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/calendars/appointments/${CHECKUP}/notes` });
      const listed = await h.call(listAppointmentNotes, { appointmentId: CHECKUP });
      expect((listed.data.notes as Array<{ body: string }>).map((n) => n.body)).toEqual(['Patient asked about whitening.', 'Bring previous X-rays.']);
      expect(listed.data.limitReached).toBe(false);
    });

    it('pages with limit/offset, at most 20 a page as the API requires', async () => {
      for (let i = 0; i < 25; i++) {
        h.fake.state.appointmentNotes.push({ id: `Note${i}`, appointmentId: CHECKUP, body: `note ${i}`, dateAdded: new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString() });
      }
      const listed = await h.call(listAppointmentNotes, { appointmentId: CHECKUP, limit: 24 });
      expect(listed.data.notes).toHaveLength(24);
      expect(listed.data.limitReached).toBe(true);
      const pages = h.fake.requests.filter((r) => r.path.endsWith('/notes')).map((r) => Object.fromEntries(r.query));
      expect(pages).toEqual([
        { limit: '20', offset: '0' },
        { limit: '20', offset: '20' },
      ]);
    });

    it('fails on an unknown appointment, and on a note longer than the API takes', async () => {
      expect(await h.call(listAppointmentNotes, { appointmentId: 'EventMissing00000001' })).toMatchObject({ isError: true, code: 'not_found' });
      expect(await h.call(addAppointmentNote, { appointmentId: CHECKUP, body: 'x'.repeat(5001) })).toMatchObject({ isError: true, code: 'validation_failed' });
      await expect(h.client.request('POST', `/calendars/appointments/${CHECKUP}/notes`, { json: { body: 'x'.repeat(5001) } })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });
  });

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
