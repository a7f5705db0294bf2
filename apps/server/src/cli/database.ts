import { migrate, migrationStatus, openDatabase, type Database } from '@enterprise-mcp/database';
import { isEmcpError } from '@enterprise-mcp/core';
import { loadEnvFile } from '../config.js';
import { EXIT_CONFIG, knownStartupProblem } from '../startup-errors.js';

/** The database the data commands use: `DATABASE_URL`, else embedded PGlite in `DATA_DIR` (default ./data). */
export async function openCliDatabase(): Promise<Database> {
  loadEnvFile();
  const url = process.env['DATABASE_URL'] || undefined;
  return openDatabase({ databaseUrl: url, dataDir: process.env['DATA_DIR'] || './data', poolSize: 2 });
}

/**
 * Runs one data command against the database, applying pending migrations
 * first (as the server does at start) unless `AUTO_MIGRATE=false`. Errors
 * become one line on stderr and exit code 1, never a stack trace.
 */
export async function withDatabase(fn: (db: Database) => Promise<void>): Promise<void> {
  let db: Database | undefined;
  try {
    db = await openCliDatabase();
    await ensureMigrated(db);
    await fn(db);
  } catch (error) {
    fail(error);
  } finally {
    await db?.close();
  }
}

async function ensureMigrated(db: Database): Promise<void> {
  const { pending } = await migrationStatus(db);
  if (!pending.length) return;
  if (process.env['AUTO_MIGRATE'] === 'false') {
    throw new Error(`the database has ${pending.length} pending migration(s); run \`enterprise-mcp db migrate\` first`);
  }
  await migrate(db);
}

/** One line on stderr; exit 78 when the configuration is the cause (a variable, the data folder), else 1. */
export function fail(error: unknown): void {
  const configProblem = knownStartupProblem(error);
  const message = configProblem?.message ?? (error instanceof Error ? error.message : String(error));
  const hint = isEmcpError(error) && error.hint ? ` (${error.hint})` : '';
  process.stderr.write(`enterprise-mcp: ${message}${hint}\n`);
  process.exitCode = configProblem ? EXIT_CONFIG : 1;
}
