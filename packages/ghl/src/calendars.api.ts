import type { GhlClient } from './client.js';
import { paginate, type ListOptions } from './paginate.js';
import type { GhlAppointmentInput, GhlAppointmentNote, GhlCalendar, GhlCalendarEvent, GhlFreeSlots, GhlFreeSlotsQuery } from './types.js';

// Calendars API, Version 2021-04-15.

/** The notes endpoint takes at most 20 per page. */
const NOTES_PAGE = 20;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** Get Calendars (GET /calendars/) of the client's location. */
export async function listCalendars(client: GhlClient, signal?: AbortSignal): Promise<GhlCalendar[]> {
  const query = { locationId: client.locationId };
  return (await client.request<{ calendars: GhlCalendar[] }>('GET', '/calendars/', { query, signal })).calendars ?? [];
}

/** Get Free Slots (GET /calendars/{calendarId}/free-slots), per day; GoHighLevel allows at most 31 days per request. */
export async function getFreeSlots(client: GhlClient, calendarId: string, query: GhlFreeSlotsQuery, signal?: AbortSignal): Promise<GhlFreeSlots> {
  const body = await client.request<Record<string, unknown>>('GET', '/calendars/{calendarId}/free-slots', {
    params: { calendarId },
    query: { startDate: query.startDate, endDate: query.endDate, timezone: query.timezone, userId: query.userId },
    signal,
  });
  const days: GhlFreeSlots = {};
  // The answer is keyed by date; other keys (traceId) are not days.
  for (const [key, value] of Object.entries(body ?? {})) {
    const slots = (value as { slots?: unknown })?.slots;
    if (DAY_KEY.test(key) && Array.isArray(slots)) days[key] = slots.map(String);
  }
  return days;
}

export interface GhlCalendarEventsQuery {
  calendarId?: string;
  userId?: string;
  groupId?: string;
  /** Epoch milliseconds. */
  startTime: number;
  endTime: number;
}

/** Get Calendar Events (GET /calendars/events) between two instants for a calendar, user or group (one is required). */
export async function listCalendarEvents(client: GhlClient, query: GhlCalendarEventsQuery, signal?: AbortSignal): Promise<GhlCalendarEvent[]> {
  const body = await client.request<{ events: GhlCalendarEvent[] }>('GET', '/calendars/events', {
    query: { locationId: client.locationId, ...query, startTime: String(query.startTime), endTime: String(query.endTime) },
    signal,
  });
  return body.events ?? [];
}

/** Create Appointment (POST /calendars/events/appointments) in the client's location. */
export async function createAppointment(client: GhlClient, input: GhlAppointmentInput, signal?: AbortSignal): Promise<GhlCalendarEvent> {
  return client.request<GhlCalendarEvent>('POST', '/calendars/events/appointments', { json: { ...input, locationId: client.locationId }, signal });
}

/** Edit Appointment (PUT /calendars/events/appointments/{eventId}). */
export async function updateAppointment(client: GhlClient, eventId: string, input: GhlAppointmentInput, signal?: AbortSignal): Promise<GhlCalendarEvent> {
  return client.request<GhlCalendarEvent>('PUT', '/calendars/events/appointments/{eventId}', { params: { eventId }, json: input, signal });
}

/** Get Notes (GET /calendars/appointments/{appointmentId}/notes), newest first, paged with limit/offset and `hasMore`. */
export function listAppointmentNotes(client: GhlClient, appointmentId: string, options: ListOptions = {}): AsyncGenerator<GhlAppointmentNote> {
  return paginate<GhlAppointmentNote, number>(
    async (offset = 0, limit) => {
      const body = await client.request<{ notes: GhlAppointmentNote[]; hasMore?: boolean }>('GET', '/calendars/appointments/{appointmentId}/notes', {
        params: { appointmentId },
        query: { limit: String(limit), offset: String(offset) },
        signal: options.signal,
      });
      const notes = body.notes ?? [];
      return { items: notes, next: body.hasMore && notes.length > 0 ? offset + notes.length : undefined };
    },
    { limit: options.limit, pageSize: NOTES_PAGE, onPage: options.onPage },
  );
}

/** Create Note (POST /calendars/appointments/{appointmentId}/notes); body up to 5,000 characters. */
export async function addAppointmentNote(
  client: GhlClient,
  appointmentId: string,
  note: { body: string; userId?: string },
  signal?: AbortSignal,
): Promise<GhlAppointmentNote> {
  const path = '/calendars/appointments/{appointmentId}/notes';
  return (await client.request<{ note: GhlAppointmentNote }>('POST', path, { params: { appointmentId }, json: note, signal })).note;
}
