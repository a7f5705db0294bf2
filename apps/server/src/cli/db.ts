import { Command } from 'commander';
import { migrate, migrationStatus } from '@enterprise-mcp/database';
import { fail, openCliDatabase } from './database.js';
import { print, printJson } from './output.js';

export function dbCommand(): Command {
  const db = new Command('db').description('Database schema: apply and inspect migrations (DATABASE_URL, or PGlite in DATA_DIR).');
  db.command('migrate')
    .description('Apply pending migrations from prisma/migrations, recorded as `prisma migrate deploy` records them.')
    .action(async () => {
      await run(async (database) => {
        const { applied } = await migrate(database);
        print(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}` : 'Database is up to date; nothing to apply.');
      });
    });
  db.command('status')
    .description('List applied, pending, changed and failed migrations; exits 1 unless fully migrated.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await run(async (database) => {
        const status = await migrationStatus(database);
        if (options.json) printJson(status);
        else {
          const lines = Object.entries(status).flatMap(([state, names]) => (names as string[]).map((n) => `${state.padEnd(8)} ${n}`));
          print(lines.join('\n') || 'No migrations found.');
        }
        if (status.pending.length + status.changed.length + status.failed.length) process.exitCode = 1;
      });
    });
  return db;
}

async function run(fn: (db: Awaited<ReturnType<typeof openCliDatabase>>) => Promise<void>): Promise<void> {
  let database;
  try {
    database = await openCliDatabase();
    await fn(database);
  } catch (error) {
    fail(error);
  } finally {
    await database?.close();
  }
}
