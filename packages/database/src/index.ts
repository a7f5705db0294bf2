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
export { migrate, migrationStatus, type MigrateOptions, type MigrationStatus } from './migrate.js';
export { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migrations.js';
export {
  DatabaseError,
  DatabaseUnavailableError,
  DataDirInUseError,
  isDatabaseUnavailable,
  MigrationError,
  MigrationsNotFoundError,
  type DatabaseErrorCode,
} from './errors.js';
export type { SqlSession } from './sql-session.js';
export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type {
  ApiCache,
  ApiKey,
  Membership,
  OAuthAuthorization,
  OAuthClient,
  OAuthConnection,
  OAuthConnectionStatus,
  OAuthConsent,
  OAuthGrant,
  OAuthToken,
  Tenant,
  TenantCredential,
  TenantStatus,
  ToolExecution,
  ToolExecutionStatus,
  User,
} from './generated/prisma/client.js';
