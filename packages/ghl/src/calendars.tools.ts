import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import {
  addAppointmentNote,
  createAppointment,
  getFreeSlots,
  listAppointmentNotes,
  listCalendarEvents,
  listCalendars,
  updateAppointment,
} from './calendars.api.js';
import { take } from './paginate.js';
import { compact, limitInput, pageProgress, SETUP_CACHE } from './schemas.js';
import { ghlTool } from './tool.js';
import type { GhlAppointmentNote, GhlCalendarEvent } from './types.js';

const DAY_MS = 86_400_000;
const isoInstant = z.iso.datetime({ offset: true });
const dateOrInstant = z.union([z.iso.date(), isoInstant]);
const eventIdInput = z.string().min(1).describe('Appointment (event) id, from ghl_list_appointments or ghl_create_appointment');

export const appointmentSchema = z.object({
  id: z.string().describe('Appointment (event) id'),
  calendarId: z.string().describe('Calendar id'),
  contactId: z.string().optional().describe('Contact booked'),
  title: z.string().optional().describe('Title'),
  status: z.string().optional().describe('new, confirmed, cancelled, showed, noshow or invalid'),
  assignedUserId: z.string().optional().describe('User who holds the appointment'),
  address: z.string().optional().describe('Meeting address or link'),
  startTime: z.string().describe('Start (ISO 8601)'),
  endTime: z.string().optional().describe('End (ISO 8601)'),
});

export function toAppointment(e: GhlCalendarEvent): z.input<typeof appointmentSchema> {
  return compact({
    id: e.id,
    calendarId: e.calendarId,
    contactId: e.contactId,
    title: e.title,
    status: e.appointmentStatus,
    assignedUserId: e.assignedUserId,
    address: e.address,
    startTime: String(e.startTime),
    endTime: e.endTime === undefined ? undefined : String(e.endTime),
  });
}

/** A date alone means the whole day (UTC); an instant is taken as given. */
function rangeOf(start: string, end: string): { start: number; end: number } {
  const from = Date.parse(start.length === 10 ? `${start}T00:00:00Z` : start);
  const to = end.length === 10 ? Date.parse(`${end}T00:00:00Z`) + DAY_MS - 1 : Date.parse(end);
  if (to < from) throw new ValidationError('The range ends before it starts', [{ path: 'endDate', message: 'must not be before the start' }]);
  return { start: from, end: to };
}

export const listCalendarsTool = ghlTool({
  name: 'ghl_list_calendars',
  title: 'List calendars',
  description: 'Lists the booking calendars of the sub-account with their slot length. Use it to find a calendar id for free slots and bookings.',
  input: z.object({}),
  output: z.object({
    calendars: z
      .array(
        z.object({
          id: z.string().describe('Calendar id'),
          name: z.string().describe('Calendar name'),
          description: z.string().optional().describe('What the calendar is for'),
          calendarType: z.string().optional().describe('event, round_robin, class_booking, collective, service_booking or personal'),
          slotDurationMinutes: z.number().optional().describe('Length of one booking slot in minutes'),
          isActive: z.boolean().optional().describe('Whether bookings are open'),
        }),
      )
      .describe('Calendars'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: SETUP_CACHE,
  handler: async (_input, ctx) => ({
    calendars: (await listCalendars(ctx.client, ctx.signal)).map((c) =>
      compact({
        id: c.id,
        name: c.name,
        description: c.description,
        calendarType: c.calendarType,
        slotDurationMinutes: c.slotDuration === undefined ? undefined : c.slotDuration * (c.slotDurationUnit === 'hours' ? 60 : 1),
        isActive: c.isActive,
      }),
    ),
  }),
});

export const getFreeSlotsTool = ghlTool({
  name: 'ghl_get_free_slots',
  title: 'Get free appointment slots',
  description:
    'Lists bookable start times of a calendar between two dates (at most 31 days), in the timezone asked for. Call it before ghl_create_appointment and offer the user real slots.',
  input: z.object({
    calendarId: z.string().min(1).describe('Calendar id (from ghl_list_calendars)'),
    startDate: dateOrInstant.describe('First day (YYYY-MM-DD) or instant (ISO 8601) of the range'),
    endDate: dateOrInstant.describe('Last day (YYYY-MM-DD, inclusive) or instant of the range; at most 31 days after the start'),
    timezone: z.string().optional().describe("IANA timezone for the returned times, e.g. America/New_York; default the sub-account's"),
    userId: z.string().optional().describe('Only slots of this team member (round-robin calendars)'),
  }),
  output: z.object({
    calendarId: z.string().describe('Calendar id'),
    timezone: z.string().optional().describe('Timezone of the times, when one was asked for'),
    days: z.array(z.object({ date: z.string().describe('Day, YYYY-MM-DD'), slots: z.array(z.string()).describe('Start times, ISO 8601 with offset') })).describe('Days with free slots'),
    slotCount: z.number().describe('Total free slots'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const range = rangeOf(input.startDate, input.endDate);
    const slots = await getFreeSlots(
      ctx.client,
      input.calendarId,
      { startDate: range.start, endDate: range.end, timezone: input.timezone, userId: input.userId },
      ctx.signal,
    );
    const days = Object.entries(slots)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, times]) => ({ date, slots: times }));
    return compact({ calendarId: input.calendarId, timezone: input.timezone, days, slotCount: days.reduce((n, d) => n + d.slots.length, 0) });
  },
});

export const listAppointmentsTool = ghlTool({
  name: 'ghl_list_appointments',
  title: 'List appointments',
  description:
    'Lists appointments (calendar events) between two dates, for one calendar, one team member, or every calendar of the sub-account when neither is given. Sorted by start time.',
  input: z.object({
    startDate: dateOrInstant.describe('First day (YYYY-MM-DD) or instant (ISO 8601)'),
    endDate: dateOrInstant.describe('Last day (YYYY-MM-DD, inclusive) or instant'),
    calendarId: z.string().optional().describe('Only this calendar'),
    userId: z.string().optional().describe('Only appointments held by this user id'),
    includeCancelled: z.boolean().default(false).describe('Also list cancelled appointments'),
  }),
  output: z.object({ appointments: z.array(appointmentSchema).describe('Appointments by start time'), count: z.number().describe('How many') }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const range = rangeOf(input.startDate, input.endDate);
    const window = { startTime: range.start, endTime: range.end };
    const scopes =
      input.calendarId || input.userId
        ? [{ calendarId: input.calendarId, userId: input.userId }]
        : (await listCalendars(ctx.client, ctx.signal)).map((c) => ({ calendarId: c.id }));
    const events = (await Promise.all(scopes.map((scope) => listCalendarEvents(ctx.client, compact({ ...scope, ...window }), ctx.signal)))).flat();
    const appointments = events
      .filter((e) => input.includeCancelled || e.appointmentStatus !== 'cancelled')
      .sort((a, b) => Date.parse(String(a.startTime)) - Date.parse(String(b.startTime)))
      .map(toAppointment);
    return { appointments, count: appointments.length };
  },
});

export const createAppointmentTool = ghlTool({
  name: 'ghl_create_appointment',
  title: 'Book an appointment',
  description:
    'Books an appointment for a contact on a calendar at a free slot (get one from ghl_get_free_slots). Fails when the slot is taken. The contact may be notified by the calendar settings.',
  input: z.object({
    calendarId: z.string().min(1).describe('Calendar id'),
    contactId: z.string().min(1).describe('Contact to book'),
    startTime: isoInstant.describe('Start, ISO 8601 with offset, e.g. 2026-12-03T10:00:00-05:00 (a slot from ghl_get_free_slots)'),
    endTime: isoInstant.optional().describe("End; default start plus the calendar's slot length"),
    title: z.string().optional().describe('Title shown on the calendar'),
    assignedUserId: z.string().optional().describe('Team member who holds the appointment'),
    address: z.string().optional().describe('Meeting address or video link'),
    status: z.enum(['new', 'confirmed']).default('confirmed').describe('Initial status; default confirmed'),
  }),
  output: z.object({ appointment: appointmentSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async ({ status, ...input }, ctx) => ({
    appointment: toAppointment(await createAppointment(ctx.client, compact({ ...input, appointmentStatus: status }), ctx.signal)),
  }),
});

export const updateAppointmentTool = ghlTool({
  name: 'ghl_update_appointment',
  title: 'Reschedule or update an appointment',
  description:
    'Moves an appointment to a new time, changes its title, holder or address, or sets its status (confirmed, showed, noshow, cancelled). Fields left out stay as they are.',
  input: z.object({
    eventId: eventIdInput,
    startTime: isoInstant.optional().describe('New start, ISO 8601 with offset; should be a free slot'),
    endTime: isoInstant.optional().describe('New end; default keeps the length'),
    title: z.string().optional().describe('New title'),
    assignedUserId: z.string().optional().describe('New holder user id'),
    address: z.string().optional().describe('New address or link'),
    status: z.enum(['new', 'confirmed', 'cancelled', 'showed', 'noshow', 'invalid']).optional().describe('New status'),
  }),
  output: z.object({ appointment: appointmentSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ eventId, status, ...changes }, ctx) => ({
    appointment: toAppointment(await updateAppointment(ctx.client, eventId, compact({ ...changes, appointmentStatus: status }), ctx.signal)),
  }),
});

export const cancelAppointmentTool = ghlTool({
  name: 'ghl_cancel_appointment',
  title: 'Cancel an appointment',
  description: 'Cancels an appointment (status cancelled); the slot becomes free again. The contact may be notified by the calendar settings.',
  input: z.object({ eventId: eventIdInput }),
  output: z.object({ appointment: appointmentSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => ({
    appointment: toAppointment(await updateAppointment(ctx.client, input.eventId, { appointmentStatus: 'cancelled' }, ctx.signal)),
  }),
});

const appointmentNoteSchema = z.object({
  id: z.string().describe('Note id'),
  body: z.string().describe('Note text'),
  userId: z.string().optional().describe('User who wrote it'),
  authorName: z.string().optional().describe('Name of that user'),
  dateAdded: z.string().optional().describe('When it was written (ISO 8601)'),
});

function toAppointmentNote(n: GhlAppointmentNote): z.input<typeof appointmentNoteSchema> {
  return compact({ id: n.id, body: n.body, userId: n.userId ?? n.createdBy?.id, authorName: n.createdBy?.name, dateAdded: n.dateAdded });
}

export const listAppointmentNotesTool = ghlTool({
  name: 'ghl_list_appointment_notes',
  title: 'List notes of an appointment',
  description: 'Reads the notes on one appointment, newest first.',
  input: z.object({ appointmentId: eventIdInput, limit: limitInput(20, 100) }),
  output: z.object({
    notes: z.array(appointmentNoteSchema).describe('Notes, newest first'),
    limitReached: z.boolean().describe('True when there may be more notes than returned'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const onPage = pageProgress(ctx.progress, input.limit, 'notes');
    const notes = await take(listAppointmentNotes(ctx.client, input.appointmentId, { limit: input.limit, signal: ctx.signal, onPage }), input.limit);
    return { notes: notes.map(toAppointmentNote), limitReached: notes.length >= input.limit };
  },
});

export const addAppointmentNoteTool = ghlTool({
  name: 'ghl_add_appointment_note',
  title: 'Add a note to an appointment',
  description: 'Writes a note on an appointment (what to prepare, what was discussed), up to 5,000 characters.',
  input: z.object({
    appointmentId: eventIdInput,
    body: z.string().min(1).max(5000).describe('The note text (at most 5,000 characters)'),
    userId: z.string().optional().describe('User id to show as the author (from ghl_list_users)'),
  }),
  output: z.object({ note: appointmentNoteSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async ({ appointmentId, body, userId }, ctx) => ({
    note: toAppointmentNote(await addAppointmentNote(ctx.client, appointmentId, { body, ...(userId ? { userId } : {}) }, ctx.signal)),
  }),
});

export const calendarTools = [
  listCalendarsTool,
  getFreeSlotsTool,
  listAppointmentsTool,
  createAppointmentTool,
  updateAppointmentTool,
  cancelAppointmentTool,
  listAppointmentNotesTool,
  addAppointmentNoteTool,
];
