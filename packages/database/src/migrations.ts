import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `prisma/migrations` at the repository root: `src/` and `dist/` sit at the same depth. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

export interface MigrationFile {
  /** The folder name, as `prisma migrate` records it (`20261125120000_init`). */
  name: string;
  sql: string;
  /** Hex SHA-256 of the file's bytes: the checksum `prisma migrate deploy` stores. */
  checksum: string;
}

export function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) {
    throw new Error(`Migrations folder ${dir} not found; pass migrationsDir or run from the repository.`);
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}
