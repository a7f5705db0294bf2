import type { FakeRequest, FakeRoute } from '@enterprise-mcp/core/testing';
import type { GhlCalendarEvent } from '../types.js';
import { bodyOf, lookup, type FakeContext } from './context.js';
import { ghlError, ghlId, ok, stringOf, unprocessable } from './respond.js';
import { freeSlots, isTimezone } from './slots.js';

const MAX_RANGE_MS = 31 * 86_400_000;
const STATUSES = ['new', 'confirmed', 'cancelled', 'showed', 'noshow', 'invalid'];

export function calendarRoutes(ctx: FakeContext): FakeRoute[] {
  const calendarOf = (request: FakeRequest, id: unknown) =>
    lookup(ctx, request, ctx.state.calendars.find((c) => c.id === id), 'Calendar');
  const eventOf = (request: FakeRequest) =>
    lookup(ctx, request, ctx.state.events.find((e) => e.id === request.params.eventId), 'Appointment');

  const appointmentOf = (request: FakeRequest) =>
    lookup(ctx, request, ctx.state.events.find((e) => e.id === request.params.appointmentId), 'Appointment');

  return [
    {
      // limit (at most 20) and offset are required query parameters, checked against the spec first.
      method: 'GET',
      path: '/calendars/appointments/:appointmentId/notes',
      handler: (request) => {
        const found = appointmentOf(request);
        if ('response' in found) return found.response;
        const limit = Number(request.query.get('limit'));
        const offset = Number(request.query.get('offset'));
        const all = ctx.state.appointmentNotes
          .filter((n) => n.appointmentId === found.record.id)
          .sort((a, b) => String(b.dateAdded).localeCompare(String(a.dateAdded)));
        const notes = all.slice(offset, offset + limit).map(({ appointmentId: _a, ...note }) => note);
        return ok({ notes, hasMore: offset + limit < all.length });
      },
    },
    {
      method: 'POST',
      path: '/calendars/appointments/:appointmentId/notes',
      handler: (request) => {
        const found = appointmentOf(request);
        if ('response' in found) return found.response;
        const body = bodyOf(request);
        const userId = stringOf(body.userId);
        const user = userId ? ctx.state.users.find((u) => u.id === userId) : undefined;
        if (userId && !user) return ghlError(400, 'userId must be a user of this location');
        const note = {
          id: ghlId(),
          appointmentId: found.record.id,
          body: String(body.body),
          ...(userId ? { userId, createdBy: { id: userId, name: user?.name } } : {}),
          ...(found.record.contactId ? { contactId: found.record.contactId } : {}),
          dateAdded: ctx.now().toISOString(),
        };
        ctx.state.appointmentNotes.push(note);
        const { appointmentId: _a, ...created } = note;
        return ok({ note: created }, 201);
      },
    },
    {
      method: 'GET',
      path: '/calendars',
      handler: (request) => {
        const locationId = request.query.get('locationId');
        if (!locationId) return unprocessable(['locationId should not be empty']);
        return ok({ calendars: ctx.state.calendars.filter((c) => c.locationId === locationId) });
      },
    },
    {
      method: 'GET',
      path: '/calendars/events',
      handler: (request) => {
        const q = request.query;
        const problems: string[] = [];
        if (!q.get('calendarId') && !q.get('userId') && !q.get('groupId')) problems.push('Either of calendarId, userId or groupId is required');
        const start = Number(q.get('startTime'));
        const end = Number(q.get('endTime'));
        if (!q.get('startTime') || Number.isNaN(start)) problems.push('startTime must be a number string (epoch milliseconds)');
        if (!q.get('endTime') || Number.isNaN(end)) problems.push('endTime must be a number string (epoch milliseconds)');
        if (problems.length) return unprocessable(problems);
        const events = ctx.state.events
          .filter((e) => e.locationId === q.get('locationId'))
          .filter((e) => !q.get('calendarId') || e.calendarId === q.get('calendarId'))
          .filter((e) => !q.get('userId') || e.assignedUserId === q.get('userId'))
          .filter((e) => Date.parse(e.startTime) >= start && Date.parse(e.startTime) <= end)
          .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
        return ok({ events });
      },
    },
    {
      method: 'GET',
      path: '/calendars/:calendarId/free-slots',
      handler: (request) => {
        const found = calendarOf(request, request.params.calendarId);
        if ('response' in found) return found.response;
        const q = request.query;
        const start = Number(q.get('startDate'));
        const end = Number(q.get('endDate'));
        const problems: string[] = [];
        if (!q.get('startDate') || Number.isNaN(start)) problems.push('startDate must be a number (epoch milliseconds)');
        if (!q.get('endDate') || Number.isNaN(end)) problems.push('endDate must be a number (epoch milliseconds)');
        if (!problems.length && end < start) problems.push('endDate must be after startDate');
        if (!problems.length && end - start > MAX_RANGE_MS) problems.push('Date range cannot be more than 31 days');
        const locationTimezone = ctx.state.locations.find((l) => l.id === found.record.locationId)?.timezone ?? 'UTC';
        const timezone = q.get('timezone') ?? locationTimezone;
        if (!isTimezone(timezone)) problems.push('timezone must be a valid IANA timezone');
        if (problems.length) return unprocessable(problems);
        return ok({ ...freeSlots(found.record, ctx.state.events, { start, end, locationTimezone, timezone, now: ctx.now().getTime() }), traceId: ghlId() });
      },
    },
    {
      method: 'POST',
      path: '/calendars/events/appointments',
      handler: (request) => {
        const body = bodyOf(request);
        const problems = [
          ...(stringOf(body.calendarId) ? [] : ['calendarId should not be empty']),
          ...(stringOf(body.contactId) ? [] : ['contactId should not be empty']),
          ...(stringOf(body.locationId) ? [] : ['locationId should not be empty']),
          ...validateTimes(body, true),
        ];
        if (problems.length) return unprocessable(problems);
        const calendar = calendarOf(request, body.calendarId);
        if ('response' in calendar) return calendar.response;
        const contact = lookup(ctx, request, ctx.state.contacts.find((c) => c.id === body.contactId), 'Contact');
        if ('response' in contact) return contact.response;
        const startTime = String(body.startTime);
        const minutes = calendar.record.slotDuration ?? 30;
        const endTime = stringOf(body.endTime) ?? new Date(Date.parse(startTime) + minutes * 60_000).toISOString();
        if (!body.ignoreFreeSlotValidation && clashes(ctx, calendar.record.id, startTime, endTime)) {
          return ghlError(400, 'The slot you have selected is no longer available.');
        }
        const now = ctx.now().toISOString();
        const event: GhlCalendarEvent = {
          id: ghlId(),
          calendarId: calendar.record.id,
          locationId: String(body.locationId),
          contactId: contact.record.id,
          title: stringOf(body.title) ?? `Appointment with ${contact.record.name ?? 'contact'}`,
          appointmentStatus: stringOf(body.appointmentStatus) ?? 'confirmed',
          assignedUserId: stringOf(body.assignedUserId),
          address: stringOf(body.address),
          startTime,
          endTime,
          dateAdded: now,
          dateUpdated: now,
        };
        ctx.state.events.push(event);
        return ok(event);
      },
    },
    {
      method: 'PUT',
      path: '/calendars/events/appointments/:eventId',
      handler: (request) => {
        const found = eventOf(request);
        if ('response' in found) return found.response;
        const body = bodyOf(request);
        const problems = validateTimes(body, false);
        if (problems.length) return unprocessable(problems);
        const event = found.record;
        const moved = body.startTime !== undefined || body.endTime !== undefined;
        const startTime = stringOf(body.startTime) ?? event.startTime;
        const duration = Date.parse(event.endTime ?? event.startTime) - Date.parse(event.startTime);
        const endTime = stringOf(body.endTime) ?? new Date(Date.parse(startTime) + duration).toISOString();
        if (moved && !body.ignoreFreeSlotValidation && clashes(ctx, event.calendarId, startTime, endTime, event.id)) {
          return ghlError(400, 'The slot you have selected is no longer available.');
        }
        for (const key of ['title', 'appointmentStatus', 'assignedUserId', 'address'] as const) {
          if (body[key] !== undefined) (event as unknown as Record<string, unknown>)[key] = body[key];
        }
        Object.assign(event, { startTime, endTime, dateUpdated: ctx.now().toISOString() });
        return ok(event);
      },
    },
  ];
}

function validateTimes(body: Record<string, unknown>, startRequired: boolean): string[] {
  const problems: string[] = [];
  if (startRequired && !stringOf(body.startTime)) problems.push('startTime should not be empty');
  for (const key of ['startTime', 'endTime']) {
    if (body[key] !== undefined && Number.isNaN(Date.parse(String(body[key])))) problems.push(`${key} must be a valid ISO 8601 date string`);
  }
  if (body.appointmentStatus !== undefined && !STATUSES.includes(String(body.appointmentStatus))) {
    problems.push(`appointmentStatus must be one of the following values: ${STATUSES.join(', ')}`);
  }
  return problems;
}

function clashes(ctx: FakeContext, calendarId: string, startTime: string, endTime: string, ignoreId?: string): boolean {
  const start = Date.parse(startTime);
  const end = Date.parse(endTime);
  return ctx.state.events.some(
    (e) =>
      e.calendarId === calendarId &&
      e.id !== ignoreId &&
      e.appointmentStatus !== 'cancelled' &&
      start < Date.parse(e.endTime ?? e.startTime) &&
      end > Date.parse(e.startTime),
  );
}
