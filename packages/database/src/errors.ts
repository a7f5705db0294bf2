export type DatabaseErrorCode = 'data_dir_in_use' | 'migration_failed' | 'migrations_not_found';

/** Errors of the database package, each with a code a caller can branch on. */
export abstract class DatabaseError extends Error {
  abstract readonly code: DatabaseErrorCode;
  constructor(message: string) {
    super(message);
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
