import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  ValidationError,
  errorForStatus,
  type EmcpError,
  type FieldProblem,
  type HttpFailure,
} from '@enterprise-mcp/core';
import { parseRateLimitHeaders } from './rate-limit.js';

export const PLATFORM = 'GoHighLevel';

/** The error bodies GoHighLevel sends: `message` is a string, or an array of strings on 422. */
interface GhlErrorBody {
  statusCode?: number;
  message?: string | string[];
  error?: string;
  msg?: string;
}

/** Maps a GoHighLevel error answer onto core's typed errors, with a next step a model can take. */
export function mapGhlError(failure: HttpFailure): EmcpError {
  const body = asErrorBody(failure.body);
  const messages = messagesOf(body);
  const text = messages.join('; ') || undefined;
  const opts = { platform: PLATFORM, status: failure.status };
  switch (failure.status) {
    case 401:
      return new AuthenticationError(text ?? 'GoHighLevel rejected the access token', {
        ...opts,
        hint: /version header/i.test(text ?? '')
          ? 'the client sent no valid Version header; this is a bug in @enterprise-mcp/ghl, please report it'
          : 'check that GHL_API_KEY holds a valid Private Integration token of this sub-account (or that the OAuth access token is current)',
      });
    case 403:
      return new PermissionDeniedError(text ?? 'GoHighLevel denied access', {
        ...opts,
        hint: 'the token belongs to another sub-account or lacks a scope this call needs; check GHL_LOCATION_ID and the token scopes',
      });
    case 404:
      return new NotFoundError(text ?? 'GoHighLevel found no such record', {
        ...opts,
        hint: 'check the id; list or search first to find a valid one',
      });
    case 400:
      if (/duplicate/i.test(text ?? '')) {
        const existing = duplicateOf(failure.body);
        return new ConflictError(existing ? `${text} (existing contact ${existing})` : text!, {
          ...opts,
          hint: 'update the existing record instead, or use ghl_upsert_contact to merge by email or phone',
        });
      }
      if (/no longer available|slot .*(taken|booked)/i.test(text ?? '')) {
        return new ConflictError(text!, { ...opts, hint: 'pick another time from ghl_get_free_slots' });
      }
      if (/not found|does not exist/i.test(text ?? '')) {
        return new NotFoundError(text!, { ...opts, hint: 'check the id; list or search first to find a valid one' });
      }
      return new ValidationError(text ?? 'GoHighLevel rejected the request', fieldsOf(messages), {
        ...opts,
        hint: 'fix the input and call again',
      });
    case 422:
      return new ValidationError('The input was rejected', fieldsOf(messages), {
        ...opts,
        hint: 'fix the named fields and call again',
      });
    case 429:
      return new RateLimitedError(text ?? 'GoHighLevel rate limit reached', retryAfterOf(failure), {
        ...opts,
        hint: `GoHighLevel allows 100 requests per 10 seconds and 200,000 per day per sub-account; retry after ${retryAfterOf(failure)} seconds`,
      });
    default:
      return errorForStatus(failure, text);
  }
}

function duplicateOf(body: unknown): string | undefined {
  const meta = (body as { meta?: { contactId?: unknown } } | undefined)?.meta;
  return typeof meta?.contactId === 'string' ? meta.contactId : undefined;
}

function asErrorBody(body: unknown): GhlErrorBody {
  if (body && typeof body === 'object') return body as GhlErrorBody;
  return typeof body === 'string' && body ? { message: body.slice(0, 300) } : {};
}

function messagesOf(body: GhlErrorBody): string[] {
  const raw = body.message ?? body.msg;
  if (Array.isArray(raw)) return raw.filter((m): m is string => typeof m === 'string');
  return typeof raw === 'string' && raw ? [raw] : [];
}

// NestJS validation messages start with the property at fault ("email must be an email").
function fieldsOf(messages: string[]): FieldProblem[] {
  return messages.map((message) => {
    // NestJS whitelist: `property X should not exist`, nested as `parent.property X should not exist`.
    const unknown = /^(?:([\w.[\]]+)\.)?property\s+(\S+)\s+should not exist$/.exec(message);
    if (unknown) return { path: [unknown[1], unknown[2]].filter(Boolean).join('.'), message: 'should not exist (the API does not take this field)' };
    const match = /^([A-Za-z_][\w.[\]]*)\s+(.+)$/.exec(message);
    return match && /^(must|should|is|are|cannot|can't|has|have|does|not)\b/.test(match[2]!)
      ? { path: match[1]!, message: match[2]! }
      : { path: '', message };
  });
}

function retryAfterOf(failure: HttpFailure): number {
  if (failure.retryAfterSeconds !== undefined) return failure.retryAfterSeconds;
  const budget = parseRateLimitHeaders(failure.headers);
  if (budget && budget.remaining <= 0 && budget.dailyRemaining > 0) return Math.max(1, Math.ceil(budget.intervalMs / 1000));
  if (budget && budget.dailyRemaining <= 0) return 3600;
  return 10;
}
