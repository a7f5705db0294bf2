import type { GoogleClient } from './client.js';

// Calendar API v3 (www.googleapis.com/calendar/v3/…).

export interface EventDateTime {
  /** RFC 3339 with an offset, unless timeZone is given. */
  dateTime?: string;
  /** All-day: YYYY-MM-DD; an all-day end is exclusive. */
  date?: string;
  timeZone?: string;
}

export interface CalendarEvent {
  id: string;
  status?: string;
  htmlLink?: string;
  summary?: string;
  description?: string;
  location?: string;
  start?: EventDateTime;
  end?: EventDateTime;
  recurrence?: string[];
  recurringEventId?: string;
  attendees?: Array<{ email: string; displayName?: string; responseStatus?: string; optional?: boolean; organizer?: boolean; self?: boolean }>;
  organizer?: { email?: string; displayName?: string; self?: boolean };
  hangoutLink?: string;
  updated?: string;
}

export interface CalendarListEntry {
  id: string;
  summary: string;
  primary?: boolean;
  accessRole?: string;
  timeZone?: string;
  description?: string;
}

export type SendUpdates = 'all' | 'externalOnly' | 'none';

const BASE = '/calendar/v3';

export async function listCalendars(client: GoogleClient, pageToken?: string, signal?: AbortSignal): Promise<{ items: CalendarListEntry[]; nextPageToken?: string }> {
  const body = await client.request<{ items?: CalendarListEntry[]; nextPageToken?: string }>('calendar', 'GET', `${BASE}/users/me/calendarList`, {
    query: { pageToken, maxResults: 250 },
    signal,
    level: 'read',
    operation: 'calendar.calendarList.list',
  });
  return { items: body.items ?? [], nextPageToken: body.nextPageToken };
}

export interface EventQuery {
  timeMin?: string;
  timeMax?: string;
  q?: string;
  singleEvents?: boolean;
  orderBy?: 'startTime' | 'updated';
  maxResults?: number;
  pageToken?: string;
  timeZone?: string;
}

/** events.list: pages may be short or empty while nextPageToken is still set; nextSyncToken only on the last page. */
export async function listEvents(client: GoogleClient, calendarId: string, query: EventQuery, signal?: AbortSignal): Promise<{ items: CalendarEvent[]; nextPageToken?: string; nextSyncToken?: string; timeZone?: string }> {
  const body = await client.request<{ items?: CalendarEvent[]; nextPageToken?: string; nextSyncToken?: string; timeZone?: string }>('calendar', 'GET', `${BASE}/calendars/{calendarId}/events`, {
    params: { calendarId },
    query: { ...query },
    signal,
    level: 'read',
    operation: 'calendar.events.list',
  });
  return { items: body.items ?? [], nextPageToken: body.nextPageToken, nextSyncToken: body.nextSyncToken, timeZone: body.timeZone };
}

export function getEvent(client: GoogleClient, calendarId: string, eventId: string, signal?: AbortSignal): Promise<CalendarEvent> {
  return client.request('calendar', 'GET', `${BASE}/calendars/{calendarId}/events/{eventId}`, { params: { calendarId, eventId }, signal, level: 'read', operation: 'calendar.events.get' });
}

export function insertEvent(client: GoogleClient, calendarId: string, event: Partial<CalendarEvent>, sendUpdates: SendUpdates, signal?: AbortSignal): Promise<CalendarEvent> {
  return client.request('calendar', 'POST', `${BASE}/calendars/{calendarId}/events`, {
    params: { calendarId },
    query: { sendUpdates },
    json: event,
    signal,
    level: 'write',
    operation: 'calendar.events.insert',
  });
}

export function patchEvent(client: GoogleClient, calendarId: string, eventId: string, patch: Partial<CalendarEvent>, sendUpdates: SendUpdates, signal?: AbortSignal): Promise<CalendarEvent> {
  return client.request('calendar', 'PATCH', `${BASE}/calendars/{calendarId}/events/{eventId}`, {
    params: { calendarId, eventId },
    query: { sendUpdates },
    json: patch,
    signal,
    level: 'write',
    operation: 'calendar.events.patch',
  });
}

/** events.delete answers 204 with an empty body. */
export async function deleteEvent(client: GoogleClient, calendarId: string, eventId: string, sendUpdates: SendUpdates, signal?: AbortSignal): Promise<void> {
  await client.request('calendar', 'DELETE', `${BASE}/calendars/{calendarId}/events/{eventId}`, {
    params: { calendarId, eventId },
    query: { sendUpdates },
    signal,
    level: 'delete',
    operation: 'calendar.events.delete',
  });
}

export interface BusyCalendar {
  busy: Array<{ start: string; end: string }>;
  errors?: Array<{ domain?: string; reason?: string }>;
}

export async function queryFreeBusy(client: GoogleClient, timeMin: string, timeMax: string, ids: string[], timeZone?: string, signal?: AbortSignal): Promise<Record<string, BusyCalendar>> {
  const body = await client.request<{ calendars?: Record<string, BusyCalendar> }>('calendar', 'POST', `${BASE}/freeBusy`, {
    json: { timeMin, timeMax, items: ids.map((id) => ({ id })), ...(timeZone ? { timeZone } : {}) },
    signal,
    level: 'read',
    operation: 'calendar.freebusy.query',
  });
  return body.calendars ?? {};
}
