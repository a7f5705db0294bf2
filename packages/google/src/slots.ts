/**
 * Free-slot arithmetic for google_find_free_slot: working hours in an IANA
 * time zone, busy intervals merged, the earliest slots that fit.
 */

export interface Interval {
  start: number;
  end: number;
}

export interface FreeSlotQuery {
  busy: Interval[];
  from: number;
  to: number;
  durationMs: number;
  timeZone: string;
  workdayStart: string;
  workdayEnd: string;
  weekdaysOnly: boolean;
  max: number;
}

const STEP_MS = 15 * 60_000;

export function freeSlots(query: FreeSlotQuery): Interval[] {
  const busy = merge(query.busy);
  const slots: Interval[] = [];
  for (const day of daysBetween(query.from, query.to, query.timeZone)) {
    if (query.weekdaysOnly && isWeekend(day)) continue;
    const open = Math.max(zonedToUtc(day, query.workdayStart, query.timeZone), query.from);
    const close = Math.min(zonedToUtc(day, query.workdayEnd, query.timeZone), query.to);
    for (let start = roundUp(open); start + query.durationMs <= close; start += STEP_MS) {
      const end = start + query.durationMs;
      const clash = busy.find((interval) => interval.start < end && interval.end > start);
      if (clash) {
        start = roundUp(clash.end) - STEP_MS;
        continue;
      }
      slots.push({ start, end });
      if (slots.length >= query.max) return slots;
      start = end - STEP_MS;
    }
  }
  return slots;
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

function roundUp(ms: number): number {
  return Math.ceil(ms / STEP_MS) * STEP_MS;
}

/** The calendar dates (YYYY-MM-DD in the zone) the window touches. */
function daysBetween(from: number, to: number, timeZone: string): string[] {
  const days: string[] = [];
  for (let ms = from; ms < to + 86_400_000; ms += 86_400_000) {
    const day = localDate(ms, timeZone);
    if (!days.includes(day) && zonedToUtc(day, '00:00', timeZone) < to) days.push(day);
  }
  return days;
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** The instant of a wall-clock time in a zone (throws RangeError for an unknown zone). */
export function zonedToUtc(day: string, time: string, timeZone: string): number {
  const guess = Date.parse(`${day}T${time}:00Z`);
  const offset = offsetAt(guess, timeZone);
  const first = guess - offset;
  // Across a DST change the offset at the result can differ from the guess's.
  return guess - offsetAt(first, timeZone);
}

function offsetAt(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  const local = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return local - Math.floor(ms / 1000) * 1000;
}
