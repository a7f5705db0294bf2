export { openDatabase, DEFAULT_POOL_SIZE, type Database, type DatabaseKind, type OpenDatabaseOptions } from './open.js';
export { migrate, migrationStatus, type MigrateOptions, type MigrationStatus } from './migrate.js';
export { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migrations.js';
export { DatabaseError, DataDirInUseError, MigrationError, MigrationsNotFoundError, type DatabaseErrorCode } from './errors.js';
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
