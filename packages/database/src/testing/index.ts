import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../migrate.js';
import { openDatabase, type Database } from '../open.js';

export interface TestDatabase {
  db: Database;
  /** The fresh database's URL (PostgreSQL only), for a second process or connection. */
  url?: string;
  /** Closes the connection and drops the fresh database. */
  cleanup(): Promise<void>;
}

/** `TEST_DATABASE_URL` when set: the PostgreSQL server tests may create databases on. */
export function testDatabaseUrl(): string | undefined {
  return process.env['TEST_DATABASE_URL'] || undefined;
}

/**
 * A migrated, empty database for one test file: a fresh `test_<random>`
 * database on the `TEST_DATABASE_URL` server when set, else in-memory PGlite.
 */
export async function openTestDatabase(options: { kind?: 'postgres' | 'pglite'; migrated?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const adminUrl = testDatabaseUrl();
  const kind = options.kind ?? (adminUrl ? 'postgres' : 'pglite');
  if (kind === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    if (options.migrated !== false) await migrate(db);
    return { db, cleanup: () => db.close() };
  }
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: PostgreSQL tests need a server to create databases on');
  const fresh = await createFreshDatabase(adminUrl);
  const db = await openDatabase({ databaseUrl: fresh.url, poolSize: options.poolSize ?? 4 });
  if (options.migrated !== false) await migrate(db);
  return {
    db,
    url: fresh.url,
    cleanup: async () => {
      await db.close();
      await fresh.drop();
    },
  };
}

/** Creates `test_<random>` through the admin URL's server; `drop()` removes it. */
export async function createFreshDatabase(adminUrl: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export { describeEachDatabase, needsEnv, needsPostgres, needsRedis, type ServiceGate } from './needs.js';
export { startTcpProxy, type ProxyMode, type TcpProxy } from './tcp-proxy.js';
