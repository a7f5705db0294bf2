import type { FakeRequest, FakeResponse, FakeRoute } from '@enterprise-mcp/core/testing';
import { apiRoute, type FakeContext } from './context.js';
import { badRequest, bodyOf, googleError, newId, noContent, notFound, ok, page } from './respond.js';
import { addEvent, type StoredEvent } from './state.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

interface Instance {
  event: StoredEvent;
  start: number;
  end: number;
  /** Set for an occurrence of a recurring event. */
  instanceId?: string;
}

/** Calendar v3: calendar list, events (with recurring expansion and sync tokens), free/busy. */
export function calendarRoutes(ctx: FakeContext): FakeRoute[] {
  const calendarOf = (request: FakeRequest, user: string) => {
    const id = request.params['calendarId'] === 'primary' ? user : request.params['calendarId']!;
    const calendar = ctx.state.calendars.get(id);
    return calendar && calendar.access[user] ? calendar : undefined;
  };
  const eventIn = (calendarId: string, eventId: string) => {
    const event = ctx.state.events.get(eventId.split('_')[0]!);
    return event && (event.calendarId === calendarId || event.attendees?.some((attendee) => attendee.email === calendarId)) ? event : undefined;
  };

  return [
    apiRoute(ctx, 'calendar.calendarList.list', (request, user) => {
      const entries = [...ctx.state.calendars.values()]
        .filter((calendar) => calendar.access[user])
        .map((calendar) => ({ kind: 'calendar#calendarListEntry', id: calendar.id, summary: calendar.summary, timeZone: calendar.timeZone, accessRole: calendar.access[user], ...(calendar.id === user ? { primary: true } : {}) }));
      const result = page(entries, request.query.get('pageToken'), Number(request.query.get('maxResults') ?? 100), ctx.shortPages);
      if (!result) return badRequest('Invalid page token value.', 'pageToken');
      return ok({ kind: 'calendar#calendarList', items: result.items, ...(result.next ? { nextPageToken: result.next } : { nextSyncToken: syncToken(ctx) }) });
    }),
    apiRoute(ctx, 'calendar.events.list', (request, user) => {
      const calendar = calendarOf(request, user);
      if (!calendar) return notFound('Not Found');
      const problem = rangeProblem(request.query.get('timeMin'), request.query.get('timeMax'));
      if (problem) return problem;
      const single = request.query.get('singleEvents') === 'true';
      if (request.query.get('orderBy') === 'startTime' && !single) return googleError(400, 'The requested ordering is not available for the particular query.', { reason: 'badRequest' });
      const sync = request.query.get('syncToken');
      const since = sync ? ctx.state.syncTokens.get(sync) : undefined;
      if (sync && since === undefined) return googleError(410, 'Sync token is no longer valid, a full sync is required.', { reason: 'fullSyncRequired' });
      const timeMin = request.query.get('timeMin') ? Date.parse(request.query.get('timeMin')!) : -Infinity;
      const timeMax = request.query.get('timeMax') ? Date.parse(request.query.get('timeMax')!) : Infinity;
      const q = request.query.get('q')?.toLowerCase();
      const events = [...ctx.state.events.values()]
        .filter((event) => event.calendarId === calendar.id || event.attendees?.some((attendee) => attendee.email === calendar.id))
        .filter((event) => (since === undefined ? event.status !== 'cancelled' || request.query.get('showDeleted') === 'true' : event.updated > since))
        .filter((event) => !q || [event.summary, event.description, event.location, ...(event.attendees ?? []).map((a) => a.email)].some((text) => text?.toLowerCase().includes(q)));
      const instances = (single ? events.flatMap((event) => expand(event, timeMin, timeMax)) : events.map(whole)).filter((instance) => instance.end > timeMin && instance.start < timeMax);
      if (request.query.get('orderBy') === 'startTime') instances.sort((a, b) => a.start - b.start);
      const result = page(instances, request.query.get('pageToken'), Math.min(Number(request.query.get('maxResults') ?? 250), 2500), ctx.shortPages);
      if (!result) return badRequest('Invalid page token value.', 'pageToken');
      return ok({
        kind: 'calendar#events',
        summary: calendar.summary,
        timeZone: request.query.get('timeZone') ?? calendar.timeZone,
        updated: new Date(ctx.now()).toISOString(),
        items: result.items.map(render),
        // nextSyncToken only on the last page.
        ...(result.next ? { nextPageToken: result.next } : { nextSyncToken: syncToken(ctx) }),
      });
    }),
    apiRoute(ctx, 'calendar.events.get', (request, user) => {
      const calendar = calendarOf(request, user);
      const event = calendar && eventIn(calendar.id, request.params['eventId']!);
      if (!event) return notFound('Not Found');
      const instanceId = request.params['eventId']!;
      const instance = instanceId.includes('_') ? expand(event, -Infinity, Infinity).find((candidate) => candidate.instanceId === instanceId) : whole(event);
      return instance ? ok(render(instance)) : notFound('Not Found');
    }),
    apiRoute(ctx, 'calendar.events.insert', (request, user) => {
      const calendar = calendarOf(request, user);
      if (!calendar || !['owner', 'writer'].includes(calendar.access[user]!)) return notFound('Not Found');
      const body = bodyOf(request) as Partial<StoredEvent> & { attendees?: StoredEvent['attendees'] };
      const problem = timesProblem(body.start, body.end);
      if (problem) return problem;
      const event = addEvent(
        ctx.state,
        {
          calendarId: calendar.id,
          summary: body.summary,
          description: body.description,
          location: body.location,
          start: body.start!,
          end: body.end!,
          recurrence: body.recurrence,
          attendees: body.attendees?.map((attendee) => ({ responseStatus: attendee.email === user ? 'accepted' : 'needsAction', ...attendee })),
          organizer: user,
        },
        ctx.now(),
      );
      return ok(render(whole(event)));
    }),
    apiRoute(ctx, 'calendar.events.patch', (request, user) => {
      const calendar = calendarOf(request, user);
      const event = calendar && eventIn(calendar.id, request.params['eventId']!);
      if (!event || event.status === 'cancelled') return notFound('Not Found');
      const body = bodyOf(request) as Partial<StoredEvent>;
      const problem = timesProblem(body.start ?? event.start, body.end ?? event.end);
      if (problem) return problem;
      for (const field of ['summary', 'description', 'location', 'start', 'end', 'recurrence', 'attendees'] as const) if (field in body) (event as unknown as Record<string, unknown>)[field] = body[field];
      event.updated = ctx.now();
      return ok(render(whole(event)));
    }),
    apiRoute(ctx, 'calendar.events.delete', (request, user) => {
      const calendar = calendarOf(request, user);
      const event = calendar && eventIn(calendar.id, request.params['eventId']!);
      if (!event) return notFound('Not Found');
      if (event.status === 'cancelled') return googleError(410, 'Resource has been deleted', { reason: 'deleted' });
      event.status = 'cancelled';
      event.updated = ctx.now();
      return noContent();
    }),
    apiRoute(ctx, 'calendar.freebusy.query', (request, user) => {
      const body = bodyOf(request) as { timeMin?: string; timeMax?: string; items?: Array<{ id: string }> };
      const problem = rangeProblem(body.timeMin ?? null, body.timeMax ?? null, true);
      if (problem) return problem;
      const from = Date.parse(body.timeMin!);
      const to = Date.parse(body.timeMax!);
      const calendars: Record<string, unknown> = {};
      for (const { id } of body.items ?? []) {
        const target = id === 'primary' ? user : id;
        if (!ctx.state.calendars.has(target)) {
          calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
          continue;
        }
        const busy = [...ctx.state.events.values()]
          .filter((event) => event.status !== 'cancelled' && event.transparency !== 'transparent')
          .filter((event) => event.calendarId === target || event.attendees?.some((attendee) => attendee.email === target && attendee.responseStatus !== 'declined'))
          .flatMap((event) => expand(event, from, to))
          .filter((instance) => instance.end > from && instance.start < to)
          .sort((a, b) => a.start - b.start)
          .map((instance) => ({ start: iso(Math.max(instance.start, from)), end: iso(Math.min(instance.end, to)) }));
        calendars[id] = { busy };
      }
      return ok({ kind: 'calendar#freeBusy', timeMin: body.timeMin, timeMax: body.timeMax, calendars });
    }),
  ];
}

/** Google writes instants without milliseconds. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function syncToken(ctx: FakeContext): string {
  const token = `CP${newId(20)}`;
  ctx.state.syncTokens.set(token, ctx.now());
  return token;
}

/** timeMin and timeMax must carry an offset; an empty range is `timeRangeEmpty`. */
function rangeProblem(timeMin: string | null, timeMax: string | null, required = false): FakeResponse | undefined {
  if (required && (!timeMin || !timeMax)) return googleError(400, `Missing ${timeMin ? 'timeMax' : 'timeMin'} parameter.`, { reason: 'required' });
  for (const [name, value] of [['timeMin', timeMin], ['timeMax', timeMax]] as const) {
    if (value !== null && !RFC3339.test(value)) return googleError(400, 'Bad Request', { reason: 'badRequest', location: name });
  }
  if (timeMin && timeMax && Date.parse(timeMin) >= Date.parse(timeMax)) return googleError(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty', location: 'timeMax' });
  return undefined;
}

function timesProblem(start: StoredEvent['start'] | undefined, end: StoredEvent['end'] | undefined): FakeResponse | undefined {
  if (!start || (!start.date && !start.dateTime)) return googleError(400, 'Missing start time.', { reason: 'required' });
  if (!end || (!end.date && !end.dateTime)) return googleError(400, 'Missing end time.', { reason: 'required' });
  for (const [name, value] of [['start', start], ['end', end]] as const) {
    if (value.dateTime && !/(Z|[+-]\d{2}:\d{2})$/.test(value.dateTime) && !value.timeZone) return googleError(400, `Missing time zone definition for ${name} time.`, { reason: 'required' });
    if (value.dateTime && Number.isNaN(Date.parse(value.dateTime))) return googleError(400, 'Invalid value for dateTime', { reason: 'invalid' });
  }
  if (instantOf(end) <= instantOf(start)) return googleError(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
  return undefined;
}

/** A date-time without an offset is read as UTC here (the fake does not model time zones beyond that). */
function instantOf(value: StoredEvent['start']): number {
  if (value.date) return Date.parse(`${value.date}T00:00:00Z`);
  const dateTime = value.dateTime!;
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(dateTime) ? dateTime : `${dateTime}Z`);
}

function whole(event: StoredEvent): Instance {
  return { event, start: instantOf(event.start), end: instantOf(event.end) };
}

/** Occurrences of an event overlapping [from, to): RRULE FREQ=DAILY|WEEKLY|MONTHLY with INTERVAL, COUNT, UNTIL. */
function expand(event: StoredEvent, from: number, to: number): Instance[] {
  const base = whole(event);
  const rule = event.recurrence?.find((line) => line.startsWith('RRULE:'));
  if (!rule) return [base];
  const parts = Object.fromEntries(rule.slice(6).split(';').map((part) => part.split('=') as [string, string]));
  const step = { DAILY: DAY_MS, WEEKLY: 7 * DAY_MS }[parts['FREQ'] ?? ''];
  const interval = Number(parts['INTERVAL'] ?? 1);
  const count = parts['COUNT'] ? Number(parts['COUNT']) : Infinity;
  const until = parts['UNTIL'] ? Date.parse(parts['UNTIL'].replace(/^(\d{4})(\d{2})(\d{2})(T(\d{2})(\d{2})(\d{2})Z)?$/, (_m, y, mo, d, _t, h = '23', mi = '59', s = '59') => `${y}-${mo}-${d}T${h}:${mi}:${s}Z`)) : Infinity;
  const duration = base.end - base.start;
  const instances: Instance[] = [];
  for (let index = 0; index < count && index < 1000; index++) {
    const start = parts['FREQ'] === 'MONTHLY' ? addMonths(base.start, index * interval) : base.start + index * interval * (step ?? DAY_MS);
    if (start > until || start >= to) break;
    if (start + duration <= from) continue;
    const stamp = new Date(start).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    instances.push({ event, start, end: start + duration, instanceId: `${event.id}_${event.start.date ? stamp.slice(0, 8) : stamp}` });
  }
  return instances;
}

function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

function render(instance: Instance): Record<string, unknown> {
  const { event } = instance;
  const allDay = Boolean(event.start.date);
  const time = (ms: number, zone?: string) => (allDay ? { date: new Date(ms).toISOString().slice(0, 10) } : { dateTime: new Date(ms).toISOString().replace('.000Z', 'Z'), ...(zone ? { timeZone: zone } : {}) });
  return {
    kind: 'calendar#event',
    etag: `"${event.updated}"`,
    id: instance.instanceId ?? event.id,
    status: event.status,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${instance.instanceId ?? event.id} ${event.calendarId}`).toString('base64url')}`,
    created: new Date(event.created).toISOString(),
    updated: new Date(event.updated).toISOString(),
    ...(event.summary !== undefined ? { summary: event.summary } : {}),
    ...(event.description ? { description: event.description } : {}),
    ...(event.location ? { location: event.location } : {}),
    creator: { email: event.organizer },
    organizer: { email: event.organizer },
    start: time(instance.start, event.start.timeZone),
    end: time(instance.end, event.end.timeZone),
    ...(instance.instanceId ? { recurringEventId: event.id, originalStartTime: time(instance.start, event.start.timeZone) } : event.recurrence ? { recurrence: event.recurrence } : {}),
    iCalUID: `${event.id}@google.com`,
    sequence: 0,
    ...(event.attendees?.length ? { attendees: event.attendees.map((attendee) => ({ ...attendee, ...(attendee.email === event.organizer ? { organizer: true } : {}) })) } : {}),
    reminders: { useDefault: true },
    eventType: 'default',
  };
}
