import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GhlClient } from './client.js';
import { ghlEcosystem } from './ecosystem.js';
import { startFake, type GhlFake, type GhlFakeOptions } from './testing/index.js';

const CALENDAR = 'CalendarConsults0001';
const CHECKUP = 'EventJaneCheckup0001';
const JANE = 'ContactJaneDoe000001';
// The fake hides slots that have started, so the clock is fixed before the seeded appointments.
const NOW = new Date('2026-11-25T12:00:00Z');

let fake: GhlFake;
let h: ToolHarness<GhlClient>;
const start = async (options: GhlFakeOptions = {}) => {
  await fake?.close();
  fake = await startFake(options);
  h = toolHarness(ghlEcosystem, fake);
};
afterAll(() => fake.close());

describe('calendar tools against the GoHighLevel fake', () => {
  beforeEach(() => start({ now: () => NOW }));

  const slotsOn = async (date: string, timezone = 'America/New_York') => {
    const outcome = await h.run('ghl_get_free_slots', { calendarId: CALENDAR, startDate: date, endDate: date, timezone });
    return (outcome.result.structuredContent!.days as Array<{ date: string; slots: string[] }>).find((d) => d.date === date)?.slots ?? [];
  };

  it('lists calendars with their slot length', async () => {
    const outcome = await h.run('ghl_list_calendars', {});
    expect(outcome.result.structuredContent!.calendars).toEqual([
      expect.objectContaining({ id: CALENDAR, name: 'New Patient Consultations', slotDurationMinutes: 30 }),
    ]);
  });

  it('fails to list calendars with a revoked token', async () => {
    fake.failNext({ status: 401, body: { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' } });
    expect(await h.run('ghl_list_calendars', {})).toMatchObject({ result: { isError: true }, error: { code: 'authentication_failed' } });
  });

  it('returns free slots in the asked timezone, without the booked one', async () => {
    const slots = await slotsOn('2026-12-02');
    expect(slots).toHaveLength(15);
    expect(slots[0]).toBe('2026-12-02T09:00:00-05:00');
    expect(slots).not.toContain('2026-12-02T10:00:00-05:00');
    expect(await slotsOn('2026-12-02', 'Europe/London')).toContain('2026-12-02T14:00:00+00:00');
    const query = fake.requests.at(-1)!.query;
    expect(Number(query.get('startDate'))).toBe(Date.parse('2026-12-02T00:00:00Z'));
    expect(query.get('timezone')).toBe('Europe/London');
  });

  it('offers no slot that has already started', async () => {
    await start({ now: () => new Date('2026-12-02T19:10:00Z') });
    const outcome = await h.run('ghl_get_free_slots', { calendarId: CALENDAR, startDate: '2026-12-02', endDate: '2026-12-02' });
    expect(outcome.result.structuredContent!.days).toEqual([
      {
        date: '2026-12-02',
        slots: ['2026-12-02T14:30:00-05:00', '2026-12-02T15:00:00-05:00', '2026-12-02T15:30:00-05:00', '2026-12-02T16:00:00-05:00', '2026-12-02T16:30:00-05:00'],
      },
    ]);
  });

  it('has no slots at the weekend', async () => {
    const outcome = await h.run('ghl_get_free_slots', { calendarId: CALENDAR, startDate: '2026-12-05', endDate: '2026-12-06' });
    expect(outcome.result.structuredContent!.slotCount).toBe(0);
  });

  it('passes on the platform refusal of a range over 31 days', async () => {
    const outcome = await h.run('ghl_get_free_slots', { calendarId: CALENDAR, startDate: '2026-12-01', endDate: '2027-01-15' });
    expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
    expect(outcome.error!.message).toContain('Date range cannot be more than 31 days');
  });

  it('lists appointments across calendars, and validates the range', async () => {
    const outcome = await h.run('ghl_list_appointments', { startDate: '2026-12-01', endDate: '2026-12-31' });
    expect(outcome.result.structuredContent!.appointments).toEqual([expect.objectContaining({ id: CHECKUP, contactId: JANE, status: 'confirmed' })]);
    const backwards = await h.run('ghl_list_appointments', { startDate: '2026-12-31', endDate: '2026-12-01' });
    expect(backwards).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
  });

  it('books a free slot, which then disappears from the free slots', async () => {
    const outcome = await h.run('ghl_create_appointment', { calendarId: CALENDAR, contactId: JANE, startTime: '2026-12-03T11:00:00-05:00', title: 'Whitening consult' });
    expect(outcome.result.structuredContent!.appointment).toMatchObject({ calendarId: CALENDAR, contactId: JANE, status: 'confirmed', title: 'Whitening consult' });
    expect(await slotsOn('2026-12-03')).not.toContain('2026-12-03T11:00:00-05:00');
  });

  it('refuses a taken slot as a conflict that points to the free slots', async () => {
    const outcome = await h.run('ghl_create_appointment', { calendarId: CALENDAR, contactId: JANE, startTime: '2026-12-02T10:00:00-05:00' });
    expect(outcome).toMatchObject({ result: { isError: true }, error: { code: 'conflict' } });
    expect(outcome.error!.message).toContain('ghl_get_free_slots');
  });

  it('reschedules an appointment and keeps its length', async () => {
    const outcome = await h.run('ghl_update_appointment', { eventId: CHECKUP, startTime: '2026-12-02T11:00:00-05:00' });
    expect(outcome.result.structuredContent!.appointment).toMatchObject({ startTime: '2026-12-02T11:00:00-05:00', endTime: '2026-12-02T16:30:00.000Z' });
    expect(await h.run('ghl_update_appointment', { eventId: 'missing', title: 'x' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('cancels an appointment, freeing its slot', async () => {
    const outcome = await h.run('ghl_cancel_appointment', { eventId: CHECKUP });
    expect(outcome.result.structuredContent!.appointment).toMatchObject({ status: 'cancelled' });
    expect(await slotsOn('2026-12-02')).toContain('2026-12-02T10:00:00-05:00');
    expect(await h.run('ghl_cancel_appointment', { eventId: 'missing' })).toMatchObject({ error: { code: 'not_found' } });
  });
});

const ALEX = 'UserAlexRivera000001';

describe('appointment note tools against the GoHighLevel fake', () => {
  beforeEach(() => start());

  describe('ghl_list_appointment_notes and ghl_add_appointment_note', () => {
    it('adds a note and reads the notes newest first', async () => {
      const added = await h.run('ghl_add_appointment_note', { appointmentId: CHECKUP, body: 'Patient asked about whitening.', userId: ALEX });
      expect(added.result.structuredContent!.note).toMatchObject({ body: 'Patient asked about whitening.', userId: ALEX, authorName: 'Alex Rivera' });
      expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/calendars/appointments/${CHECKUP}/notes` });
      const listed = await h.run('ghl_list_appointment_notes', { appointmentId: CHECKUP });
      expect((listed.result.structuredContent!.notes as Array<{ body: string }>).map((n) => n.body)).toEqual([
        'Patient asked about whitening.',
        'Bring previous X-rays.',
      ]);
      expect(listed.result.structuredContent!.limitReached).toBe(false);
    });

    it('pages with limit/offset, at most 20 a page as the API requires, reporting each page', async () => {
      for (let i = 0; i < 25; i++) {
        fake.state.appointmentNotes.push({ id: `Note${i}`, appointmentId: CHECKUP, body: `note ${i}`, dateAdded: new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString() });
      }
      const updates: Array<{ progress: number }> = [];
      const listed = await h.run('ghl_list_appointment_notes', { appointmentId: CHECKUP, limit: 24 }, { progress: async (update) => void updates.push(update) });
      expect(listed.result.structuredContent!.notes).toHaveLength(24);
      expect(listed.result.structuredContent!.limitReached).toBe(true);
      const pages = fake.requests.filter((r) => r.path.endsWith('/notes')).map((r) => Object.fromEntries(r.query));
      expect(pages).toEqual([
        { limit: '20', offset: '0' },
        { limit: '20', offset: '20' },
      ]);
      expect(updates.map((u) => u.progress)).toEqual([20, 24]);
    });

    it('fails on an unknown appointment, and on a note longer than the API takes', async () => {
      expect(await h.run('ghl_list_appointment_notes', { appointmentId: 'EventMissing00000001' })).toMatchObject({
        result: { isError: true },
        error: { code: 'not_found' },
      });
      expect(await h.run('ghl_add_appointment_note', { appointmentId: CHECKUP, body: 'x'.repeat(5001) })).toMatchObject({
        result: { isError: true },
        error: { code: 'validation_failed' },
      });
      const path = '/calendars/appointments/{appointmentId}/notes';
      await expect(h.client.request('POST', path, { params: { appointmentId: CHECKUP }, json: { body: 'x'.repeat(5001) } })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });
  });
});
