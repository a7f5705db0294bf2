import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { PrismaClient, ToolExecution } from '@enterprise-mcp/database';
import { auditWhere, toEntry, type AuditEntry, type AuditQuery } from './query.js';

export type ExportFormat = 'csv' | 'jsonl';

/** CSV columns, in order: the table's own column names. */
const CSV_COLUMNS: Array<[keyof AuditEntry, string]> = [
  ['id', 'id'], ['timestamp', 'timestamp'], ['tenantId', 'tenant_id'], ['apiKeyId', 'api_key_id'], ['userId', 'user_id'],
  ['oauthClientId', 'oauth_client_id'], ['requestId', 'request_id'], ['sessionId', 'session_id'], ['clientName', 'client_name'],
  ['clientVersion', 'client_version'], ['ecosystem', 'ecosystem'], ['toolName', 'tool_name'], ['arguments', 'arguments'],
  ['status', 'status'], ['errorCode', 'error_code'], ['errorMessage', 'error_message'], ['durationMs', 'duration_ms'],
  ['resultSize', 'result_size'], ['cached', 'cached'], ['traceparent', 'traceparent'], ['upstreamRequestIds', 'upstream_request_ids'],
  ['chainSeq', 'chain_seq'], ['chainPrev', 'chain_prev'], ['chainHash', 'chain_hash'],
];

/**
 * Rows matching the query, oldest first, read page by page (keyset on timestamp
 * and id) so memory stays flat however many there are. `limit` is ignored.
 */
export async function* streamAudit(prisma: Pick<PrismaClient, 'toolExecution'>, query: AuditQuery, pageSize = 1_000): AsyncGenerator<AuditEntry> {
  let after: Pick<ToolExecution, 'timestamp' | 'id'> | undefined;
  for (;;) {
    const page = await prisma.toolExecution.findMany({
      where: { AND: [auditWhere(query), after ? { OR: [{ timestamp: { gt: after.timestamp } }, { timestamp: after.timestamp, id: { gt: after.id } }] } : {}] },
      orderBy: [{ timestamp: 'asc' }, { id: 'asc' }],
      take: pageSize,
    });
    for (const row of page) yield toEntry(row);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!;
  }
}

/** One JSON line of a row (the JSONL export and the retention archive). */
export function entryLine(entry: AuditEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** Writes the matching rows to `out` as CSV (header, RFC 4180 quoting) or JSON lines; resolves with the row count. */
export async function exportAudit(prisma: Pick<PrismaClient, 'toolExecution'>, query: AuditQuery, format: ExportFormat, out: Writable): Promise<number> {
  let count = 0;
  const rows = Readable.from(
    (async function* () {
      for await (const entry of streamAudit(prisma, query)) {
        count++;
        yield format === 'csv' ? entry : entryLine(entry);
      }
    })(),
  );
  const csv = stringify({
    header: true,
    columns: CSV_COLUMNS.map(([key, header]) => ({ key, header })),
    cast: { date: (d) => d.toISOString(), boolean: (b) => String(b), object: (o) => JSON.stringify(o) },
  });
  await (format === 'csv' ? pipeline(rows, csv, out) : pipeline(rows, out));
  return count;
}
