import type { ProgressReporter, ToolCachePolicy } from '@enterprise-mcp/core';
import { z } from 'zod';
import type { PageListener } from './paginate.js';
import type { GhlContact, GhlContactInput, GhlNote, GhlTask } from './types.js';

/** Reads of a sub-account's set-up (pipelines, calendars, fields, users) change rarely: answers may be reused for a while. */
export const SETUP_CACHE: ToolCachePolicy = { ttlSeconds: 300 };

/**
 * Reports each page of a long read as progress: the items read so far, out of
 * the platform's total (or the limit, whichever is smaller).
 */
export function pageProgress(progress: ProgressReporter, limit: number, noun: string): PageListener {
  return ({ fetched, total }) => progress({ progress: fetched, total: Math.min(limit, total ?? limit), message: `${fetched} ${noun} read` });
}

/** Drops null and undefined fields, so outputs match schemas whose fields are optional. */
export function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as never;
}

export const limitInput = (fallback: number, max: number) =>
  z.number().int().min(1).max(max).default(fallback).describe(`Most results to return (1-${max}, default ${fallback}); pages are fetched as needed`);

export const contactIdInput = z.string().min(1).describe('GoHighLevel contact id (from ghl_search_contacts)');

export const contactSchema = z.object({
  id: z.string().describe('Contact id'),
  name: z.string().optional().describe('Full name'),
  firstName: z.string().optional().describe('First name'),
  lastName: z.string().optional().describe('Last name'),
  email: z.string().optional().describe('Primary email'),
  phone: z.string().optional().describe('Primary phone, E.164'),
  companyName: z.string().optional().describe('Company'),
  tags: z.array(z.string()).describe('Tags on the contact'),
  assignedTo: z.string().optional().describe('User id of the owner'),
  source: z.string().optional().describe('Where the contact came from'),
  type: z.string().optional().describe('lead or customer'),
  timezone: z.string().optional().describe('IANA timezone of the contact'),
  dnd: z.boolean().optional().describe('Do-not-disturb: true means no messages may be sent'),
  address1: z.string().optional().describe('Street address'),
  city: z.string().optional().describe('City'),
  state: z.string().optional().describe('State or region'),
  postalCode: z.string().optional().describe('Postal code'),
  country: z.string().optional().describe('Country code'),
  website: z.string().optional().describe('Website'),
  dateOfBirth: z.string().optional().describe('Date of birth'),
  dateAdded: z.string().optional().describe('When the contact was created (ISO 8601)'),
  dateUpdated: z.string().optional().describe('When the contact last changed (ISO 8601)'),
});

export function toContact(contact: GhlContact): z.input<typeof contactSchema> {
  return compact({
    id: contact.id,
    name: contact.name ?? ([contact.firstName, contact.lastName].filter(Boolean).join(' ') || undefined),
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    companyName: contact.companyName,
    tags: contact.tags ?? [],
    assignedTo: contact.assignedTo,
    source: contact.source,
    type: contact.type,
    timezone: contact.timezone,
    dnd: contact.dnd,
    address1: contact.address1,
    city: contact.city,
    state: contact.state,
    postalCode: contact.postalCode,
    country: contact.country,
    website: contact.website,
    dateOfBirth: contact.dateOfBirth,
    dateAdded: contact.dateAdded,
    dateUpdated: contact.dateUpdated,
  });
}

/** The writable contact fields every contact-writing tool accepts. */
export const contactFieldsInput = {
  firstName: z.string().optional().describe('First name'),
  lastName: z.string().optional().describe('Last name'),
  name: z.string().optional().describe('Full name, when first and last name are not known separately'),
  email: z.string().optional().describe('Email address'),
  phone: z.string().optional().describe('Phone number in E.164 form, e.g. +14155550123'),
  companyName: z.string().optional().describe('Company name'),
  address1: z.string().optional().describe('Street address'),
  city: z.string().optional().describe('City'),
  state: z.string().optional().describe('State or region'),
  postalCode: z.string().optional().describe('Postal code'),
  country: z.string().optional().describe('Two-letter country code, e.g. US'),
  website: z.string().optional().describe('Website URL'),
  timezone: z.string().optional().describe('IANA timezone, e.g. America/New_York'),
  source: z.string().optional().describe('Lead source, e.g. "website form"'),
  assignedTo: z.string().optional().describe('User id of the owner (from ghl_list_users)'),
  dnd: z.boolean().optional().describe('Do-not-disturb for all channels'),
  dateOfBirth: z.string().optional().describe('Date of birth, YYYY-MM-DD'),
  customFields: z
    .array(
      z.object({
        id: z.string().describe('Custom field id (from ghl_list_custom_fields)'),
        value: z
          .union([z.string(), z.number(), z.array(z.string())])
          .describe('Value: text or the chosen option, a number for numeric and money fields, a list of options for checkbox and multi-select fields'),
      }),
    )
    .optional()
    .describe('Custom field values, by field id'),
};

type ContactFields = { [K in keyof typeof contactFieldsInput]?: z.output<(typeof contactFieldsInput)[K]> } & { tags?: string[] };

/** Tool input to the platform's contact body (custom fields use `field_value`). */
export function toContactInput(fields: ContactFields): GhlContactInput {
  const { customFields, ...rest } = fields;
  return compact({
    ...rest,
    customFields: customFields?.map((f) => ({ id: f.id, field_value: f.value })),
  }) as GhlContactInput;
}

export const noteSchema = z.object({
  id: z.string().describe('Note id'),
  body: z.string().describe('Note text'),
  userId: z.string().optional().describe('User who wrote it'),
  dateAdded: z.string().optional().describe('When it was written (ISO 8601)'),
});

export function toNote(note: GhlNote): z.input<typeof noteSchema> {
  return compact({ id: note.id, body: note.body, userId: note.userId, dateAdded: note.dateAdded });
}

export const taskSchema = z.object({
  id: z.string().describe('Task id'),
  title: z.string().describe('Task title'),
  body: z.string().optional().describe('Details'),
  assignedTo: z.string().optional().describe('User id responsible'),
  dueDate: z.string().optional().describe('Due date (ISO 8601)'),
  completed: z.boolean().describe('Whether the task is done'),
});

export function toTask(task: GhlTask): z.input<typeof taskSchema> {
  return compact({
    id: task.id,
    title: task.title,
    body: task.body,
    assignedTo: task.assignedTo,
    dueDate: task.dueDate,
    completed: Boolean(task.completed),
  });
}
