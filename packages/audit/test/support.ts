import { randomUUID } from 'node:crypto';
import type { Logger, ToolExecutionRecord } from '@enterprise-mcp/core';
import { toAuditSql, type AuditSql, type AuditStore } from '../src/sql.js';

export function execution(overrides: Partial<ToolExecutionRecord> = {}): ToolExecutionRecord {
  return {
    id: randomUUID(),
    timestamp: new Date(),
    tenantId: 'tenant-1',
    apiKeyId: 'key-1',
    requestId: randomUUID(),
    ecosystem: 'cloudflare',
    toolName: 'cloudflare_list_zones',
    arguments: { page: 1 },
    status: 'ok',
    durationMs: 12,
    ...overrides,
  };
}

export interface CapturedLog {
  level: string;
  msg?: string;
  obj: object;
}

export function captureLogger(): Logger & { entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj, msg });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The real database behind a switch: while `down`, writes fail as an unreachable
 * database's would; `ghostWrites` makes the next writes commit and then fail,
 * as when a connection drops after COMMIT but before the reply.
 */
export function flakyPrisma(real: AuditStore) {
  const state = { down: false, ghostWrites: 0, calls: 0, batchSizes: [] as number[], poisonIds: new Set<string>() };
  const sql = toAuditSql(real);
  const store: AuditSql = {
    transaction: async (fn) => {
      state.calls++;
      if (state.down) throw new Error("Can't reach database server at 127.0.0.1:5432");
      const result = await sql.transaction((query) =>
        fn(async (text, params) => {
          if (text.startsWith('INSERT INTO "tool_executions"')) {
            const rows = JSON.parse(params![0] as string) as Array<{ id: string }>;
            state.batchSizes.push(rows.length);
            if (rows.some((row) => state.poisonIds.has(row.id))) throw dataError();
          }
          return query(text, params);
        }),
      );
      if (state.ghostWrites > 0) {
        state.ghostWrites--;
        throw new Error('Server has closed the connection.');
      }
      return result;
    },
  };
  return { prisma: store, state };
}

/** Shaped as Prisma 7 reports a PostgreSQL data exception from a raw query. */
function dataError(): Error {
  return Object.assign(new Error('Raw query failed. Code: `22P02`. Message: `invalid input value`'), {
    code: 'P2010',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: '22P02', kind: 'InvalidInputValue' } } },
  });
}
