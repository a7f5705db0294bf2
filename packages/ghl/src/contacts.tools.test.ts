import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GhlClient } from './client.js';
import { updateContact } from './contacts.api.js';
import { updateContactTool } from './contacts.tools.js';
import { ghlEcosystem } from './ecosystem.js';
import { startFake, type GhlFake } from './testing/index.js';
import type { GhlContact } from './types.js';

const JANE = 'ContactJaneDoe000001';
const OTHER_LOCATION_CONTACT = 'ContactOtherLocation1';

let fake: GhlFake;
let h: ToolHarness<GhlClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(ghlEcosystem, fake);
});
afterAll(() => fake.close());

const names = (outcome: { result: { structuredContent?: Record<string, unknown> } }) =>
  (outcome.result.structuredContent!.contacts as Array<{ name: string }>).map((c) => c.name);

describe('contact tools against the GoHighLevel fake', () => {
  describe('ghl_search_contacts', () => {
    it('finds contacts by free text', async () => {
      const outcome = await h.run('ghl_search_contacts', { query: 'garcia' });
      expect(outcome.status).toBe('ok');
      expect(names(outcome)).toEqual(['Maria Garcia']);
    });

    it('filters by tag, newest first, and sends the documented search body', async () => {
      expect(names(await h.run('ghl_search_contacts', { tags: ['vip'] }))).toEqual(['Wei Chen', 'Jane Doe']);
      expect(fake.requests.at(-1)!.body).toMatchObject({
        locationId: fake.locationId,
        page: 1,
        pageLimit: 20,
        filters: [{ field: 'tags', operator: 'eq', value: 'vip' }],
      });
    });

    it('filters by email, by phone in another format and by date added', async () => {
      expect(names(await h.run('ghl_search_contacts', { email: 'JOHN.SMITH@example.com' }))).toEqual(['John Smith']);
      expect(names(await h.run('ghl_search_contacts', { phone: '+1 (617) 555-0103' }))).toEqual(['Maria Garcia']);
      const october = await h.run('ghl_search_contacts', { dateAddedFrom: '2026-10-01T00:00:00Z', dateAddedTo: '2026-10-31T23:59:59Z' });
      expect(names(october)).toEqual(['Wei Chen', 'Maria Garcia']);
    });

    it('honours limit and says when more may exist', async () => {
      expect(await h.run('ghl_search_contacts', { limit: 2 })).toMatchObject({ result: { structuredContent: { count: 2, limitReached: true } } });
    });

    it('reports progress after every page of a long search', async () => {
      fake.reset({ contacts: manyContacts(fake.locationId, 230), locations: fake.state.locations });
      const updates: unknown[] = [];
      const outcome = await h.run('ghl_search_contacts', { limit: 500 }, { progress: async (update) => void updates.push(update) });
      expect(outcome.result.structuredContent).toMatchObject({ count: 230, limitReached: false });
      expect(updates).toEqual([
        { progress: 100, total: 230, message: '100 contacts read' },
        { progress: 200, total: 230, message: '200 contacts read' },
        { progress: 230, total: 230, message: '230 contacts read' },
      ]);
    });

    it('rejects a query longer than the platform allows before calling it', async () => {
      const outcome = await h.run('ghl_search_contacts', { query: 'x'.repeat(80) });
      expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
      expect(outcome.error!.message).toContain('query');
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('ghl_get_contact', () => {
    it('reads a contact', async () => {
      const outcome = await h.run('ghl_get_contact', { contactId: JANE });
      expect(outcome.result.structuredContent!.contact).toMatchObject({ id: JANE, email: 'jane.doe@example.com', tags: ['vip', 'new-patient'] });
    });

    it('reports an unknown id as not found', async () => {
      const outcome = await h.run('ghl_get_contact', { contactId: 'nope' });
      expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'not_found' } });
      expect(outcome.error!.message).toContain('Contact not found');
    });

    it("refuses another sub-account's contact with the platform's 403", async () => {
      const outcome = await h.run('ghl_get_contact', { contactId: OTHER_LOCATION_CONTACT });
      expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'permission_denied' } });
      expect(outcome.error!.message).toContain('does not have access to this location');
    });
  });

  describe('ghl_create_contact', () => {
    it('creates a contact in the configured location', async () => {
      const outcome = await h.run('ghl_create_contact', { firstName: 'Lena', lastName: 'Park', email: 'lena@example.com', tags: ['web'] });
      const contact = outcome.result.structuredContent!.contact as { id: string; name: string };
      expect(contact.name).toBe('Lena Park');
      expect(fake.state.contacts.find((c) => c.id === contact.id)?.locationId).toBe(fake.locationId);
    });

    it('lists every 422 message from the platform in the tool error', async () => {
      const outcome = await h.run('ghl_create_contact', { firstName: 'Bad', email: 'not-an-email', phone: 'call me' });
      expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
      expect(outcome.error!.message).toContain('email: must be an email');
      expect(outcome.error!.message).toContain('phone: must be a valid phone number');
    });

    it('reports a duplicate as a conflict that names the existing contact', async () => {
      const outcome = await h.run('ghl_create_contact', { firstName: 'Jane', email: 'jane.doe@example.com' });
      expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'conflict' } });
      expect(outcome.error!.message).toContain(JANE);
      expect(outcome.error!.message).toContain('ghl_upsert_contact');
    });
  });

  describe('ghl_update_contact', () => {
    it('changes only the given fields', async () => {
      const outcome = await h.run('ghl_update_contact', { contactId: JANE, city: 'Somerville', dnd: false });
      expect(outcome.result.structuredContent!.contact).toMatchObject({ city: 'Somerville', dnd: false, email: 'jane.doe@example.com' });
      expect(fake.requests.at(-1)!.body).toEqual({ city: 'Somerville', dnd: false });
    });

    it('never sends companyName, which UpdateContactDto lacks and the platform refuses', async () => {
      expect(updateContactTool.input.shape).not.toHaveProperty('companyName');
      await expect(updateContact(h.client, JANE, { companyName: 'Doe Studio' })).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'companyName', message: 'should not exist (the API does not take this field)' }],
      });
    });

    it('fails on an unknown contact', async () => {
      expect(await h.run('ghl_update_contact', { contactId: 'missing', city: 'Paris' })).toMatchObject({ result: { isError: true }, error: { code: 'not_found' } });
    });
  });

  describe('ghl_upsert_contact', () => {
    it('updates the contact with the same email and merges tags', async () => {
      const outcome = await h.run('ghl_upsert_contact', { email: 'jane.doe@example.com', city: 'Cambridge', tags: ['upserted'] });
      expect(outcome.result.structuredContent).toMatchObject({
        created: false,
        contact: { id: JANE, city: 'Cambridge', tags: ['vip', 'new-patient', 'upserted'] },
      });
    });

    it('matches by phone when the email is new, and creates when nothing matches', async () => {
      const byPhone = await h.run('ghl_upsert_contact', { phone: '+16175550102', firstName: 'Johnny' });
      expect(byPhone.result.structuredContent).toMatchObject({ created: false, contact: { id: 'ContactJohnSmith0002' } });
      const fresh = await h.run('ghl_upsert_contact', { email: 'new.person@example.com', firstName: 'New' });
      expect(fresh.result.structuredContent!.created).toBe(true);
    });

    it('needs an email or a phone', async () => {
      const outcome = await h.run('ghl_upsert_contact', { firstName: 'Nobody' });
      expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
      expect(outcome.error!.message).toContain('email or phone is required');
    });
  });

  describe('ghl_delete_contact', () => {
    it('deletes a contact', async () => {
      expect((await h.run('ghl_delete_contact', { contactId: JANE })).result.structuredContent).toEqual({ deleted: true, contactId: JANE });
      expect(await h.run('ghl_get_contact', { contactId: JANE })).toMatchObject({ error: { code: 'not_found' } });
    });

    it("cannot delete another sub-account's contact", async () => {
      expect(await h.run('ghl_delete_contact', { contactId: OTHER_LOCATION_CONTACT })).toMatchObject({ error: { code: 'permission_denied' } });
      expect(fake.state.contacts.some((c) => c.id === OTHER_LOCATION_CONTACT)).toBe(true);
    });
  });

  describe('tags', () => {
    it('adds and removes tags', async () => {
      const added = await h.run('ghl_add_contact_tags', { contactId: JANE, tags: ['follow-up'] });
      expect(added.result.structuredContent!.tags).toEqual(['vip', 'new-patient', 'follow-up']);
      const removed = await h.run('ghl_remove_contact_tags', { contactId: JANE, tags: ['vip'] });
      expect(removed.result.structuredContent!.tags).toEqual(['new-patient', 'follow-up']);
    });

    it('fails for an unknown contact and for an empty tag list', async () => {
      expect(await h.run('ghl_add_contact_tags', { contactId: 'missing', tags: ['x'] })).toMatchObject({ error: { code: 'not_found' } });
      expect(await h.run('ghl_remove_contact_tags', { contactId: 'missing', tags: ['x'] })).toMatchObject({ error: { code: 'not_found' } });
      expect(await h.run('ghl_add_contact_tags', { contactId: JANE, tags: [] })).toMatchObject({ error: { code: 'validation_failed' } });
    });
  });

  describe('notes and tasks', () => {
    it('lists and adds notes', async () => {
      const before = await h.run('ghl_list_contact_notes', { contactId: JANE });
      expect(before.result.structuredContent!.notes).toHaveLength(1);
      const added = await h.run('ghl_add_contact_note', { contactId: JANE, body: 'Asked about Saturday hours.' });
      expect(added.result.structuredContent!.note).toMatchObject({ body: 'Asked about Saturday hours.' });
      expect((await h.run('ghl_list_contact_notes', { contactId: JANE })).result.structuredContent!.notes).toHaveLength(2);
    });

    it('fails to add a note to an unknown contact or list its notes', async () => {
      expect(await h.run('ghl_add_contact_note', { contactId: 'missing', body: 'x' })).toMatchObject({ error: { code: 'not_found' } });
      expect(await h.run('ghl_list_contact_notes', { contactId: 'missing' })).toMatchObject({ error: { code: 'not_found' } });
    });

    it('lists tasks with their completion state', async () => {
      const outcome = await h.run('ghl_list_contact_tasks', { contactId: 'ContactMariaGarcia03' });
      expect(outcome.result.structuredContent!.tasks).toEqual([
        expect.objectContaining({ title: 'Send new-patient forms', completed: true, assignedTo: 'UserSamLee0000000002' }),
      ]);
    });

    it('fails to list tasks of another sub-account', async () => {
      expect(await h.run('ghl_list_contact_tasks', { contactId: OTHER_LOCATION_CONTACT })).toMatchObject({ error: { code: 'permission_denied' } });
    });
  });
});

const JANE_TASK = 'TaskCallJaneBack0001';
const ALEX = 'UserAlexRivera000001';

describe('contact task writing tools against the GoHighLevel fake', () => {
  describe('ghl_create_contact_task and ghl_complete_contact_task', () => {
    it('creates an open task with the documented body, then completes and reopens it', async () => {
      const created = await h.run('ghl_create_contact_task', {
        contactId: JANE,
        title: 'Confirm insurance',
        dueDate: '2026-12-03T14:00:00Z',
        body: 'Ask for the member number',
        assignedTo: ALEX,
      });
      expect(created.status).toBe('ok');
      expect(fake.requests.at(-1)!.body).toEqual({
        title: 'Confirm insurance',
        dueDate: '2026-12-03T14:00:00Z',
        completed: false,
        body: 'Ask for the member number',
        assignedTo: ALEX,
      });
      const task = created.result.structuredContent!.task as { id: string };
      expect(task).toMatchObject({ title: 'Confirm insurance', completed: false, assignedTo: ALEX, dueDate: '2026-12-03T14:00:00.000Z' });

      const done = await h.run('ghl_complete_contact_task', { contactId: JANE, taskId: task.id });
      expect(done.result.structuredContent!.task).toMatchObject({ id: task.id, completed: true });
      expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/contacts/${JANE}/tasks/${task.id}/completed`, body: { completed: true } });
      const reopened = await h.run('ghl_complete_contact_task', { contactId: JANE, taskId: task.id, completed: false });
      expect(reopened.result.structuredContent!.task).toMatchObject({ completed: false });

      const tasks = await h.run('ghl_list_contact_tasks', { contactId: JANE });
      expect((tasks.result.structuredContent!.tasks as Array<{ id: string }>).map((t) => t.id)).toEqual([JANE_TASK, task.id]);
    });

    it('refuses a due date that is not an instant, an unknown contact and an unknown task', async () => {
      expect(await h.run('ghl_create_contact_task', { contactId: JANE, title: 'x', dueDate: 'tomorrow' })).toMatchObject({
        result: { isError: true },
        error: { code: 'validation_failed' },
      });
      expect(await h.run('ghl_create_contact_task', { contactId: 'missing', title: 'x', dueDate: '2026-12-03T14:00:00Z' })).toMatchObject({
        result: { isError: true },
        error: { code: 'not_found' },
      });
      expect(await h.run('ghl_complete_contact_task', { contactId: JANE, taskId: 'TaskNotThere00000000' })).toMatchObject({
        result: { isError: true },
        error: { code: 'not_found' },
      });
    });

    it('gets the platform 422 when the documented required fields are missing', async () => {
      await expect(h.client.request('POST', '/contacts/{contactId}/tasks', { params: { contactId: JANE }, json: { title: 'x' } })).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [
          { path: 'completed', message: 'should not be empty' },
          { path: 'dueDate', message: 'should not be empty' },
        ],
      });
    });
  });
});

function manyContacts(locationId: string, count: number): GhlContact[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `Bulk${String(i).padStart(16, '0')}`,
    locationId,
    firstName: `Person${i}`,
    email: `person${i}@example.com`,
    tags: [],
    dateAdded: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  }));
}
