import { describe, test } from '@jest/globals';

type TestFn = Parameters<typeof test>[1];
type DescribeFn = Parameters<typeof describe>[1];

/**
 * Registers tests that need a real service named by an environment variable.
 * When the variable is set they run; when it is unset they are still
 * registered, as skipped, with the reason in their name (`… (needs
 * TEST_DATABASE_URL)`), so a run without the service reports what it did not
 * check instead of leaving the tests out. CI sets every variable.
 */
export interface ServiceGate {
  /** The variable's value, or undefined when the service is not available. */
  readonly url: string | undefined;
  /** `test(name, fn)` when the service is available, else a skipped test naming the variable. */
  (name: string, fn: TestFn, timeout?: number): void;
  /** The same for a whole `describe` block: its tests are reported as skipped, its hooks do not run. */
  describe(name: string, fn: DescribeFn): void;
}

export function needsEnv(variable: string): ServiceGate {
  const url = () => process.env[variable] || undefined;
  const title = (name: string) => (url() ? name : `${name} (needs ${variable})`);
  const gate = ((name: string, fn: TestFn, timeout?: number) => {
    const register = url() ? test : test.skip;
    register(title(name), fn, timeout);
  }) as ServiceGate;
  Object.defineProperty(gate, 'url', { get: url });
  gate.describe = (name, fn) => {
    const register = url() ? describe : describe.skip;
    register(title(name), fn);
  };
  return gate;
}

/** Tests that need a PostgreSQL server to create databases on (`TEST_DATABASE_URL`). */
export const needsPostgres = needsEnv('TEST_DATABASE_URL');

/** Tests that need a Redis server (`TEST_REDIS_URL`). */
export const needsRedis = needsEnv('TEST_REDIS_URL');

/**
 * One `describe` per database kind: always PGlite, and PostgreSQL when
 * `TEST_DATABASE_URL` is set (else the PostgreSQL block is reported as skipped
 * with that reason). `%s` in the title becomes the kind.
 */
export function describeEachDatabase(title: string, fn: (kind: 'pglite' | 'postgres') => void): void {
  describe(title.replace('%s', 'pglite'), () => fn('pglite'));
  needsPostgres.describe(title.replace('%s', 'postgres'), () => fn('postgres'));
}
