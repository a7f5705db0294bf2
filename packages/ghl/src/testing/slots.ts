import type { GhlCalendarEvent } from '../types.js';
import type { FakeCalendar } from './state.js';

/**
 * Free slots the way GoHighLevel reports them: open hours are wall-clock times
 * in the location's timezone; slots come back keyed by day in the requested
 * timezone, as ISO times with that zone's offset.
 */
export function freeSlots(
  calendar: FakeCalendar,
  events: GhlCalendarEvent[],
  range: { start: number; end: number; locationTimezone: string; timezone: string; now: number },
): Record<string, { slots: string[] }> {
  const durationMs = (calendar.slotDuration ?? 30) * (calendar.slotDurationUnit === 'hours' ? 3_600_000 : 60_000);
  const busy = events
    .filter((e) => e.calendarId === calendar.id && e.appointmentStatus !== 'cancelled')
    .map((e) => ({ start: Date.parse(e.startTime), end: e.endTime ? Date.parse(e.endTime) : Date.parse(e.startTime) + durationMs }));
  const days: Record<string, { slots: string[] }> = {};
  for (const startMs of candidateStarts(calendar, range.start, range.end, range.locationTimezone, durationMs)) {
    // Like the platform, never offer a slot that has already started.
    if (startMs < Math.max(range.start, range.now) || startMs + durationMs > range.end + 1) continue;
    if (busy.some((b) => startMs < b.end && startMs + durationMs > b.start)) continue;
    const { date, iso } = zoned(startMs, range.timezone);
    (days[date] ??= { slots: [] }).slots.push(iso);
  }
  return days;
}

function* candidateStarts(calendar: FakeCalendar, start: number, end: number, timezone: string, durationMs: number) {
  // Walk local days from one day before to one day after, so offsets never drop a day;
  // 24-hour steps can land twice on one local date around DST changes.
  const visited = new Set<string>();
  for (let day = start - 86_400_000; day <= end + 86_400_000; day += 86_400_000) {
    const local = zoned(day, timezone).date;
    if (visited.has(local)) continue;
    visited.add(local);
    const [y, m, d] = local.split('-').map(Number) as [number, number, number];
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    for (const rule of calendar.openHours) {
      if (!rule.daysOfTheWeek.includes(weekday)) continue;
      for (const window of rule.hours) {
        const open = localToUtc(y, m, d, window.openHour, window.openMinute, timezone);
        const close = localToUtc(y, m, d, window.closeHour, window.closeMinute, timezone);
        for (let t = open; t + durationMs <= close; t += durationMs) yield t;
      }
    }
  }
}

/** A wall-clock time in a zone as epoch ms; two passes because the offset can change between wall time and instant (DST). */
function localToUtc(y: number, m: number, d: number, hour: number, minute: number, timezone: string): number {
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  const first = wall - offsetMinutes(wall, timezone) * 60_000;
  return wall - offsetMinutes(first, timezone) * 60_000;
}

/** The zone's UTC offset in minutes at an instant (`+05:30` is 330). */
export function offsetMinutes(instant: number, timezone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** The local date and ISO time with offset of an instant in a zone. */
export function zoned(instant: number, timezone: string): { date: string; iso: string } {
  const offset = offsetMinutes(instant, timezone);
  const local = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const suffix = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { date: local.slice(0, 10), iso: `${local}${suffix}` };
}

export function isTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
