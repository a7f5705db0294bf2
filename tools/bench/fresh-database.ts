import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh `bench_<random>` database on the admin URL's server; `drop()` removes it.
 * The benchmarks run outside Jest, and `@enterprise-mcp/database/testing` (whose
 * createFreshDatabase this mirrors) also exports Jest helpers that cannot load here.
 */
export async function createBenchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
