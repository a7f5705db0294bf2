import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  addContactNote,
  addContactTags,
  createContact,
  deleteContact,
  getContact,
  listContactNotes,
  listContactTasks,
  removeContactTags,
  searchContacts,
  updateContact,
  upsertContact,
} from './contacts.tools.js';
import { startHarness, type Harness } from './harness.test-util.js';
import { completeContactTask, createContactTask } from './contacts.tools.js';

const JANE = 'ContactJaneDoe000001';
const OTHER_LOCATION_CONTACT = 'ContactOtherLocation1';

describe('contact tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

  const names = (data: Record<string, unknown>) => (data.contacts as Array<{ name: string }>).map((c) => c.name);

  describe('ghl_search_contacts', () => {
    it('finds contacts by free text', async () => {
      const result = await h.call(searchContacts, { query: 'garcia' });
      expect(result.isError).toBe(false);
      expect(names(result.data)).toEqual(['Maria Garcia']);
    });

    it('filters by tag, newest first, and sends the documented search body', async () => {
      const result = await h.call(searchContacts, { tags: ['vip'] });
      expect(names(result.data)).toEqual(['Wei Chen', 'Jane Doe']);
      const body = h.fake.requests.at(-1)!.body as Record<string, unknown>;
      expect(body).toMatchObject({
        locationId: h.fake.locationId,
        page: 1,
        pageLimit: 20,
        filters: [{ field: 'tags', operator: 'eq', value: 'vip' }],
      });
    });

    it('filters by email, by phone in another format and by date added', async () => {
      expect(names((await h.call(searchContacts, { email: 'JOHN.SMITH@example.com' })).data)).toEqual(['John Smith']);
      expect(names((await h.call(searchContacts, { phone: '+1 (617) 555-0103' })).data)).toEqual(['Maria Garcia']);
      const october = await h.call(searchContacts, { dateAddedFrom: '2026-10-01T00:00:00Z', dateAddedTo: '2026-10-31T23:59:59Z' });
      expect(names(october.data)).toEqual(['Wei Chen', 'Maria Garcia']);
    });

    it('honours limit and says when more may exist', async () => {
      const result = await h.call(searchContacts, { limit: 2 });
      expect(result.data).toMatchObject({ count: 2, limitReached: true });
    });

    it('rejects a query longer than the platform allows before calling it', async () => {
      const result = await h.call(searchContacts, { query: 'x'.repeat(80) });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('query');
      expect(h.fake.requests).toHaveLength(0);
    });
  });

  describe('ghl_get_contact', () => {
    it('reads a contact', async () => {
      const result = await h.call(getContact, { contactId: JANE });
      expect(result.data.contact).toMatchObject({ id: JANE, email: 'jane.doe@example.com', tags: ['vip', 'new-patient'] });
    });

    it('reports an unknown id as not found', async () => {
      const result = await h.call(getContact, { contactId: 'nope' });
      expect(result).toMatchObject({ isError: true, code: 'not_found' });
      expect(result.text).toContain('Contact not found');
    });

    it("refuses another sub-account's contact with the platform's 403", async () => {
      const result = await h.call(getContact, { contactId: OTHER_LOCATION_CONTACT });
      expect(result).toMatchObject({ isError: true, code: 'permission_denied' });
      expect(result.text).toContain('does not have access to this location');
    });
  });

  describe('ghl_create_contact', () => {
    it('creates a contact in the configured location', async () => {
      const result = await h.call(createContact, { firstName: 'Lena', lastName: 'Park', email: 'lena@example.com', tags: ['web'] });
      const contact = result.data.contact as { id: string; name: string };
      expect(contact.name).toBe('Lena Park');
      expect(h.fake.state.contacts.find((c) => c.id === contact.id)?.locationId).toBe(h.fake.locationId);
    });

    it('lists every 422 message from the platform in the tool error', async () => {
      const result = await h.call(createContact, { firstName: 'Bad', email: 'not-an-email', phone: 'call me' });
      expect(result).toMatchObject({ isError: true, code: 'validation_failed' });
      expect(result.text).toContain('email: must be an email');
      expect(result.text).toContain('phone: must be a valid phone number');
    });

    it('reports a duplicate as a conflict that names the existing contact', async () => {
      const result = await h.call(createContact, { firstName: 'Jane', email: 'jane.doe@example.com' });
      expect(result).toMatchObject({ isError: true, code: 'conflict' });
      expect(result.text).toContain(JANE);
      expect(result.text).toContain('ghl_upsert_contact');
    });
  });

  describe('ghl_update_contact', () => {
    it('changes only the given fields', async () => {
      const result = await h.call(updateContact, { contactId: JANE, city: 'Somerville', dnd: false });
      expect(result.data.contact).toMatchObject({ city: 'Somerville', dnd: false, email: 'jane.doe@example.com' });
      expect(h.fake.requests.at(-1)!.body).toEqual({ city: 'Somerville', dnd: false });
    });

    it('never sends companyName, which UpdateContactDto lacks and the platform refuses', async () => {
      expect(updateContact.input.shape).not.toHaveProperty('companyName');
      await expect(h.client.updateContact(JANE, { companyName: 'Doe Studio' })).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'companyName', message: 'should not exist (the API does not take this field)' }],
      });
    });

    it('fails on an unknown contact', async () => {
      expect(await h.call(updateContact, { contactId: 'missing', city: 'Paris' })).toMatchObject({ isError: true, code: 'not_found' });
    });
  });

  describe('ghl_upsert_contact', () => {
    it('updates the contact with the same email and merges tags', async () => {
      const result = await h.call(upsertContact, { email: 'jane.doe@example.com', city: 'Cambridge', tags: ['upserted'] });
      expect(result.data.created).toBe(false);
      expect(result.data.contact).toMatchObject({ id: JANE, city: 'Cambridge', tags: ['vip', 'new-patient', 'upserted'] });
    });

    it('matches by phone when the email is new, and creates when nothing matches', async () => {
      const byPhone = await h.call(upsertContact, { phone: '+16175550102', firstName: 'Johnny' });
      expect(byPhone.data).toMatchObject({ created: false, contact: { id: 'ContactJohnSmith0002' } });
      const fresh = await h.call(upsertContact, { email: 'new.person@example.com', firstName: 'New' });
      expect(fresh.data.created).toBe(true);
    });

    it('needs an email or a phone', async () => {
      const result = await h.call(upsertContact, { firstName: 'Nobody' });
      expect(result).toMatchObject({ isError: true, code: 'validation_failed' });
      expect(result.text).toContain('email or phone is required');
    });
  });

  describe('ghl_delete_contact', () => {
    it('deletes a contact', async () => {
      expect((await h.call(deleteContact, { contactId: JANE })).data).toEqual({ deleted: true, contactId: JANE });
      expect(await h.call(getContact, { contactId: JANE })).toMatchObject({ isError: true, code: 'not_found' });
    });

    it("cannot delete another sub-account's contact", async () => {
      expect(await h.call(deleteContact, { contactId: OTHER_LOCATION_CONTACT })).toMatchObject({ code: 'permission_denied' });
      expect(h.fake.state.contacts.some((c) => c.id === OTHER_LOCATION_CONTACT)).toBe(true);
    });
  });

  describe('tags', () => {
    it('adds and removes tags', async () => {
      const added = await h.call(addContactTags, { contactId: JANE, tags: ['follow-up'] });
      expect(added.data.tags).toEqual(['vip', 'new-patient', 'follow-up']);
      const removed = await h.call(removeContactTags, { contactId: JANE, tags: ['vip'] });
      expect(removed.data.tags).toEqual(['new-patient', 'follow-up']);
    });

    it('fails for an unknown contact and for an empty tag list', async () => {
      expect(await h.call(addContactTags, { contactId: 'missing', tags: ['x'] })).toMatchObject({ code: 'not_found' });
      expect(await h.call(removeContactTags, { contactId: 'missing', tags: ['x'] })).toMatchObject({ code: 'not_found' });
      expect(await h.call(addContactTags, { contactId: JANE, tags: [] })).toMatchObject({ code: 'validation_failed' });
    });
  });

  describe('notes and tasks', () => {
    it('lists and adds notes', async () => {
      const before = await h.call(listContactNotes, { contactId: JANE });
      expect(before.data.notes).toHaveLength(1);
      const added = await h.call(addContactNote, { contactId: JANE, body: 'Asked about Saturday hours.' });
      expect(added.data.note).toMatchObject({ body: 'Asked about Saturday hours.' });
      expect((await h.call(listContactNotes, { contactId: JANE })).data.notes).toHaveLength(2);
    });

    it('fails to add a note to an unknown contact or list its notes', async () => {
      expect(await h.call(addContactNote, { contactId: 'missing', body: 'x' })).toMatchObject({ code: 'not_found' });
      expect(await h.call(listContactNotes, { contactId: 'missing' })).toMatchObject({ code: 'not_found' });
    });

    it('lists tasks with their completion state', async () => {
      const result = await h.call(listContactTasks, { contactId: 'ContactMariaGarcia03' });
      expect(result.data.tasks).toEqual([
        expect.objectContaining({ title: 'Send new-patient forms', completed: true, assignedTo: 'UserSamLee0000000002' }),
      ]);
    });

    it('fails to list tasks of another sub-account', async () => {
      expect(await h.call(listContactTasks, { contactId: OTHER_LOCATION_CONTACT })).toMatchObject({ code: 'permission_denied' });
    });
  });
});

const JANE_TASK = 'TaskCallJaneBack0001';
const ALEX = 'UserAlexRivera000001';

describe('contact task writing tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

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
});
