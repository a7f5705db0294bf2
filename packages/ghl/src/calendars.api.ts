import type { GhlClient } from './client.js';
import { paginate } from './paginate.js';
import type { GhlAppointmentNote } from './types.js';

// Calendars API (Version 2021-04-15) calls added beside calendars.tools.ts.

const enc = encodeURIComponent;
/** The notes endpoint takes at most 20 per page. */
const NOTES_PAGE = 20;

/** Get Notes (GET /calendars/appointments/{appointmentId}/notes), newest first, paged with limit/offset and `hasMore`. */
export function listAppointmentNotes(
  client: GhlClient,
  appointmentId: string,
  options: { limit?: number; signal?: AbortSignal } = {},
): AsyncGenerator<GhlAppointmentNote> {
  return paginate<GhlAppointmentNote, number>(
    async (offset = 0, limit) => {
      const body = await client.request<{ notes: GhlAppointmentNote[]; hasMore?: boolean }>(
        'GET',
        `/calendars/appointments/${enc(appointmentId)}/notes`,
        { query: { limit: String(limit), offset: String(offset) }, signal: options.signal },
      );
      const notes = body.notes ?? [];
      return { items: notes, next: body.hasMore && notes.length > 0 ? offset + notes.length : undefined };
    },
    { limit: options.limit, pageSize: NOTES_PAGE },
  );
}

/** Create Note (POST /calendars/appointments/{appointmentId}/notes); body up to 5,000 characters. */
export async function addAppointmentNote(
  client: GhlClient,
  appointmentId: string,
  note: { body: string; userId?: string },
  signal?: AbortSignal,
): Promise<GhlAppointmentNote> {
  const path = `/calendars/appointments/${enc(appointmentId)}/notes`;
  return (await client.request<{ note: GhlAppointmentNote }>('POST', path, { json: note, signal })).note;
}
