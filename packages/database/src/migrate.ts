import { randomUUID } from 'node:crypto';
import { noopLogger, type Logger } from '@enterprise-mcp/core';
import { MigrationError } from './errors.js';
import { checksumMatches, readMigrations, type MigrationFile } from './migrations.js';
import type { Database } from './open.js';
import type { SqlSession } from './sql-session.js';

// The lock key `prisma migrate deploy` takes, so our runner and Prisma's exclude each other too.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The table exactly as Prisma's schema engine creates it.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  logger?: Logger;
  /** Defaults to the repository's `prisma/migrations`. */
  migrationsDir?: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied, but the file has changed since: refused by `migrate`. */
  changed: string[];
  /** Started and never finished (by `prisma migrate deploy`); needs `prisma migrate resolve`. */
  failed: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Applies pending migrations in name order, each in its own transaction with
 * its `_prisma_migrations` row, under Prisma's advisory lock. Stays compatible
 * with `prisma migrate deploy`: either can take over from the other.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const logger = options.logger ?? noopLogger;
  const files = readMigrations(options.migrationsDir);
  // PGlite serves one process, and its session is one transaction: no lock needed there.
  const locked = db.kind === 'postgres';
  return db.withSession(async (session) => {
    if (locked) await session.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await session.exec(CREATE_MIGRATIONS_TABLE);
      const status = compare(files, await appliedRows(session));
      refuseUnsafeHistory(status);
      const applied: string[] = [];
      for (const file of files.filter((f) => status.pending.includes(f.name))) {
        await applyOne(session, file, db.kind);
        logger.info({ migration: file.name }, 'database: migration applied');
        applied.push(file.name);
      }
      return { applied };
    } finally {
      if (locked) await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    }
    // Waiting for another replica's lock, or one long migration, may rightly outlast the statement timeout.
  }, { unbounded: true });
}

/** What `migrate` would do, without changing anything; `/readyz` reports `pending.length`. */
export async function migrationStatus(db: Database, options: Pick<MigrateOptions, 'migrationsDir'> = {}): Promise<MigrationStatus> {
  const files = readMigrations(options.migrationsDir);
  return db.withSession(async (session) => {
    const [exists] = await session.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
    return compare(files, exists?.['exists'] ? await appliedRows(session) : []);
  });
}

async function appliedRows(session: SqlSession): Promise<AppliedRow[]> {
  const rows = await session.query(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
  );
  return rows as unknown as AppliedRow[];
}

function compare(files: MigrationFile[], rows: AppliedRow[]): MigrationStatus {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const status: MigrationStatus = { applied: [], pending: [], changed: [], failed: [] };
  for (const file of files) {
    const row = live.find((r) => r.migration_name === file.name);
    if (!row) status.pending.push(file.name);
    else if (row.finished_at === null) status.failed.push(file.name);
    else if (!checksumMatches(file, row.checksum)) status.changed.push(file.name);
    else status.applied.push(file.name);
  }
  return status;
}

function refuseUnsafeHistory(status: MigrationStatus): void {
  const [failed] = status.failed;
  if (failed) {
    throw new MigrationError(
      `Migration ${failed} started but did not finish. Fix the database, then mark it with ` +
        `\`prisma migrate resolve --applied ${failed}\` or \`--rolled-back ${failed}\`.`,
      failed,
    );
  }
  const [changed] = status.changed;
  if (changed) {
    throw new MigrationError(
      `Migration ${changed} was changed after it was applied (its checksum differs from the database's record). ` +
        'Restore prisma/migrations/' + changed + '/migration.sql and put the change in a new migration.',
      changed,
    );
  }
}

async function applyOne(session: SqlSession, file: MigrationFile, kind: Database['kind']): Promise<void> {
  const id = randomUUID();
  // PGlite's session is already a transaction; PostgreSQL gets its own per migration.
  const transactional = kind === 'postgres';
  try {
    if (transactional) await session.exec('BEGIN');
    await session.exec(file.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [id, file.checksum, file.name],
    );
    if (transactional) await session.exec('COMMIT');
  } catch (error) {
    if (transactional) await session.exec('ROLLBACK').catch(() => {});
    throw new MigrationError(`Migration ${file.name} failed: ${(error as Error).message}`, file.name);
  }
}
