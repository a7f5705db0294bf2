export {
  openDatabase,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_POOL_SIZE,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  type Database,
  type DatabaseKind,
  type OpenDatabaseOptions,
  type SessionOptions,
} from './open.js';
export { DatabaseUnavailableError, isDatabaseUnavailable } from './errors.js';
export { migrate, migrationStatus, MigrationError, type MigrateOptions, type MigrationStatus } from './migrate.js';
export { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migrations.js';
export { DataDirInUseError } from './data-dir-lock.js';
export type { SqlSession } from './sql-session.js';
export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type {
  ApiKey,
  Tenant,
  TenantCredential,
  TenantStatus,
  ToolExecution,
  ToolExecutionStatus,
} from './generated/prisma/client.js';
