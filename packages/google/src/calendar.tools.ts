import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import {
  deleteEvent,
  getEvent,
  insertEvent,
  listCalendars,
  listEvents,
  patchEvent,
  queryFreeBusy,
  type CalendarEvent,
  type EventDateTime,
} from './calendar.api.js';
import { PLATFORM } from './errors.js';
import { emailAddress, limit, untrustedText } from './schemas.js';
import { freeSlots, zonedToUtc } from './slots.js';
import { googleTool } from './tool.js';

const rfc3339 = z.iso.datetime({ offset: true, message: 'must be RFC 3339 with an offset, e.g. 2026-05-01T09:00:00-07:00 or 2026-05-01T16:00:00Z' });
const calendarId = z.string().min(1).default('primary').describe('Calendar id: "primary" (the default) or an id from google_list_calendars');
const eventId = z.string().min(1).describe('Event id from google_list_events');
const sendUpdates = z.enum(['all', 'externalOnly', 'none']).default('all').describe('Whom Google emails about the change: all guests (default), only guests outside the domain, or nobody');
const when = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'must be a date (2026-05-01, all day) or a date-time (2026-05-01T09:00:00-07:00)')
    .describe(`${what}: a date (2026-05-01) for an all-day event, or a date-time with an offset (2026-05-01T09:00:00-07:00), or without one together with timeZone`);

const eventSchema = z.object({
  eventId: z.string(),
  calendarId: z.string(),
  summary: z.string(),
  start: z.string().describe('Date-time (RFC 3339) or date (all-day)'),
  end: z.string().describe('Date-time (RFC 3339) or date (all-day, exclusive)'),
  allDay: z.boolean(),
  timeZone: z.string().optional(),
  location: z.string().optional(),
  status: z.string().optional(),
  organizer: z.string().optional(),
  attendees: z.array(z.object({ email: z.string(), responseStatus: z.string().optional(), optional: z.boolean().optional() })),
  recurringEventId: z.string().optional(),
  htmlLink: z.string().optional(),
  meetLink: z.string().optional(),
  untrustedDescription: untrustedText('The event description (invitations can come from anyone)').optional(),
});

export const listCalendarsTool = googleTool({
  name: 'google_list_calendars',
  title: 'List calendars',
  description: 'Lists the calendars the user sees (their own, shared and subscribed) with ids, names, access role and time zone.',
  input: z.object({}),
  output: z.object({ calendars: z.array(z.object({ calendarId: z.string(), name: z.string(), primary: z.boolean(), accessRole: z.string().optional(), timeZone: z.string().optional() })) }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  cache: { ttlSeconds: 300 },
  handler: async (_input, { client, signal }) => {
    const calendars: Array<{ calendarId: string; name: string; primary: boolean; accessRole?: string; timeZone?: string }> = [];
    let token: string | undefined;
    do {
      const page = await listCalendars(client, token, signal);
      for (const entry of page.items) calendars.push({ calendarId: entry.id, name: entry.summary, primary: Boolean(entry.primary), ...(entry.accessRole ? { accessRole: entry.accessRole } : {}), ...(entry.timeZone ? { timeZone: entry.timeZone } : {}) });
      token = page.nextPageToken;
    } while (token);
    return { calendars };
  },
});

export const listEventsTool = googleTool({
  name: 'google_list_events',
  title: 'List calendar events',
  description: 'Lists events between two times, recurring events expanded into their occurrences, in start order; optionally those matching a text query.',
  input: z.object({
    calendarId,
    timeMin: rfc3339.optional().describe('Start of the range, RFC 3339 with an offset (default now); events ending after it are included'),
    timeMax: rfc3339.optional().describe('End of the range, RFC 3339 with an offset (default 7 days after timeMin); events starting before it are included'),
    query: z.string().max(500).optional().describe('Free text matched against summary, description, location and attendees'),
    limit: limit(250, 50, 'events'),
  }),
  output: z.object({ events: z.array(eventSchema), limitReached: z.boolean() }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const timeMin = input.timeMin ?? new Date().toISOString();
    const timeMax = input.timeMax ?? new Date(Date.parse(timeMin) + 7 * 86_400_000).toISOString();
    const events: z.input<typeof eventSchema>[] = [];
    let token: string | undefined;
    do {
      // Pages can be short, even empty, with a nextPageToken: follow it until the limit or the end.
      const page = await listEvents(client, input.calendarId, { timeMin, timeMax, q: input.query, singleEvents: true, orderBy: 'startTime', maxResults: Math.min(250, input.limit), pageToken: token }, signal);
      events.push(...page.items.map((event) => eventOut(event, input.calendarId)));
      token = page.nextPageToken;
    } while (token && events.length < input.limit);
    return { events: events.slice(0, input.limit), limitReached: events.length > input.limit || (Boolean(token) && events.length >= input.limit) };
  },
});

export const getEventTool = googleTool({
  name: 'google_get_event',
  title: 'Get a calendar event',
  description: 'Reads one event with its attendees and their responses, location, conference link and description.',
  input: z.object({ calendarId, eventId }),
  output: eventSchema,
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => eventOut(await getEvent(client, input.calendarId, input.eventId, signal), input.calendarId),
});

const eventFields = {
  summary: z.string().max(1024).describe('Title'),
  start: when('Start'),
  end: when('End'),
  timeZone: z.string().max(64).optional().describe('IANA time zone (Europe/Berlin) for date-times given without an offset'),
  location: z.string().max(1024).optional().describe('Where'),
  description: z.string().max(8000).optional().describe('Notes shown to guests'),
  attendees: z.array(emailAddress).max(100).optional().describe('Guests to invite, by email'),
  recurrence: z.array(z.string().regex(/^(RRULE|EXRULE|RDATE|EXDATE)[:;]/, 'must be an RFC 5545 line such as RRULE:FREQ=WEEKLY;BYDAY=MO')).max(10).optional().describe('RFC 5545 recurrence lines, e.g. RRULE:FREQ=WEEKLY;COUNT=10'),
  sendUpdates,
};

export const createEventTool = googleTool({
  name: 'google_create_event',
  title: 'Create a calendar event',
  description: 'Creates an event (timed or all-day, optionally recurring) and invites the attendees; sendUpdates says who gets an email.',
  input: z.object({ calendarId, ...eventFields }),
  output: eventSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const event = {
      summary: input.summary,
      start: dateTimeOf(input.start, input.timeZone, 'start'),
      end: dateTimeOf(input.end, input.timeZone, 'end'),
      ...(input.location ? { location: input.location } : {}),
      ...(input.description ? { description: input.description } : {}),
      ...(input.attendees?.length ? { attendees: input.attendees.map((email) => ({ email })) } : {}),
      ...(input.recurrence?.length ? { recurrence: input.recurrence } : {}),
    };
    return eventOut(await insertEvent(client, input.calendarId, event, input.sendUpdates, signal), input.calendarId);
  },
});

export const updateEventTool = googleTool({
  name: 'google_update_event',
  title: 'Change a calendar event',
  description: 'Changes only the given fields of an event (title, times, place, notes, guests). Giving attendees replaces the guest list.',
  input: z.object({ calendarId, eventId, ...partial(eventFields) }),
  output: eventSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const patch: Partial<CalendarEvent> = {
      ...(input.summary !== undefined ? { summary: input.summary } : {}),
      ...(input.start !== undefined ? { start: dateTimeOf(input.start, input.timeZone, 'start') } : {}),
      ...(input.end !== undefined ? { end: dateTimeOf(input.end, input.timeZone, 'end') } : {}),
      ...(input.location !== undefined ? { location: input.location } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.attendees !== undefined ? { attendees: input.attendees.map((email) => ({ email })) } : {}),
      ...(input.recurrence !== undefined ? { recurrence: input.recurrence } : {}),
    };
    if (Object.keys(patch).length === 0) throw new ValidationError('Nothing to change', [{ path: 'summary', message: 'give at least one field to change' }], { platform: PLATFORM });
    return eventOut(await patchEvent(client, input.calendarId, input.eventId, patch, input.sendUpdates ?? 'all', signal), input.calendarId);
  },
});

export const deleteEventTool = googleTool({
  name: 'google_delete_event',
  title: 'Delete a calendar event',
  description: 'Deletes (cancels) an event; with sendUpdates the guests get a cancellation.',
  input: z.object({ calendarId, eventId, sendUpdates }),
  output: z.object({ deleted: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    await deleteEvent(client, input.calendarId, input.eventId, input.sendUpdates, signal);
    return { deleted: input.eventId };
  },
});

const busyInput = {
  people: z.array(z.union([emailAddress, z.literal('primary')])).min(1).max(50).describe('Email addresses (or calendar ids) to check; "primary" is the user'),
  timeMin: rfc3339.describe('Start of the window, RFC 3339 with an offset'),
  timeMax: rfc3339.describe('End of the window, RFC 3339 with an offset (at most about 2 months after timeMin)'),
};

export const queryFreeBusyTool = googleTool({
  name: 'google_query_free_busy',
  title: 'Get free/busy times',
  description: "Returns when each person is busy in a window (no event details). People outside the domain or who don't share their calendar are listed as unavailable.",
  input: z.object(busyInput),
  output: z.object({
    calendars: z.array(z.object({ person: z.string(), busy: z.array(z.object({ start: z.string(), end: z.string() })), unavailable: z.string().optional() })),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const calendars = await queryFreeBusy(client, input.timeMin, input.timeMax, input.people, undefined, signal);
    return {
      calendars: input.people.map((person) => {
        const entry = calendars[person];
        const error = entry?.errors?.[0]?.reason;
        return { person, busy: entry?.busy ?? [], ...(error || !entry ? { unavailable: error ?? 'notFound' } : {}) };
      }),
    };
  },
});

export const findFreeSlotTool = googleTool({
  name: 'google_find_free_slot',
  title: 'Find a common free time',
  description: 'Finds times when everyone is free for a meeting of the given length, within working hours on weekdays (by default), from their free/busy.',
  input: z.object({
    ...busyInput,
    durationMinutes: z.number().int().min(5).max(480).describe('Meeting length in minutes'),
    timeZone: z.string().max(64).default('UTC').describe('IANA time zone the working hours are in (default UTC)'),
    workdayStart: z.string().regex(/^\d{2}:\d{2}$/).default('09:00').describe('Start of working hours, HH:MM (default 09:00)'),
    workdayEnd: z.string().regex(/^\d{2}:\d{2}$/).default('17:00').describe('End of working hours, HH:MM (default 17:00)'),
    weekdaysOnly: z.boolean().default(true).describe('Skip Saturdays and Sundays (default true)'),
    maxSlots: z.number().int().min(1).max(20).default(5).describe('Most slots to return (default 5)'),
  }),
  output: z.object({ slots: z.array(z.object({ start: z.string(), end: z.string() })), unavailable: z.array(z.object({ person: z.string(), reason: z.string() })) }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    checkTimeZone(input.timeZone);
    const calendars = await queryFreeBusy(client, input.timeMin, input.timeMax, input.people, input.timeZone, signal);
    const unavailable = input.people.flatMap((person) => {
      const reason = calendars[person]?.errors?.[0]?.reason ?? (calendars[person] ? undefined : 'notFound');
      return reason ? [{ person, reason }] : [];
    });
    const busy = Object.values(calendars).flatMap((entry) => entry.busy ?? []);
    const slots = freeSlots({
      busy: busy.map((interval) => ({ start: Date.parse(interval.start), end: Date.parse(interval.end) })),
      from: Date.parse(input.timeMin),
      to: Date.parse(input.timeMax),
      durationMs: input.durationMinutes * 60_000,
      timeZone: input.timeZone,
      workdayStart: input.workdayStart,
      workdayEnd: input.workdayEnd,
      weekdaysOnly: input.weekdaysOnly,
      max: input.maxSlots,
    });
    return { slots: slots.map((slot) => ({ start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString() })), unavailable };
  },
});

export const calendarTools = [listCalendarsTool, listEventsTool, getEventTool, createEventTool, updateEventTool, deleteEventTool, queryFreeBusyTool, findFreeSlotTool];

function partial<T extends Record<string, z.ZodType>>(fields: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, schema.optional().describe(schema.description ?? name)])) as { [K in keyof T]: z.ZodOptional<T[K]> };
}

/** A date is all-day; a date-time needs an offset or a time zone (Google's rule). */
function dateTimeOf(value: string, timeZone: string | undefined, field: string): EventDateTime {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: value };
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  if (!hasOffset && !timeZone) {
    throw new ValidationError(`${field} has no time zone`, [{ path: field, message: 'give an offset (2026-05-01T09:00:00-07:00) or a timeZone' }], { platform: PLATFORM });
  }
  if (timeZone) checkTimeZone(timeZone);
  return { dateTime: hasOffset ? value : value.length === 16 ? `${value}:00` : value, ...(timeZone ? { timeZone } : {}) };
}

function checkTimeZone(timeZone: string): void {
  try {
    zonedToUtc('2026-01-01', '00:00', timeZone);
  } catch {
    throw new ValidationError(`Unknown time zone ${timeZone}`, [{ path: 'timeZone', message: 'must be an IANA time zone such as Europe/Berlin or America/New_York' }], { platform: PLATFORM });
  }
}

function eventOut(event: CalendarEvent, calendar: string): z.input<typeof eventSchema> {
  const allDay = Boolean(event.start?.date);
  return {
    eventId: event.id,
    calendarId: calendar,
    summary: event.summary ?? '(no title)',
    start: event.start?.dateTime ?? event.start?.date ?? '',
    end: event.end?.dateTime ?? event.end?.date ?? '',
    allDay,
    ...(event.start?.timeZone ? { timeZone: event.start.timeZone } : {}),
    ...(event.location ? { location: event.location } : {}),
    ...(event.status ? { status: event.status } : {}),
    ...(event.organizer?.email ? { organizer: event.organizer.email } : {}),
    attendees: (event.attendees ?? []).map((attendee) => ({ email: attendee.email, ...(attendee.responseStatus ? { responseStatus: attendee.responseStatus } : {}), ...(attendee.optional ? { optional: true } : {}) })),
    ...(event.recurringEventId ? { recurringEventId: event.recurringEventId } : {}),
    ...(event.htmlLink ? { htmlLink: event.htmlLink } : {}),
    ...(event.hangoutLink ? { meetLink: event.hangoutLink } : {}),
    ...(event.description ? { untrustedDescription: event.description } : {}),
  };
}
