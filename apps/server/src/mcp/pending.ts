import { randomUUID } from 'node:crypto';
import { MemoryToolState, type ToolStateStore } from '@enterprise-mcp/core';
import type { Prisma, PrismaClient } from '@enterprise-mcp/database';

/** Whose values a tool's store holds: the host keeps each tenant's, ecosystem's and connection's apart. */
export interface PendingScope {
  tenantId: string;
  ecosystem: string;
  connection: string;
}

/** The stores the server hands tools as `ctx.pending`, one per scope. */
export interface PendingStates {
  readonly kind: 'memory' | 'database';
  scoped(scope: PendingScope): ToolStateStore;
  close?(): Promise<void>;
}

/** This process's memory: a value put on one replica cannot be taken on another, nor after a restart. */
export function memoryPendingStates(): PendingStates {
  const stores = new Map<string, MemoryToolState>();
  return {
    kind: 'memory',
    scoped({ tenantId, ecosystem, connection }) {
      const key = `${tenantId}\u0000${ecosystem}\u0000${connection}`;
      let store = stores.get(key);
      if (!store) stores.set(key, (store = new MemoryToolState()));
      return store;
    },
  };
}

export interface DatabasePendingOptions {
  /** Expired rows are deleted at most this often, after a put (default 60 s). */
  sweepIntervalMs?: number;
  /** Values whose JSON is longer than this are refused (default 1 MiB). */
  maxValueBytes?: number;
  now?: () => number;
  onSweepError?: (error: unknown) => void;
}

/**
 * The `pending_tool_states` table on PostgreSQL or PGlite: a value put by one
 * replica is taken by any other, also after a restart, within its lifetime.
 * A take deletes the row it returns in one statement, so one id is taken once.
 * Values may hold a seller's data: they stay in the database and are never logged.
 */
export function databasePendingStates(prisma: Pick<PrismaClient, 'pendingToolState'>, options: DatabasePendingOptions = {}): PendingStates {
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepIntervalMs ?? 60_000;
  const maxBytes = options.maxValueBytes ?? 1024 * 1024;
  let lastSweep = 0;
  let sweeping: Promise<unknown> | undefined;

  const sweep = () => {
    const at = now();
    if (sweeping || at - lastSweep < sweepEvery) return;
    lastSweep = at;
    sweeping = prisma.pendingToolState
      .deleteMany({ where: { expiresAt: { lte: new Date(at) } } })
      .catch((error: unknown) => options.onSweepError?.(error))
      .finally(() => (sweeping = undefined));
  };

  return {
    kind: 'database',
    scoped(scope) {
      return {
        async put(value, ttlSeconds) {
          const json = JSON.stringify(value ?? null);
          if (json.length > maxBytes) throw new RangeError(`A pending tool value of ${json.length} bytes is over the ${maxBytes}-byte bound`);
          const id = randomUUID();
          const expiresAt = new Date(now() + ttlSeconds * 1000);
          await prisma.pendingToolState.create({ data: { id, ...scope, value: JSON.parse(json) as Prisma.InputJsonValue, expiresAt } });
          sweep();
          return { id, expiresAt };
        },
        async take<T>(id: string) {
          // Deleted by id and scope together: another tenant's id is simply not there.
          const row = await prisma.pendingToolState.delete({ where: { id, ...scope }, select: { value: true, expiresAt: true } }).catch(notFoundAsUndefined);
          return row && row.expiresAt.getTime() > now() ? (row.value as T) : undefined;
        },
      };
    },
    async close() {
      await sweeping;
    },
  };
}

/** Prisma's "record to delete does not exist" (P2025) is an unknown id; anything else is a failure. */
function notFoundAsUndefined(error: unknown): undefined {
  if ((error as { code?: unknown }).code === 'P2025') return undefined;
  throw error;
}
