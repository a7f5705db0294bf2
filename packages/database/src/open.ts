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
  withSession<T>(fn: (session: SqlSession) => Promise<T>, options?: SessionOptions): Promise<T>;
  close(): Promise<void>;
  /** The driver underneath, for tools that need it (Prisma's schema engine in tests, benchmarks). */
  driver: { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; client: PGlite };
}

export interface SessionOptions {
  /** No statement or read timeout in this session: migrations and advisory-lock waits may rightly take long. */
  unbounded?: boolean;
}

export interface OpenDatabaseOptions {
  /** A `postgresql://` URL; without it the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  /** PGlite's data folder (default `./data`); `memory://` keeps it in memory. */
  dataDir?: string;
  /** Upper bound of PostgreSQL connections this process opens (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL cancels a statement running longer than this (ms, default 30,000), and the
   * client gives up on an answer a little later, so a connection that went silent fails
   * its query instead of holding it forever. 0 turns both off.
   */
  statementTimeoutMs?: number;
  /** Longest wait to open a PostgreSQL connection (ms, default 10,000). */
  connectTimeoutMs?: number;
  logger?: Logger;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** How much later than the server's statement timeout the client stops waiting for the answer. */
const READ_TIMEOUT_MARGIN_MS = 2_000;
/** setTimeout's largest delay: "no read timeout" for one query. */
const NO_TIMEOUT = 2_147_483_647;
/** How long close() waits for connections to end; a silent one would otherwise hold shutdown forever. */
const CLOSE_TIMEOUT_MS = 5_000;

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const logger = options.logger ?? noopLogger;
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options, logger)
    : openPglite(options.dataDir ?? './data', logger);
}

async function openPostgres(url: string, options: OpenDatabaseOptions, logger: Logger): Promise<Database> {
  assertPostgresUrl(url);
  const pool = createPool(url, options, logger);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: 'postgres',
    driver: { kind: 'postgres', pool },
    ping: async () => void (await prisma.$queryRawUnsafe('SELECT 1')),
    withSession: async (fn, sessionOptions) => {
      const client = await pool.connect();
      const readTimeout = sessionOptions?.unbounded ? { query_timeout: NO_TIMEOUT } : {};
      let broken: Error | undefined;
      try {
        if (sessionOptions?.unbounded) await client.query({ text: 'SET statement_timeout = 0', ...readTimeout });
        return await fn({
          query: async (sql, params) => (await client.query({ text: sql, values: params, ...readTimeout })).rows,
          exec: async (sql) => void (await client.query({ text: sql, ...readTimeout })),
        });
      } catch (error) {
        // An error PostgreSQL reported leaves the connection usable; any other (timeout, reset) means it is not.
        if (!(error instanceof pg.DatabaseError)) broken = error as Error;
        throw error;
      } finally {
        if (sessionOptions?.unbounded && !broken) await client.query('RESET statement_timeout').catch((error: Error) => (broken = error));
        // Released with an error, the pool destroys the connection and opens a fresh one when needed.
        client.release(broken);
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await bounded(pool.end(), CLOSE_TIMEOUT_MS, () => logger.warn({ timeoutMs: CLOSE_TIMEOUT_MS }, 'database: connections did not close in time; leaving them'));
    },
  };
}

/**
 * The pool with every safeguard a flaky network needs: statement and read
 * timeouts, a connect timeout, TCP keep-alive, and an error listener on the
 * pool and on each connection (an unhandled 'error' event ends the process).
 */
function createPool(url: string, options: OpenDatabaseOptions, logger: Logger): pg.Pool {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + READ_TIMEOUT_MARGIN_MS } : {}),
  });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'database: idle connection lost'));
  pool.on('connect', (client) => {
    // A connection in use has no pool listener; its query fails on its own, so this one only keeps the process up.
    client.on('error', (error) => logger.warn({ err: error.message }, 'database: connection lost'));
  });
  return pool;
}

async function bounded(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const result = await Promise.race([work.then(() => 'done'), timeout]);
  clearTimeout(timer);
  if (result === 'timeout') onTimeout();
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
