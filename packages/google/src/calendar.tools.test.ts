import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GoogleClient } from './client.js';
import { googleEcosystem } from './ecosystem.js';
import { startFake, type GoogleFake } from './testing/index.js';

// A fixed Monday, 08:00 UTC: the demo seed's week is built around it.
const NOW = Date.parse('2026-05-04T08:00:00Z');
const at = (day: number, time: string) => `2026-05-${String(4 + day).padStart(2, '0')}T${time}:00Z`;

let fake: GoogleFake;
let h: ToolHarness<GoogleClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake({ now: () => NOW });
  h = toolHarness(googleEcosystem, fake, { deps: { connection: fake.connection } });
});
afterAll(() => fake.close());

const structured = (outcome: { result: { structuredContent?: Record<string, unknown> } }) => outcome.result.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Calendar tools against the fake', () => {
  it('lists the calendars, primary first-class', async () => {
    const calendars = structured(await h.run('google_list_calendars')).calendars;
    expect(calendars).toEqual([expect.objectContaining({ calendarId: 'ada@example.com', primary: true, accessRole: 'owner' })]);
  });

  it('lists a week of events with recurring ones expanded, in start order, across short and empty pages', async () => {
    const outcome = await h.run('google_list_events', { timeMin: at(0, '00:00'), timeMax: at(7, '00:00') });
    const events = structured(outcome).events as Array<{ summary: string; start: string; recurringEventId?: string; allDay: boolean }>;
    const standups = events.filter((e) => e.summary === 'Team standup');
    expect(standups).toHaveLength(7);
    expect(standups.every((e) => e.recurringEventId)).toBe(true);
    expect(events.map((e) => e.start)).toEqual([...events.map((e) => e.start)].sort());
    expect(events.find((e) => e.summary === 'Offsite')).toMatchObject({ allDay: true, start: '2026-05-07' });
    // The fake's first page was empty and the next ones short: the tool followed every nextPageToken.
    const pages = fake.requests.filter((r) => r.path.endsWith('/events'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]!.query.get('pageToken')).toBeNull();
    expect(pages[1]!.query.get('pageToken')).toBeTruthy();
    expect(pages[0]!.query.get('singleEvents')).toBe('true');
    expect(pages[0]!.query.get('orderBy')).toBe('startTime');
  });

  it('stops at the limit and says so', async () => {
    const outcome = structured(await h.run('google_list_events', { timeMin: at(0, '00:00'), timeMax: at(7, '00:00'), limit: 3 }));
    expect(outcome.events).toHaveLength(3);
    expect(outcome.limitReached).toBe(true);
    // Short pages (half of maxResults, after an empty first page) until the limit.
    expect(fake.requests.filter((r) => r.path.endsWith('/events')).map((r) => r.query.get('maxResults'))).toEqual(['3', '3', '3']);
  });

  it('rejects a time without an offset before calling Google', async () => {
    const outcome = await h.run('google_list_events', { timeMin: '2026-05-04T00:00:00' });
    expect(outcome.error).toMatchObject({ code: 'validation_failed' });
    expect(outcome.error!.message).toContain('offset');
    expect(fake.requests).toHaveLength(0);
  });

  it('reports an empty range as Google does (timeRangeEmpty)', async () => {
    const outcome = await h.run('google_list_events', { timeMin: at(1, '00:00'), timeMax: at(0, '00:00') });
    expect(outcome.error).toMatchObject({ code: 'validation_failed' });
    expect(outcome.error!.message).toContain('The specified time range is empty.');
  });

  it('creates, reads, updates and deletes an event with sendUpdates', async () => {
    const created = structured(await h.run('google_create_event', { summary: 'Planning', start: '2026-05-07T15:00:00', end: '2026-05-07T16:00:00', timeZone: 'Europe/Berlin', attendees: ['bob@example.com'], sendUpdates: 'none' }));
    expect(created).toMatchObject({ summary: 'Planning', attendees: [{ email: 'bob@example.com', responseStatus: 'needsAction' }] });
    const insert = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/events'))!;
    expect(insert.query.get('sendUpdates')).toBe('none');
    expect(insert.body).toMatchObject({ start: { dateTime: '2026-05-07T15:00:00', timeZone: 'Europe/Berlin' } });

    const updated = structured(await h.run('google_update_event', { eventId: created.eventId, location: 'Room 4' }));
    expect(updated).toMatchObject({ summary: 'Planning', location: 'Room 4' });
    expect(fake.requests.at(-1)!.body).toEqual({ location: 'Room 4' });
    expect(structured(await h.run('google_get_event', { eventId: created.eventId })).location).toBe('Room 4');

    expect(structured(await h.run('google_delete_event', { eventId: created.eventId }))).toEqual({ deleted: created.eventId });
    expect(fake.requests.at(-1)!.method).toBe('DELETE');
    const again = await h.run('google_delete_event', { eventId: created.eventId });
    expect(again.error).toMatchObject({ code: 'conflict' });
  });

  it('asks for a time zone for a date-time without an offset', async () => {
    const outcome = await h.run('google_create_event', { summary: 'x', start: '2026-05-07T15:00:00', end: '2026-05-07T16:00:00' });
    expect(outcome.error).toMatchObject({ code: 'validation_failed' });
    expect(outcome.error!.message).toContain('timeZone');
  });

  it('returns free/busy for several people, unknown ones marked unavailable', async () => {
    const outcome = structured(await h.run('google_query_free_busy', { people: ['primary', 'bob@example.com', 'stranger@nowhere.test'], timeMin: at(1, '00:00'), timeMax: at(2, '00:00') }));
    const [me, bob, stranger] = outcome.calendars;
    expect(me.busy).toEqual(expect.arrayContaining([{ start: at(1, '14:00'), end: at(1, '15:00') }]));
    expect(bob.busy).toEqual(expect.arrayContaining([{ start: at(1, '10:00'), end: at(1, '12:00') }, { start: at(1, '09:30'), end: at(1, '09:45') }]));
    expect(stranger).toMatchObject({ busy: [], unavailable: 'notFound' });
  });

  it('finds the first common free slots within working hours', async () => {
    const outcome = structured(await h.run('google_find_free_slot', { people: ['primary', 'bob@example.com'], timeMin: at(1, '00:00'), timeMax: at(2, '00:00'), durationMinutes: 60, maxSlots: 3 }));
    // Standup 09:30-09:45 (both), Bob's dentist 10:00-12:00, Ada's call 14:00-15:00.
    expect(outcome.slots).toEqual([
      { start: '2026-05-05T12:00:00.000Z', end: '2026-05-05T13:00:00.000Z' },
      { start: '2026-05-05T13:00:00.000Z', end: '2026-05-05T14:00:00.000Z' },
      { start: '2026-05-05T15:00:00.000Z', end: '2026-05-05T16:00:00.000Z' },
    ]);
  });

  it('sends the request Google documents: an unknown body field would be rejected', async () => {
    const client = h.client;
    await expect(client.request('calendar', 'POST', '/calendar/v3/calendars/primary/events', { json: { summary: 'x', start: { dateTime: at(1, '10:00') }, end: { dateTime: at(1, '11:00') }, colour: 'red' }, level: 'write', operation: 'calendar.events.insert' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('Unknown name "colour"'),
    });
  });
});
