import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  ValidationError,
  errorForStatus,
  type EmcpError,
  type EmcpErrorOptions,
  type FieldProblem,
  type HttpFailure,
} from '@enterprise-mcp/core';
import { GOOGLE_PERMISSIONS, type PermissionLevel } from './permissions.js';

export const PLATFORM = 'Google';

/** Google's error body: `{error:{code,message,errors[],status,details}}` (Calendar and Drive v3 omit `status`). */
export interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    errors?: Array<{ message?: string; domain?: string; reason?: string; location?: string; locationType?: string }>;
    details?: Array<Record<string, unknown>>;
  };
}

/** Reasons Google gives for a quota it counts per minute: retry with back-off. A daily quota is not worth waiting for. */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED', 'quotaExceeded']);
const DAILY_REASONS = new Set(['dailyLimitExceeded', 'dailyLimitExceededUnreg']);

/**
 * A 403 for a scope the token lacks (`insufficientPermissions`,
 * `ACCESS_TOKEN_SCOPE_INSUFFICIENT`): never retried. It names the permission
 * level the call needs and the scope that grants it, so the model can tell the
 * user what to reconnect with.
 */
export class GoogleScopeMissingError extends PermissionDeniedError {
  /** The scopes Google would have accepted (its `WWW-Authenticate` header). */
  readonly acceptedScopes: string[];
  readonly level?: PermissionLevel;

  constructor(message: string, acceptedScopes: string[], level: PermissionLevel | undefined, options: EmcpErrorOptions = {}) {
    super(message, options);
    this.acceptedScopes = acceptedScopes;
    this.level = level;
  }

  /** The same refusal with the host's guidance (which level, and the reconnect link that asks for it) as its hint. */
  withGuidance(guidance: string): GoogleScopeMissingError {
    return new GoogleScopeMissingError(this.message, this.acceptedScopes, this.level, { platform: PLATFORM, status: this.status, platformCode: 'insufficientPermissions', hint: guidance });
  }

  /** The same refusal, naming the level the call needed and the scope of that level Google accepts. */
  forLevel(level: PermissionLevel): GoogleScopeMissingError {
    const own = GOOGLE_PERMISSIONS[level].scopes;
    const scope = own.find((candidate) => this.acceptedScopes.includes(candidate)) ?? own.join(' or ');
    return new GoogleScopeMissingError(`This Google connection lacks the "${level}" permission (scope ${scope})`, this.acceptedScopes, level, {
      platform: PLATFORM,
      status: this.status,
      platformCode: 'insufficientPermissions',
      hint: `ask the user to reconnect the Google account with the "${level}" permission level and to leave the ${scope} box ticked on Google's consent screen`,
    });
  }
}

/** Maps a Google error answer onto core's typed errors, with a next step a model can take. */
export function mapGoogleError(failure: HttpFailure): EmcpError {
  const error = (failure.body as GoogleErrorBody | undefined)?.error;
  const first = error?.errors?.[0];
  const reason = first?.reason ?? reasonOfDetails(error?.details);
  const message = error?.message ?? first?.message ?? (typeof failure.body === 'string' ? failure.body.slice(0, 300) : undefined);
  const opts: EmcpErrorOptions = { platform: PLATFORM, status: failure.status, ...(reason ? { platformCode: reason } : {}) };
  const text = message ?? `Google answered HTTP ${failure.status}`;

  if (failure.status === 401) {
    return new AuthenticationError(text, { ...opts, hint: 'the access token was rejected; the connection may need to be reconnected' });
  }
  if (failure.status === 403 && isScopeError(reason, error?.details)) {
    return new GoogleScopeMissingError(text, acceptedScopes(failure.headers['www-authenticate']), undefined, {
      ...opts,
      platformCode: 'insufficientPermissions',
      hint: 'the connection was not granted a scope this call needs; reconnect it with the missing permission',
    });
  }
  if ((failure.status === 403 || failure.status === 429) && reason && DAILY_REASONS.has(reason)) {
    return new RateLimitedError(text, secondsToMidnightPacific(), { ...opts, hint: "Google's daily quota for this project is spent; try again tomorrow" });
  }
  if (failure.status === 429 || (failure.status === 403 && reason !== undefined && RATE_LIMIT_REASONS.has(reason))) {
    return new RateLimitedError(text, failure.retryAfterSeconds ?? 60, {
      ...opts,
      hint: 'Google counts requests per user per minute; wait a minute and try again',
    });
  }
  if (failure.status === 403) return new PermissionDeniedError(text, { ...opts, hint: hintFor403(reason) });
  if (failure.status === 404) return new NotFoundError(text, { ...opts, hint: 'check the id; search or list first to find a valid one' });
  if (failure.status === 409 || failure.status === 412) return new ConflictError(text, { ...opts, hint: 'the item changed or already exists; read it again and retry' });
  if (failure.status === 410) return new ConflictError(text, { ...opts, hint: 'the sync token expired; list again without it (a full sync)' });
  if (failure.status === 400) return new ValidationError(text, fieldsOf(error), { ...opts, hint: 'fix the input and call again' });
  return errorForStatus(failure, message, opts);
}

function reasonOfDetails(details: Array<Record<string, unknown>> | undefined): string | undefined {
  const info = details?.find((detail) => String(detail['@type'] ?? '').endsWith('google.rpc.ErrorInfo'));
  return typeof info?.['reason'] === 'string' ? info['reason'] : undefined;
}

function isScopeError(reason: string | undefined, details: Array<Record<string, unknown>> | undefined): boolean {
  return reason === 'insufficientPermissions' || reason === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' || reasonOfDetails(details) === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT';
}

/** The `scope="…"` of `WWW-Authenticate: Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="…"`. */
export function acceptedScopes(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const match = /scope="([^"]*)"/.exec(value);
  return match ? match[1]!.split(/\s+/).filter(Boolean) : [];
}

function hintFor403(reason: string | undefined): string {
  switch (reason) {
    case 'fileNotDownloadable':
      return 'Google Docs, Sheets and Slides cannot be downloaded; export them instead (google_read_file does)';
    case 'exportSizeLimitExceeded':
      return 'Google exports at most 10 MB; read a smaller file or a range of a sheet';
    case 'domainPolicy':
      return "the Workspace domain's policy forbids this; an administrator can change it";
    case 'forbidden':
    case 'insufficientFilePermissions':
      return 'the account has no access to this item; ask its owner to share it';
    default:
      return 'the account may not do this; check sharing and the Workspace policies';
  }
}

/** Field problems of a 400: `errors[].location` names the parameter, `details[].fieldViolations` the body field. */
function fieldsOf(error: GoogleErrorBody['error']): FieldProblem[] {
  const fields: FieldProblem[] = [];
  for (const item of error?.errors ?? []) if (item.location) fields.push({ path: item.location, message: item.message ?? 'is invalid', ...(item.reason ? { code: item.reason } : {}) });
  for (const detail of error?.details ?? []) {
    const violations = detail['fieldViolations'];
    if (!Array.isArray(violations)) continue;
    for (const violation of violations as Array<{ field?: string; description?: string }>) {
      if (!fields.some((field) => field.path === violation.field)) fields.push({ path: violation.field ?? '', message: violation.description ?? 'is invalid' });
    }
  }
  return fields;
}

/** Google's daily quotas reset at midnight Pacific time. */
function secondsToMidnightPacific(now = new Date()): number {
  const pacific = new Date(now.toLocaleString('en-US', { timeZone: 'America/Los_Angeles' }));
  const midnight = new Date(pacific);
  midnight.setHours(24, 0, 0, 0);
  return Math.max(60, Math.ceil((midnight.getTime() - pacific.getTime()) / 1000));
}
