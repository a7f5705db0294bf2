import { redactSecrets, type RedactOptions, type ToolExecutionRecord, type ToolExecutionStatus } from '@enterprise-mcp/core';
import type { Prisma } from '@enterprise-mcp/database';

export type AuditRow = Prisma.ToolExecutionCreateManyInput;

const STATUSES = new Set<ToolExecutionStatus>(['ok', 'tool_error', 'denied', 'rate_limited', 'upstream_error', 'timeout', 'cancelled', 'no_credentials']);
const MAX_TEXT = 2_000;
const INT32_MAX = 2_147_483_647;

export interface RowOptions {
  redact: RedactOptions;
}

/** Secret-looking keys redacted, strings cut at 1,000 characters: the audit trail's one redaction policy. */
export const DEFAULT_ROW_OPTIONS: RowOptions = { redact: { maxStringLength: 1_000 } };

/**
 * The database row of a record: arguments redacted, and every value made
 * storable, so that one odd record can never fail a whole batch forever
 * (PostgreSQL refuses NUL characters, non-JSON values, unknown enum values).
 */
export function toAuditRow(record: ToolExecutionRecord, options: RowOptions = DEFAULT_ROW_OPTIONS): AuditRow {
  const args = jsonSafe(redactSecrets(record.arguments, options.redact));
  return {
    id: text(record.id, 200) ?? '',
    timestamp: validDate(record.timestamp),
    tenantId: text(record.tenantId, 200) ?? '',
    apiKeyId: text(record.apiKeyId, 200),
    userId: text(record.userId, 200),
    oauthClientId: text(record.oauthClientId, 2_000),
    requestId: text(record.requestId, 200),
    sessionId: text(record.sessionId, 200),
    clientName: text(record.clientName, 200),
    clientVersion: text(record.clientVersion, 100),
    ecosystem: text(record.ecosystem, 100) ?? '',
    toolName: text(record.toolName, 200) ?? '',
    ...(args === undefined || args === null ? {} : { arguments: args as Prisma.InputJsonValue }),
    status: STATUSES.has(record.status) ? record.status : 'tool_error',
    errorCode: text(record.errorCode, 100),
    errorMessage: text(record.errorMessage, MAX_TEXT),
    durationMs: clampInt(record.durationMs) ?? 0,
    resultSize: clampInt(record.resultSize),
    cached: record.cached === true,
    traceparent: text(record.traceparent, 100),
    upstreamRequestIds: requestIds(record.upstreamRequestIds),
  };
}

/** Most platform request ids a row keeps, and their longest length. */
const MAX_REQUEST_IDS = 50;

function requestIds(ids: string[] | undefined): string[] {
  if (!Array.isArray(ids)) return [];
  return ids.slice(0, MAX_REQUEST_IDS).flatMap((id) => text(typeof id === 'string' ? id : String(id), 200) ?? []);
}

function text(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const clean = String(value).replaceAll('\u0000', '');
  return wellFormed(clean.length > max ? `${clean.slice(0, max)}…[truncated, ${clean.length} chars]` : clean);
}

// A lone UTF-16 surrogate (for example from cutting a string inside an emoji)
// is valid in JavaScript but refused by PostgreSQL's JSON and text input.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

function clampInt(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Math.min(INT32_MAX, Math.max(0, Math.round(value)));
}

function validDate(value: Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

function jsonSafe(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    const json = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : typeof v === 'string' ? wellFormed(v) : v,
    );
    return json === undefined ? undefined : JSON.parse(json.replaceAll('\\u0000', ''));
  } catch {
    return '[unserializable arguments]';
  }
}

/** A row as written to the spill file and read back (dates travel as ISO strings). */
export function rowFromJson(line: string): AuditRow {
  const row = JSON.parse(line) as AuditRow;
  return { ...row, timestamp: new Date(row.timestamp as string) };
}
