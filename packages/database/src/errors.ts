/**
 * The database could not be reached (connection refused, reset or timed out),
 * as opposed to refusing a query: the request may succeed if retried later.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'database_unavailable' as const;
  /** A reasonable wait before retrying, for Retry-After. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DatabaseUnavailableError';
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}

/** True for a DatabaseUnavailableError, also one from another copy of this module. */
export function isDatabaseUnavailable(error: unknown): error is DatabaseUnavailableError {
  return (error as { code?: unknown } | null)?.code === 'database_unavailable' && error instanceof Error;
}
