import { z } from 'zod';
import {
  addContactNote,
  addContactTags,
  createContact,
  createContactTask,
  deleteContact,
  getContact,
  listContactNotes,
  listContactTasks,
  removeContactTags,
  searchContacts,
  setContactTaskCompleted,
  updateContact,
  upsertContact,
} from './contacts.api.js';
import { take } from './paginate.js';
import {
  contactFieldsInput,
  contactIdInput,
  contactSchema,
  limitInput,
  noteSchema,
  pageProgress,
  taskSchema,
  toContact,
  toContactInput,
  toNote,
  toTask,
} from './schemas.js';
import { ghlTool } from './tool.js';
import type { GhlContactSearch, GhlSearchFilter } from './types.js';

const contactResult = z.object({ contact: contactSchema });

// UpdateContactDto (PUT /contacts/{contactId}) has no companyName: the platform answers 422
// `property companyName should not exist`. Create and upsert take it.
const { companyName: _companyName, ...updateContactFields } = contactFieldsInput;

const searchContactsInput = {
  query: z.string().max(75).optional().describe('Free text matched against name, email, phone, company and tags (max 75 characters)'),
  tags: z.array(z.string()).optional().describe('Only contacts that carry every one of these tags'),
  email: z.string().optional().describe('Only the contact with exactly this email (case-insensitive)'),
  phone: z.string().optional().describe('Only the contact with this phone number, E.164 form preferred'),
  assignedTo: z.string().optional().describe('Only contacts owned by this user id'),
  dateAddedFrom: z.iso.datetime({ offset: true }).optional().describe('Only contacts added at or after this time (ISO 8601)'),
  dateAddedTo: z.iso.datetime({ offset: true }).optional().describe('Only contacts added at or before this time (ISO 8601)'),
  limit: limitInput(20, 500),
};

const searchContactsOutput = {
  contacts: z.array(contactSchema).describe('Matching contacts, newest first'),
  count: z.number().describe('How many contacts are returned'),
  limitReached: z.boolean().describe('True when there may be more matches than returned; raise limit or narrow the search'),
};

export const searchContactsTool = ghlTool({
  name: 'ghl_search_contacts',
  title: 'Search contacts',
  description:
    'Finds contacts in the GoHighLevel sub-account by free text (name, email, phone, company, tags) and/or exact filters: tags, email, phone, owner and the date they were added. ' +
    'Use it to find a contact id before reading, updating or messaging a contact. Returns contacts newest first.',
  input: z.object(searchContactsInput),
  output: z.object(searchContactsOutput),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const onPage = pageProgress(ctx.progress, input.limit, 'contacts');
    const contacts = await take(searchContacts(ctx.client, contactSearchOf(input), { limit: input.limit, signal: ctx.signal, onPage }), input.limit);
    return { contacts: contacts.map(toContact), count: contacts.length, limitReached: contacts.length >= input.limit };
  },
});

function contactSearchOf(input: {
  query?: string;
  tags?: string[];
  email?: string;
  phone?: string;
  assignedTo?: string;
  dateAddedFrom?: string;
  dateAddedTo?: string;
}): GhlContactSearch {
  const filters: GhlSearchFilter[] = [];
  for (const tag of input.tags ?? []) filters.push({ field: 'tags', operator: 'eq', value: tag });
  if (input.email) filters.push({ field: 'email', operator: 'eq', value: input.email });
  if (input.phone) filters.push({ field: 'phone', operator: 'eq', value: input.phone });
  if (input.assignedTo) filters.push({ field: 'assignedTo', operator: 'eq', value: input.assignedTo });
  if (input.dateAddedFrom || input.dateAddedTo) {
    const range: Record<string, string> = {};
    if (input.dateAddedFrom) range.gte = input.dateAddedFrom;
    if (input.dateAddedTo) range.lte = input.dateAddedTo;
    filters.push({ field: 'dateAdded', operator: 'range', value: range });
  }
  return {
    ...(input.query ? { query: input.query } : {}),
    ...(filters.length ? { filters } : {}),
    sort: [{ field: 'dateAdded', direction: 'desc' }],
  };
}

export const getContactTool = ghlTool({
  name: 'ghl_get_contact',
  title: 'Get a contact',
  description: 'Reads one contact by id: name, email, phone, company, tags, owner, address and dates.',
  input: z.object({ contactId: contactIdInput }),
  output: contactResult,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    contact: toContact(await getContact(ctx.client, input.contactId, ctx.signal)),
  }),
});

export const createContactTool = ghlTool({
  name: 'ghl_create_contact',
  title: 'Create a contact',
  description:
    'Creates a new contact in the sub-account. Fails with a conflict naming the existing contact when the email or phone is already used; ' +
    'use ghl_upsert_contact to create-or-update by email/phone instead.',
  input: z.object({ ...contactFieldsInput, tags: z.array(z.string()).optional().describe('Tags to put on the new contact') }),
  output: contactResult,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => ({
    contact: toContact(await createContact(ctx.client, toContactInput(input), ctx.signal)),
  }),
});

export const updateContactTool = ghlTool({
  name: 'ghl_update_contact',
  title: 'Update a contact',
  description:
    'Changes fields of an existing contact; fields left out stay as they are. The company name cannot be changed through the API once the contact exists. Passing tags replaces all tags: ' +
    'use ghl_add_contact_tags or ghl_remove_contact_tags to change only some.',
  input: z.object({
    contactId: contactIdInput,
    ...updateContactFields,
    tags: z.array(z.string()).optional().describe('The complete new tag list (replaces every existing tag)'),
  }),
  output: contactResult,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ contactId, ...fields }, ctx) => ({
    contact: toContact(await updateContact(ctx.client, contactId, toContactInput(fields), ctx.signal)),
  }),
});

export const upsertContactTool = ghlTool({
  name: 'ghl_upsert_contact',
  title: 'Create or update a contact by email/phone',
  description:
    'Creates a contact, or updates the existing one that has the same email (checked first) or phone, following the sub-account duplicate settings. ' +
    'Needs an email or a phone. Tags given are added to existing ones. Returns whether a new contact was created.',
  input: z.object({ ...contactFieldsInput, tags: z.array(z.string()).optional().describe('Tags to add to the contact') }),
  output: z.object({ created: z.boolean().describe('True when a new contact was created, false when an existing one was updated'), contact: contactSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const result = await upsertContact(ctx.client, toContactInput(input), ctx.signal);
    return { created: result.new, contact: toContact(result.contact) };
  },
});

export const deleteContactTool = ghlTool({
  name: 'ghl_delete_contact',
  title: 'Delete a contact',
  description: 'Permanently deletes a contact with its notes and tasks. This cannot be undone; confirm with the user first.',
  input: z.object({ contactId: contactIdInput }),
  output: z.object({ deleted: z.boolean().describe('True when GoHighLevel confirmed the deletion'), contactId: z.string().describe('The deleted contact id') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    deleted: await deleteContact(ctx.client, input.contactId, ctx.signal),
    contactId: input.contactId,
  }),
});

const tagsInput = z.array(z.string().min(1)).min(1).describe('Tag names, e.g. ["vip", "follow-up"]');
const tagsOutput = z.object({ contactId: z.string().describe('Contact id'), tags: z.array(z.string()).describe('All tags on the contact afterwards') });

export const addContactTagsTool = ghlTool({
  name: 'ghl_add_contact_tags',
  title: 'Add tags to a contact',
  description: 'Adds tags to a contact, keeping its other tags. Tags drive GoHighLevel workflows, so adding one may start automations.',
  input: z.object({ contactId: contactIdInput, tags: tagsInput }),
  output: tagsOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    contactId: input.contactId,
    tags: await addContactTags(ctx.client, input.contactId, input.tags, ctx.signal),
  }),
});

export const removeContactTagsTool = ghlTool({
  name: 'ghl_remove_contact_tags',
  title: 'Remove tags from a contact',
  description: 'Removes the given tags from a contact; other tags stay.',
  input: z.object({ contactId: contactIdInput, tags: tagsInput }),
  output: tagsOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    contactId: input.contactId,
    tags: await removeContactTags(ctx.client, input.contactId, input.tags, ctx.signal),
  }),
});

export const listContactNotesTool = ghlTool({
  name: 'ghl_list_contact_notes',
  title: 'List notes of a contact',
  description: 'Reads the notes staff wrote on a contact (call summaries, preferences, context).',
  input: z.object({ contactId: contactIdInput }),
  output: z.object({ notes: z.array(noteSchema).describe('Notes on the contact') }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    notes: (await listContactNotes(ctx.client, input.contactId, ctx.signal)).map(toNote),
  }),
});

export const addContactNoteTool = ghlTool({
  name: 'ghl_add_contact_note',
  title: 'Add a note to a contact',
  description: 'Writes a note on a contact, visible to the team in GoHighLevel. Use it to record what was discussed or decided.',
  input: z.object({
    contactId: contactIdInput,
    body: z.string().min(1).describe('The note text'),
    userId: z.string().optional().describe('User id to show as the author (from ghl_list_users)'),
  }),
  output: z.object({ note: noteSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => ({
    note: toNote(await addContactNote(ctx.client, input.contactId, compactNote(input), ctx.signal)),
  }),
});

function compactNote(input: { body: string; userId?: string }) {
  return input.userId ? { body: input.body, userId: input.userId } : { body: input.body };
}

export const listContactTasksTool = ghlTool({
  name: 'ghl_list_contact_tasks',
  title: 'List tasks of a contact',
  description: 'Reads the follow-up tasks on a contact: title, owner, due date and whether each is done.',
  input: z.object({ contactId: contactIdInput }),
  output: z.object({ tasks: z.array(taskSchema).describe('Tasks on the contact') }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    tasks: (await listContactTasks(ctx.client, input.contactId, ctx.signal)).map(toTask),
  }),
});

const taskIdInput = z.string().min(1).describe('Task id (from ghl_list_contact_tasks or ghl_create_contact_task)');

export const createContactTaskTool = ghlTool({
  name: 'ghl_create_contact_task',
  title: 'Create a task on a contact',
  description:
    'Creates a follow-up task on a contact with a title and a due date, optionally assigned to a user. ' +
    'The task starts open; close it with ghl_complete_contact_task.',
  input: z.object({
    contactId: contactIdInput,
    title: z.string().min(1).describe('What needs doing, e.g. "Call back about the quote"'),
    dueDate: z.iso.datetime({ offset: true }).describe('When it is due (ISO 8601 with offset, e.g. 2026-12-01T15:00:00Z)'),
    body: z.string().optional().describe('Details of the task'),
    assignedTo: z.string().optional().describe('User id responsible for it (from ghl_list_users)'),
  }),
  output: z.object({ task: taskSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async ({ contactId, title, dueDate, body, assignedTo }, ctx) => ({
    task: toTask(
      await createContactTask(
        ctx.client,
        contactId,
        { title, dueDate, completed: false, ...(body ? { body } : {}), ...(assignedTo ? { assignedTo } : {}) },
        ctx.signal,
      ),
    ),
  }),
});

export const completeContactTaskTool = ghlTool({
  name: 'ghl_complete_contact_task',
  title: 'Complete a task on a contact',
  description: 'Marks a task of a contact as done, or open again with completed: false.',
  input: z.object({
    contactId: contactIdInput,
    taskId: taskIdInput,
    completed: z.boolean().default(true).describe('true marks the task done (default); false reopens it'),
  }),
  output: z.object({ task: taskSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    task: toTask(await setContactTaskCompleted(ctx.client, input.contactId, input.taskId, input.completed, ctx.signal)),
  }),
});

export const contactTools = [
  searchContactsTool,
  getContactTool,
  createContactTool,
  updateContactTool,
  upsertContactTool,
  deleteContactTool,
  addContactTagsTool,
  removeContactTagsTool,
  listContactNotesTool,
  addContactNoteTool,
  listContactTasksTool,
  createContactTaskTool,
  completeContactTaskTool,
];
