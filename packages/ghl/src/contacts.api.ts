import type { GhlClient } from './client.js';
import { paginate, type ListOptions } from './paginate.js';
import type { GhlContact, GhlContactInput, GhlContactSearch, GhlNote, GhlTask, GhlTaskInput } from './types.js';

// Contacts API, Version 2021-07-28.

/** Search Contacts (POST /contacts/search), paged with page/pageLimit until `total`. */
export function searchContacts(client: GhlClient, search: GhlContactSearch = {}, options: ListOptions = {}): AsyncGenerator<GhlContact> {
  return paginate<GhlContact, number>(
    async (page = 1, pageLimit) => {
      const body = await client.request<{ contacts: GhlContact[]; total: number }>('POST', '/contacts/search', {
        json: { locationId: client.locationId, page, pageLimit, ...search },
        signal: options.signal,
        readOnly: true,
      });
      const contacts = body.contacts ?? [];
      const more = contacts.length === pageLimit && page * pageLimit < (body.total ?? 0);
      return { items: contacts, next: more ? page + 1 : undefined, total: body.total };
    },
    { limit: options.limit, pageSize: 100, onPage: options.onPage },
  );
}

/** Get Contact (GET /contacts/{contactId}). */
export async function getContact(client: GhlClient, contactId: string, signal?: AbortSignal): Promise<GhlContact> {
  return (await client.request<{ contact: GhlContact }>('GET', '/contacts/{contactId}', { params: { contactId }, signal })).contact;
}

/** Create Contact (POST /contacts/) in the client's location. */
export async function createContact(client: GhlClient, input: GhlContactInput, signal?: AbortSignal): Promise<GhlContact> {
  const json = { ...input, locationId: client.locationId };
  return (await client.request<{ contact: GhlContact }>('POST', '/contacts/', { json, signal })).contact;
}

/** Update Contact (PUT /contacts/{contactId}); UpdateContactDto has no companyName. */
export async function updateContact(client: GhlClient, contactId: string, input: GhlContactInput, signal?: AbortSignal): Promise<GhlContact> {
  return (await client.request<{ contact: GhlContact }>('PUT', '/contacts/{contactId}', { params: { contactId }, json: input, signal })).contact;
}

/** Upsert Contact (POST /contacts/upsert): GoHighLevel finds a duplicate by email or phone (per the location's duplicate settings). */
export async function upsertContact(client: GhlClient, input: GhlContactInput, signal?: AbortSignal): Promise<{ new: boolean; contact: GhlContact }> {
  const json = { ...input, locationId: client.locationId };
  const body = await client.request<{ new: boolean; contact: GhlContact }>('POST', '/contacts/upsert', { json, signal });
  return { new: Boolean(body.new), contact: body.contact };
}

/** Delete Contact (DELETE /contacts/{contactId}); true when the platform confirms. */
export async function deleteContact(client: GhlClient, contactId: string, signal?: AbortSignal): Promise<boolean> {
  // `succeded` is the platform's spelling.
  return Boolean((await client.request<{ succeded?: boolean }>('DELETE', '/contacts/{contactId}', { params: { contactId }, signal })).succeded);
}

/** Add Tags (POST /contacts/{contactId}/tags); returns every tag of the contact afterwards. */
export async function addContactTags(client: GhlClient, contactId: string, tags: string[], signal?: AbortSignal): Promise<string[]> {
  const body = await client.request<{ tags: string[] }>('POST', '/contacts/{contactId}/tags', { params: { contactId }, json: { tags }, signal });
  return body.tags ?? [];
}

/** Remove Tags (DELETE /contacts/{contactId}/tags, with a body); returns the tags left. */
export async function removeContactTags(client: GhlClient, contactId: string, tags: string[], signal?: AbortSignal): Promise<string[]> {
  const body = await client.request<{ tags: string[] }>('DELETE', '/contacts/{contactId}/tags', { params: { contactId }, json: { tags }, signal });
  return body.tags ?? [];
}

/** Get all Notes (GET /contacts/{contactId}/notes). */
export async function listContactNotes(client: GhlClient, contactId: string, signal?: AbortSignal): Promise<GhlNote[]> {
  return (await client.request<{ notes: GhlNote[] }>('GET', '/contacts/{contactId}/notes', { params: { contactId }, signal })).notes ?? [];
}

/** Create Note (POST /contacts/{contactId}/notes). */
export async function addContactNote(client: GhlClient, contactId: string, note: { body: string; userId?: string }, signal?: AbortSignal): Promise<GhlNote> {
  return (await client.request<{ note: GhlNote }>('POST', '/contacts/{contactId}/notes', { params: { contactId }, json: note, signal })).note;
}

/** Get all Tasks (GET /contacts/{contactId}/tasks). */
export async function listContactTasks(client: GhlClient, contactId: string, signal?: AbortSignal): Promise<GhlTask[]> {
  return (await client.request<{ tasks: GhlTask[] }>('GET', '/contacts/{contactId}/tasks', { params: { contactId }, signal })).tasks ?? [];
}

/** Create Task (POST /contacts/{contactId}/tasks). */
export async function createContactTask(client: GhlClient, contactId: string, input: GhlTaskInput, signal?: AbortSignal): Promise<GhlTask> {
  return (await client.request<{ task: GhlTask }>('POST', '/contacts/{contactId}/tasks', { params: { contactId }, json: input, signal })).task;
}

/** Update Task Completed (PUT /contacts/{contactId}/tasks/{taskId}/completed). */
export async function setContactTaskCompleted(
  client: GhlClient,
  contactId: string,
  taskId: string,
  completed: boolean,
  signal?: AbortSignal,
): Promise<GhlTask> {
  const path = '/contacts/{contactId}/tasks/{taskId}/completed';
  return (await client.request<{ task: GhlTask }>('PUT', path, { params: { contactId, taskId }, json: { completed }, signal })).task;
}
