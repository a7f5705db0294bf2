import type { GhlClient } from './client.js';
import type { GhlTask, GhlTaskInput } from './types.js';

// Contacts API (Version 2021-07-28) calls added beside contacts.tools.ts; the older ones are still
// methods of GhlClient.

const enc = encodeURIComponent;

/** Create Task (POST /contacts/{contactId}/tasks). */
export async function createContactTask(client: GhlClient, contactId: string, input: GhlTaskInput, signal?: AbortSignal): Promise<GhlTask> {
  return (await client.request<{ task: GhlTask }>('POST', `/contacts/${enc(contactId)}/tasks`, { json: input, signal })).task;
}

/** Update Task Completed (PUT /contacts/{contactId}/tasks/{taskId}/completed). */
export async function setContactTaskCompleted(
  client: GhlClient,
  contactId: string,
  taskId: string,
  completed: boolean,
  signal?: AbortSignal,
): Promise<GhlTask> {
  const path = `/contacts/${enc(contactId)}/tasks/${enc(taskId)}/completed`;
  return (await client.request<{ task: GhlTask }>('PUT', path, { json: { completed }, signal })).task;
}
