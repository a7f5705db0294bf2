import type { Database } from '@enterprise-mcp/database';

export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** What the writer needs from the database: statements inside one transaction on one connection. */
export interface AuditSql {
  transaction<T>(fn: (query: SqlQuery) => Promise<T>): Promise<T>;
}

/** A Prisma client (or anything with its interactive `$transaction` and `$queryRawUnsafe`). */
export interface PrismaTransactor {
  $transaction<T>(fn: (tx: { $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown> }) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
}

export type AuditStore = AuditSql | PrismaTransactor;

export function toAuditSql(store: AuditStore): AuditSql {
  if ('transaction' in store) return store;
  return {
    transaction: (fn) =>
      // Lock waits behind another replica's batch may take a while on a busy machine.
      store.$transaction((tx) => fn(async (sql, params = []) => (await tx.$queryRawUnsafe(sql, ...params)) as Record<string, unknown>[]), { maxWait: 10_000, timeout: 30_000 }),
  };
}

/**
 * Straight to the driver: through Prisma 7 each batch's JSON parameter passes the
 * query compiler, which measured several times the CPU of the insert itself.
 * PGlite's session is already a transaction; PostgreSQL's is a dedicated connection.
 */
export function auditSqlFor(db: Pick<Database, 'kind' | 'withSession'>): AuditSql {
  return {
    transaction: (fn) =>
      db.withSession(async (session) => {
        if (db.kind === 'pglite') return fn(session.query);
        await session.exec('BEGIN');
        try {
          const result = await fn(session.query);
          await session.exec('COMMIT');
          return result;
        } catch (error) {
          // A failed ROLLBACK throws its own error, so the connection is discarded rather than reused mid-transaction.
          await session.exec('ROLLBACK');
          throw error;
        }
      }),
  };
}
