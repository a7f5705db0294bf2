import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  cancelAppointment,
  createAppointment,
  getFreeSlots,
  listAppointments,
  listCalendars,
  updateAppointment,
} from './calendars.tools.js';
import { startHarness, type Harness } from './harness.test-util.js';
import { addAppointmentNote, listAppointmentNotes } from './calendars.tools.js';

const CALENDAR = 'CalendarConsults0001';
const CHECKUP = 'EventJaneCheckup0001';
const JANE = 'ContactJaneDoe000001';
// The fake hides slots that have started, so the clock is fixed before the seeded appointments.
const NOW = new Date('2026-11-25T12:00:00Z');

describe('calendar tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  const slotsOn = async (date: string, timezone = 'America/New_York') => {
    const result = await h.call(getFreeSlots, { calendarId: CALENDAR, startDate: date, endDate: date, timezone });
    return (result.data.days as Array<{ date: string; slots: string[] }>).find((d) => d.date === date)?.slots ?? [];
  };

  it('lists calendars with their slot length', async () => {
    const result = await h.call(listCalendars, {});
    expect(result.data.calendars).toEqual([expect.objectContaining({ id: CALENDAR, name: 'New Patient Consultations', slotDurationMinutes: 30 })]);
  });

  it('fails to list calendars with a revoked token', async () => {
    h.fake.failNext({ status: 401, body: { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' } });
    expect(await h.call(listCalendars, {})).toMatchObject({ isError: true, code: 'authentication_failed' });
  });

  it('returns free slots in the asked timezone, without the booked one', async () => {
    const slots = await slotsOn('2026-12-02');
    expect(slots).toHaveLength(15);
    expect(slots[0]).toBe('2026-12-02T09:00:00-05:00');
    expect(slots).not.toContain('2026-12-02T10:00:00-05:00');
    expect(await slotsOn('2026-12-02', 'Europe/London')).toContain('2026-12-02T14:00:00+00:00');
    const query = h.fake.requests.at(-1)!.query;
    expect(Number(query.get('startDate'))).toBe(Date.parse('2026-12-02T00:00:00Z'));
    expect(query.get('timezone')).toBe('Europe/London');
  });

  it('offers no slot that has already started', async () => {
    const later = await startHarness({ now: () => new Date('2026-12-02T19:10:00Z') });
    try {
      const result = await later.call(getFreeSlots, { calendarId: CALENDAR, startDate: '2026-12-02', endDate: '2026-12-02' });
      expect(result.data.days).toEqual([{ date: '2026-12-02', slots: ['2026-12-02T14:30:00-05:00', '2026-12-02T15:00:00-05:00', '2026-12-02T15:30:00-05:00', '2026-12-02T16:00:00-05:00', '2026-12-02T16:30:00-05:00'] }]);
    } finally {
      await later.close();
    }
  });

  it('has no slots at the weekend', async () => {
    const result = await h.call(getFreeSlots, { calendarId: CALENDAR, startDate: '2026-12-05', endDate: '2026-12-06' });
    expect(result.data.slotCount).toBe(0);
  });

  it('passes on the platform refusal of a range over 31 days', async () => {
    const result = await h.call(getFreeSlots, { calendarId: CALENDAR, startDate: '2026-12-01', endDate: '2027-01-15' });
    expect(result).toMatchObject({ isError: true, code: 'validation_failed' });
    expect(result.text).toContain('Date range cannot be more than 31 days');
  });

  it('lists appointments across calendars, and validates the range', async () => {
    const result = await h.call(listAppointments, { startDate: '2026-12-01', endDate: '2026-12-31' });
    expect(result.data.appointments).toEqual([expect.objectContaining({ id: CHECKUP, contactId: JANE, status: 'confirmed' })]);
    const backwards = await h.call(listAppointments, { startDate: '2026-12-31', endDate: '2026-12-01' });
    expect(backwards).toMatchObject({ isError: true, code: 'validation_failed' });
  });

  it('books a free slot, which then disappears from the free slots', async () => {
    const result = await h.call(createAppointment, { calendarId: CALENDAR, contactId: JANE, startTime: '2026-12-03T11:00:00-05:00', title: 'Whitening consult' });
    expect(result.data.appointment).toMatchObject({ calendarId: CALENDAR, contactId: JANE, status: 'confirmed', title: 'Whitening consult' });
    expect(await slotsOn('2026-12-03')).not.toContain('2026-12-03T11:00:00-05:00');
  });

  it('refuses a taken slot as a conflict that points to the free slots', async () => {
    const result = await h.call(createAppointment, { calendarId: CALENDAR, contactId: JANE, startTime: '2026-12-02T10:00:00-05:00' });
    expect(result).toMatchObject({ isError: true, code: 'conflict' });
    expect(result.text).toContain('ghl_get_free_slots');
  });

  it('reschedules an appointment and keeps its length', async () => {
    const result = await h.call(updateAppointment, { eventId: CHECKUP, startTime: '2026-12-02T11:00:00-05:00' });
    expect(result.data.appointment).toMatchObject({ startTime: '2026-12-02T11:00:00-05:00', endTime: '2026-12-02T16:30:00.000Z' });
    expect(await h.call(updateAppointment, { eventId: 'missing', title: 'x' })).toMatchObject({ code: 'not_found' });
  });

  it('cancels an appointment, freeing its slot', async () => {
    const result = await h.call(cancelAppointment, { eventId: CHECKUP });
    expect(result.data.appointment).toMatchObject({ status: 'cancelled' });
    expect(await slotsOn('2026-12-02')).toContain('2026-12-02T10:00:00-05:00');
    expect(await h.call(cancelAppointment, { eventId: 'missing' })).toMatchObject({ code: 'not_found' });
  });
});

const ALEX = 'UserAlexRivera000001';

describe('appointment note tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

  describe('ghl_list_appointment_notes and ghl_add_appointment_note', () => {
    it('adds a note and reads the notes newest first', async () => {
      const added = await h.call(addAppointmentNote, { appointmentId: CHECKUP, body: 'Patient asked about whitening.', userId: ALEX });
      expect(added.data.note).toMatchObject({ body: 'Patient asked about whitening.', userId: ALEX, authorName: 'Alex Rivera' });
      expect(h.fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/calendars/appointments/${CHECKUP}/notes` });
      const listed = await h.call(listAppointmentNotes, { appointmentId: CHECKUP });
      expect((listed.data.notes as Array<{ body: string }>).map((n) => n.body)).toEqual(['Patient asked about whitening.', 'Bring previous X-rays.']);
      expect(listed.data.limitReached).toBe(false);
    });

    it('pages with limit/offset, at most 20 a page as the API requires', async () => {
      for (let i = 0; i < 25; i++) {
        h.fake.state.appointmentNotes.push({ id: `Note${i}`, appointmentId: CHECKUP, body: `note ${i}`, dateAdded: new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString() });
      }
      const listed = await h.call(listAppointmentNotes, { appointmentId: CHECKUP, limit: 24 });
      expect(listed.data.notes).toHaveLength(24);
      expect(listed.data.limitReached).toBe(true);
      const pages = h.fake.requests.filter((r) => r.path.endsWith('/notes')).map((r) => Object.fromEntries(r.query));
      expect(pages).toEqual([
        { limit: '20', offset: '0' },
        { limit: '20', offset: '20' },
      ]);
    });

    it('fails on an unknown appointment, and on a note longer than the API takes', async () => {
      expect(await h.call(listAppointmentNotes, { appointmentId: 'EventMissing00000001' })).toMatchObject({ isError: true, code: 'not_found' });
      expect(await h.call(addAppointmentNote, { appointmentId: CHECKUP, body: 'x'.repeat(5001) })).toMatchObject({ isError: true, code: 'validation_failed' });
      await expect(h.client.request('POST', `/calendars/appointments/${CHECKUP}/notes`, { json: { body: 'x'.repeat(5001) } })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });
  });
});
