export type DatabaseErrorCode = 'data_dir_in_use' | 'migration_failed' | 'migrations_not_found' | 'database_unavailable';

/** Errors of the database package, each with a code a caller can branch on. */
export abstract class DatabaseError extends Error {
  abstract readonly code: DatabaseErrorCode;
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

/** The embedded database's folder is held by another live process. */
export class DataDirInUseError extends DatabaseError {
  readonly code = 'data_dir_in_use' as const;
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${holderPid}. PGlite serves one process: stop that process, ` +
        'or set DATABASE_URL to a PostgreSQL database to share data between processes.',
    );
  }
}

/** A migration could not be applied, or an applied one was changed since. */
export class MigrationError extends DatabaseError {
  readonly code = 'migration_failed' as const;
  constructor(
    message: string,
    readonly migration: string,
  ) {
    super(message);
  }
}

/** The folder of SQL migrations is not where it was looked for. */
export class MigrationsNotFoundError extends DatabaseError {
  readonly code = 'migrations_not_found' as const;
  constructor(readonly dir: string) {
    super(`Migrations folder ${dir} not found; pass migrationsDir or run from the repository.`);
  }
}

/**
 * The database could not be reached (connection refused, reset or timed out),
 * as opposed to refusing a query: the request may succeed if retried later.
 */
export class DatabaseUnavailableError extends DatabaseError {
  readonly code = 'database_unavailable' as const;
  /** A reasonable wait before retrying, for Retry-After. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, options.cause);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}

/** True for a DatabaseUnavailableError, also one from another copy of this module. */
export function isDatabaseUnavailable(error: unknown): error is DatabaseUnavailableError {
  return (error as { code?: unknown } | null)?.code === 'database_unavailable' && error instanceof Error;
}
