import {
  AuthenticationError,
  ConflictError,
  errorForStatus,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  ValidationError,
  type EmcpError,
  type EmcpErrorOptions,
  type HttpFailure,
  type HttpHeaders,
  type Logger,
} from '@enterprise-mcp/core';

export const PLATFORM = 'QuickBooks';

/** Intuit asks for a minute's pause after a 429 (limits-and-throttles page). */
export const THROTTLE_BACKOFF_SECONDS = 60;

/** One `Error` of a QuickBooks `Fault`, whichever of its three shapes it came in. */
export interface QuickBooksFaultError {
  code?: string;
  message?: string;
  detail?: string;
  /** The field at fault, for business validation errors (6000). */
  element?: string;
}

export interface QuickBooksFault {
  type?: string;
  errors: QuickBooksFaultError[];
}

/**
 * Reads a QuickBooks fault from an error body. QuickBooks answers in three shapes:
 * `{"Fault":{"Error":[{"Message","Detail","code","element"}],"type"},"time":"<ISO>"}` for
 * validation and business errors; all lowercase `{"fault":{"error":[{"message","detail","code"}]},
 * "time":<epoch ms>}` for 401; and XML `<IntuitResponse><Fault><Error code><Message><Detail>` for
 * throttling (429, sometimes 403) even when JSON was asked for.
 */
export function parseFault(body: unknown): QuickBooksFault | undefined {
  if (typeof body === 'string') return parseXmlFault(body);
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const fault = (record['Fault'] ?? record['fault']) as Record<string, unknown> | undefined;
  if (!fault || typeof fault !== 'object') return undefined;
  const list = (fault['Error'] ?? fault['error']) as unknown;
  const errors = (Array.isArray(list) ? list : []).map((entry: Record<string, unknown>) => ({
    code: text(entry['code']),
    message: text(entry['Message'] ?? entry['message']),
    detail: text(entry['Detail'] ?? entry['detail']),
    element: text(entry['element']),
  }));
  return { type: text(fault['type']), errors };
}

// The XML fault has one fixed, shallow shape; three fields are read from it, so a parser dependency buys nothing.
function parseXmlFault(xml: string): QuickBooksFault | undefined {
  if (!/<Fault\b/.test(xml)) return undefined;
  const errors = [...xml.matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/g)].map(([, attributes, inner]) => ({
    code: /\bcode="([^"]*)"/.exec(attributes ?? '')?.[1],
    message: unescapeXml(/<Message>([\s\S]*?)<\/Message>/.exec(inner ?? '')?.[1]),
    detail: unescapeXml(/<Detail>([\s\S]*?)<\/Detail>/.exec(inner ?? '')?.[1]),
  }));
  return { type: /<Fault\b[^>]*\btype="([^"]*)"/.exec(xml)?.[1], errors };
}

/** The `intuit_tid` header Intuit support asks for; every error message carries it, so it reaches logs and the audit row. */
export function intuitTid(headers: HttpHeaders): string | undefined {
  const value = headers['intuit_tid'] ?? headers['intuit-tid'];
  return Array.isArray(value) ? value[0] : value;
}

export function createQuickBooksErrorMapper(logger?: Logger) {
  return (failure: HttpFailure): EmcpError => {
    const error = mapQuickBooksError(failure);
    logger?.warn({ platform: PLATFORM, status: failure.status, code: error.platformCode, intuit_tid: intuitTid(failure.headers) }, 'QuickBooks error');
    return error;
  };
}

/** Turns a QuickBooks error answer into core's typed errors, keeping QuickBooks' code and the `intuit_tid`. */
export function mapQuickBooksError(failure: HttpFailure): EmcpError {
  const fault = parseFault(failure.body);
  const first = fault?.errors[0];
  const code = normaliseCode(first?.code);
  const tid = intuitTid(failure.headers);
  const options: EmcpErrorOptions = { platform: PLATFORM, status: failure.status, ...(code ? { platformCode: code } : {}) };
  const say = (fallback: string, withDetail = true) => withTid(describe(first, fallback, withDetail), tid);

  if (failure.status === 429 || code === '3001' || /ThrottleExceeded/i.test(first?.message ?? '')) {
    return new RateLimitedError(say('QuickBooks request limit reached'), THROTTLE_BACKOFF_SECONDS, {
      ...options,
      hint: `QuickBooks allows 500 requests a minute and 10 a second per company; wait ${THROTTLE_BACKOFF_SECONDS} seconds before the next call`,
    });
  }
  if (failure.status === 401 || code === '3200') {
    // A 401's detail echoes part of the rejected token: it stays out of the message.
    return new AuthenticationError(say('QuickBooks rejected the access token', false), {
      ...options,
      hint: 'the connection may have been revoked or belong to another environment (sandbox vs production); reconnect the company',
    });
  }
  if (failure.status === 403 || code === '3100') {
    return new PermissionDeniedError(say('QuickBooks denied access'), {
      ...options,
      hint: 'the connected user or app lacks permission for this company or action (sandbox keys work only with sandbox companies)',
    });
  }
  switch (code) {
    case '5010':
      return new ConflictError(say('The object was changed since it was read (stale SyncToken)'), {
        ...options,
        hint: 'someone else changed it in the meantime: read it again and repeat the change on the current version',
      });
    case '610':
      return new NotFoundError(say('QuickBooks found no such object'), {
        ...options,
        hint: 'check the id (search or list first); deleted and inactive objects are not found by id',
      });
    case '6240':
      return new ConflictError(say('The name is already used'), {
        ...options,
        hint: 'display names are unique across customers, vendors and employees: search for the existing one or choose another name',
      });
  }
  if (failure.status === 400) {
    return new ValidationError(say('QuickBooks rejected the request'), fieldsOf(fault), {
      ...options,
      hint: 'fix the named fields and call again',
    });
  }
  return errorForStatus(failure, say(`QuickBooks answered HTTP ${failure.status}`), options);
}

function fieldsOf(fault: QuickBooksFault | undefined) {
  return (fault?.errors ?? []).map((error) => ({
    path: error.element ?? '',
    message: error.detail ?? error.message ?? 'is invalid',
    ...(error.code ? { code: normaliseCode(error.code) } : {}),
  }));
}

function describe(error: QuickBooksFaultError | undefined, fallback: string, withDetail: boolean): string {
  const message = error?.message?.trim() || fallback;
  const detail = withDetail ? error?.detail?.trim() : undefined;
  return detail && detail !== message ? `${message}: ${detail}` : message;
}

function withTid(message: string, tid: string | undefined): string {
  return tid ? `${message} (intuit_tid ${tid})` : message;
}

/** `003001` (throttle XML) and `3001` are the same code. */
function normaliseCode(code: string | undefined): string | undefined {
  return code?.replace(/^0+(?=\d)/, '');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function unescapeXml(value: string | undefined): string | undefined {
  return value
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
