import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationsNotFoundError } from './errors.js';

/** `prisma/migrations` at the repository root: `src/` and `dist/` sit at the same depth. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

export interface MigrationFile {
  /** The folder name, as `prisma migrate` records it (`20261125120000_init`). */
  name: string;
  sql: string;
  /** Hex SHA-256 of the file's bytes: the checksum `prisma migrate deploy` stores. */
  checksum: string;
  /** Checksums of the file with CRLF turned to LF and LF to CRLF, which Prisma also accepts (a Windows checkout). */
  equivalentChecksums: string[];
}

export function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) {
    throw new MigrationsNotFoundError(dir);
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      const sql = bytes.toString('utf8');
      return { name, sql, checksum: sha256(bytes).toString('hex'), equivalentChecksums: [sha256(sql.replaceAll('\r\n', '\n')), sha256(sql.replaceAll('\n', '\r\n'))].map((d) => d.toString('hex')) };
    });
}

function sha256(data: string | Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * Whether a recorded checksum is this file's, the way Prisma's schema engine
 * decides it: the file as is, or with LF/CRLF line endings swapped (a Windows
 * checkout), and in the unpadded hex some old Prisma versions wrote.
 */
export function checksumMatches(file: MigrationFile, recorded: string): boolean {
  const candidates = [file.checksum, ...file.equivalentChecksums];
  if (recorded.length === 64) return candidates.includes(recorded);
  return candidates.some((hex) => unpadded(hex) === recorded);
}

function unpadded(hex: string): string {
  return (hex.match(/../g) ?? []).map((byte) => Number.parseInt(byte, 16).toString(16)).join('');
}
