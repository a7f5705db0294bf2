import { randomUUID } from 'node:crypto';
import type { Logger, ToolExecutionRecord } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';

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
 * The real client behind a switch: while `down`, writes fail as an unreachable
 * database's would; `ghostWrites` makes the next writes land and then fail,
 * as when a connection drops after COMMIT but before the reply.
 */
export function flakyPrisma(real: PrismaClient) {
  const state = { down: false, ghostWrites: 0, calls: 0, batchSizes: [] as number[], poisonIds: new Set<string>() };
  const $executeRawUnsafe = async (query: string, ...values: unknown[]) => {
    state.calls++;
    state.batchSizes.push((JSON.parse(values[0] as string) as unknown[]).length);
    if (state.down) throw new Error("Can't reach database server at 127.0.0.1:5432");
    const ids = (JSON.parse(values[0] as string) as Array<{ id: string }>).map((row) => row.id);
    if (ids.some((id) => state.poisonIds.has(id))) throw dataError();
    const result = await real.$executeRawUnsafe(query, ...values);
    if (state.ghostWrites > 0) {
      state.ghostWrites--;
      throw new Error('Server has closed the connection.');
    }
    return result;
  };
  return { prisma: { $executeRawUnsafe } as unknown as PrismaClient, state };
}

/** Shaped as Prisma 7 reports a PostgreSQL data exception from a raw query. */
function dataError(): Error {
  return Object.assign(new Error('Raw query failed. Code: `22P02`. Message: `invalid input value`'), {
    code: 'P2010',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: '22P02', kind: 'InvalidInputValue' } } },
  });
}
