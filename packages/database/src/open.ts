import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { ConfigurationError, noopLogger, type Logger } from '@enterprise-mcp/core';
import { PrismaClient } from './generated/prisma/client.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { SqlSession } from './sql-session.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Resolves when the database answers a trivial query; the server's readiness check. */
  ping(): Promise<void>;
  /**
   * Runs `fn` on one dedicated connection (PostgreSQL) or inside PGlite's
   * single connection, for work that needs session state: advisory locks,
   * multi-statement scripts.
   */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The driver underneath, for tools that need it (Prisma's schema engine in tests, benchmarks). */
  driver: { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; client: PGlite };
}

export interface OpenDatabaseOptions {
  /** A `postgresql://` URL; without it the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  /** PGlite's data folder (default `./data`); `memory://` keeps it in memory. */
  dataDir?: string;
  /** Upper bound of PostgreSQL connections this process opens (default 10). */
  poolSize?: number;
  logger?: Logger;
}

export const DEFAULT_POOL_SIZE = 10;

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const logger = options.logger ?? noopLogger;
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? DEFAULT_POOL_SIZE, logger)
    : openPglite(options.dataDir ?? './data', logger);
}

async function openPostgres(url: string, poolSize: number, logger: Logger): Promise<Database> {
  assertPostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection emits on the pool; unhandled, that would end the process.
  pool.on('error', (error) => logger.warn({ err: error.message }, 'database: idle connection lost'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: 'postgres',
    driver: { kind: 'postgres', pool },
    ping: async () => void (await prisma.$queryRawUnsafe('SELECT 1')),
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (sql) => void (await client.query(sql)),
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, logger: Logger): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : acquireDataDirLock(prepareDir(dataDir));
  let client: PGlite;
  try {
    client = inMemory ? await PGlite.create() : await PGlite.create(resolve(dataDir));
  } catch (error) {
    releaseLock();
    throw error;
  }
  logger.debug({ dataDir }, 'database: embedded PGlite opened');
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    prisma,
    kind: 'pglite',
    driver: { kind: 'pglite', client },
    ping: async () => void (await client.query('SELECT 1')),
    // PGlite has one connection; a transaction holds it, so nothing interleaves.
    withSession: (fn) =>
      client.transaction((tx) =>
        fn({
          query: async (sql, params) => (await tx.query<Record<string, unknown>>(sql, params)).rows,
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    close: async () => {
      await prisma.$disconnect();
      await client.close();
      releaseLock();
    },
  };
}

function prepareDir(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function assertPostgresUrl(url: string): void {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigurationError('Database', [
      { variable: 'DATABASE_URL', message: 'must be a postgresql:// URL (for example postgresql://user:password@host:5432/db)' },
    ]);
  }
}
