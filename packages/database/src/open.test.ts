import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openDatabase, type Database } from './open.js';
import { createFreshDatabase, needsPostgres, startTcpProxy, testDatabaseUrl, type TcpProxy } from './testing/index.js';

// Needs a PostgreSQL server behind a proxy; without TEST_DATABASE_URL it is reported as skipped.
needsPostgres.describe('openDatabase on PostgreSQL behind a failing network', () => {
  let fresh: Awaited<ReturnType<typeof createFreshDatabase>>;
  let proxy: TcpProxy;
  let db: Database;
  const warnings: string[] = [];

  beforeAll(async () => {
    fresh = await createFreshDatabase(testDatabaseUrl()!);
    const target = new URL(fresh.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    db = await openDatabase({
      databaseUrl: proxy.urlFor(fresh.url),
      poolSize: 2,
      statementTimeoutMs: 300,
      connectTimeoutMs: 500,
      logger: { debug() {}, info() {}, error() {}, warn: (obj) => void warnings.push(JSON.stringify(obj)) },
    });
  });
  afterAll(async () => {
    await db?.close();
    await proxy?.stop();
    await fresh?.drop();
  });

  it('fails queries on a silent (half-open) connection instead of waiting forever, and recovers on fresh connections', async () => {
    await db.ping();
    await db.withSession((s) => s.query('SELECT 1'));
    proxy.blackhole();
    await expect(db.ping()).rejects.toThrow();
    await expect(db.withSession((s) => s.query('SELECT 1'))).rejects.toThrow(/timeout/i);
    proxy.restore();
    await expect(eventually(() => db.ping())).resolves.toBeUndefined();
    const [row] = await db.withSession((s) => s.query('SELECT 41 + 1 AS n'));
    expect(row).toEqual({ n: 42 });
  });

  it('survives a connection reset while a session holds the connection, and the next session gets a working one', async () => {
    await expect(
      db.withSession(async (s) => {
        await s.query('SELECT 1');
        proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return s.query('SELECT 1');
      }),
    ).rejects.toThrow();
    proxy.restore();
    const [row] = await eventually(() => db.withSession((s) => s.query('SELECT 7 AS n')));
    expect(row).toEqual({ n: 7 });
    expect(warnings.some((w) => w.includes('ECONNRESET') || /terminat|lost|closed/i.test(w))).toBe(true);
  });

  it('lets a session without timeouts run longer than the statement timeout (migrations, lock waits)', async () => {
    const [row] = await db.withSession((s) => s.query('SELECT true AS slept FROM pg_sleep(0.6)'), { unbounded: true });
    expect(row).toEqual({ slept: true });
    await expect(db.withSession((s) => s.query('SELECT pg_sleep(0.6)'))).rejects.toThrow(/statement timeout/);
  });
});

/** Retries `fn` until it resolves (fresh connections after a fault), within a generous bound. */
async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

it('opens PGlite when no URL is given (timeouts apply to PostgreSQL only)', async () => {
  const db = await openDatabase({ dataDir: 'memory://', statementTimeoutMs: 1 });
  try {
    const [row] = await db.withSession((s) => s.query('SELECT 1 AS n'));
    expect(row).toEqual({ n: 1 });
  } finally {
    await db.close();
  }
});
