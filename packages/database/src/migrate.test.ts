import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_MIGRATIONS_DIR, migrate, migrationStatus, MigrationError, openDatabase, readMigrations } from './index.js';
import { checksumMatches } from './migrations.js';
import { openTestDatabase, describeEachDatabase, needsPostgres, type TestDatabase } from './testing/index.js';

const allMigrations = readMigrations().map((m) => m.name);

describeEachDatabase('migrate on %s', (kind) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDatabase({ kind, migrated: false });
    dir = mkdtempSync(join(tmpdir(), 'emcp-migrations-'));
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  });
  afterAll(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports every migration pending on an empty database', async () => {
    const status = await migrationStatus(t.db, { migrationsDir: dir });
    expect(status).toEqual({ applied: [], pending: allMigrations, changed: [], failed: [] });
  });

  it('applies every migration once and records it as prisma migrate deploy does', async () => {
    expect(await migrate(t.db, { migrationsDir: dir })).toEqual({ applied: allMigrations });
    expect(await migrate(t.db, { migrationsDir: dir })).toEqual({ applied: [] });
    const rows = await t.db.withSession((s) =>
      s.query('SELECT id, checksum, migration_name, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations"'),
    );
    const expected = readMigrations(dir);
    expect(rows).toHaveLength(expected.length);
    expect(rows[0]).toMatchObject({ migration_name: expected[0]!.name, checksum: expected[0]!.checksum, applied_steps_count: 1, rolled_back_at: null, logs: null });
    expect(rows[0]!['id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0]!['finished_at']).toBeInstanceOf(Date);
    expect((await migrationStatus(t.db, { migrationsDir: dir })).pending).toEqual([]);
  });

  it('keeps the columns of Prisma’s own _prisma_migrations table', async () => {
    const columns = await t.db.withSession((s) =>
      s.query(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      ),
    );
    expect(columns.map((c) => `${c['column_name']} ${c['data_type']} ${c['is_nullable']}`)).toEqual([
      'id character varying NO',
      'checksum character varying NO',
      'finished_at timestamp with time zone YES',
      'migration_name character varying NO',
      'logs text YES',
      'rolled_back_at timestamp with time zone YES',
      'started_at timestamp with time zone NO',
      'applied_steps_count integer NO',
    ]);
  });

  it('accepts an applied migration checked out with CRLF line endings, as Prisma does', async () => {
    const file = join(dir, allMigrations[0]!, 'migration.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replaceAll('\n', '\r\n'));
    expect((await migrationStatus(t.db, { migrationsDir: dir })).changed).toEqual([]);
    expect(await migrate(t.db, { migrationsDir: dir })).toEqual({ applied: [] });
    writeFileSync(file, original);
  });

  it('refuses an applied migration whose file changed, naming it', async () => {
    const [first] = allMigrations;
    appendFileSync(join(dir, first!, 'migration.sql'), '\n-- edited after it was applied\n');
    const failure = migrate(t.db, { migrationsDir: dir });
    await expect(failure).rejects.toThrow(MigrationError);
    await expect(failure).rejects.toThrow(new RegExp(`Migration ${first} was changed after it was applied`));
    expect((await migrationStatus(t.db, { migrationsDir: dir })).changed).toEqual([first]);
  });

  it('rolls back a migration that fails, records nothing, and names it', async () => {
    // Undo the previous test's edit, then add a migration that fails half-way.
    cpSync(join(DEFAULT_MIGRATIONS_DIR, allMigrations[0]!), join(dir, allMigrations[0]!), { recursive: true });
    mkdirSync(join(dir, '29991231000000_broken'));
    writeFileSync(join(dir, '29991231000000_broken', 'migration.sql'), 'CREATE TABLE "probe_table" (id int);\nSELECT * FROM no_such_table;\n');
    await expect(migrate(t.db, { migrationsDir: dir })).rejects.toThrow(/Migration 29991231000000_broken failed/);
    const [probe] = await t.db.withSession((s) => s.query(`SELECT to_regclass('probe_table') IS NOT NULL AS "exists"`));
    expect(probe!['exists']).toBe(false);
    expect((await migrationStatus(t.db, { migrationsDir: dir })).pending).toEqual(['29991231000000_broken']);
  });
});

describe('openDatabase', () => {
  it('persists PGlite data in its folder and refuses a second process on it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emcp-data-'));
    try {
      const first = await openDatabase({ dataDir });
      await migrate(first);
      await first.prisma.tenant.create({ data: { id: 't1', slug: 'acme', name: 'Acme' } });
      await first.close();

      // The parent process stands in for a live server holding the folder.
      writeFileSync(join(dataDir, 'emcp.pid'), String(process.ppid));
      await expect(openDatabase({ dataDir })).rejects.toThrow(`in use by process ${process.ppid}`);
      rmSync(join(dataDir, 'emcp.pid'));

      const second = await openDatabase({ dataDir });
      expect(second.kind).toBe('pglite');
      expect((await migrationStatus(second)).pending).toEqual([]);
      expect(await second.prisma.tenant.findUnique({ where: { slug: 'acme' } })).toMatchObject({ id: 't1' });
      await second.ping();
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Three PGlite starts in a folder: ~9 s alone, far more on a loaded 2-core machine.
  }, 90_000);

  it('rejects a DATABASE_URL that is not a PostgreSQL URL, naming the variable', async () => {
    await expect(openDatabase({ databaseUrl: 'mysql://localhost/db' })).rejects.toThrow(/DATABASE_URL must be a postgresql:\/\/ URL/);
  });
});

// Several processes share one database only on PostgreSQL; without TEST_DATABASE_URL these are reported as skipped.
needsPostgres.describe('migrate on PostgreSQL from several processes at once', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase({ kind: 'postgres', migrated: false });
  });
  afterAll(() => t.cleanup());

  it('applies each migration exactly once when started concurrently', async () => {
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: t.url!, poolSize: 1 })));
    try {
      const results = await Promise.all([t.db, ...others].map((db) => migrate(db)));
      expect(results.flatMap((r) => r.applied).sort()).toEqual(allMigrations);
      const [count] = await t.db.withSession((s) => s.query('SELECT count(*)::int AS n FROM "_prisma_migrations"'));
      expect(count!['n']).toBe(allMigrations.length);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });

  it('bounds the pool at poolSize connections', async () => {
    const db = await openDatabase({ databaseUrl: t.url!, poolSize: 2 });
    try {
      // Ten queries of 0.3 s each: with at most two connections they queue for ~1.5 s. Sample the
      // server's view of them for as long as they run; the most ever running at once is the bound.
      let done = false;
      const sleeps = Promise.all(Array.from({ length: 10 }, () => db.prisma.$queryRawUnsafe('SELECT 1 AS slept FROM pg_sleep(0.3)'))).finally(() => {
        done = true;
      });
      let most = 0;
      while (!done) {
        const [row] = await t.db.withSession((s) =>
          s.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(0.3)%' AND state = 'active' AND pid <> pg_backend_pid()`),
        );
        most = Math.max(most, row!['n'] as number);
        await new Promise((r) => setImmediate(r));
      }
      expect(await sleeps).toHaveLength(10);
      expect(most).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe('checksumMatches', () => {
  const file = (sql: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'emcp-checksum-'));
    mkdirSync(join(dir, '20260101000000_x'));
    writeFileSync(join(dir, '20260101000000_x', 'migration.sql'), sql);
    const [migration] = readMigrations(dir);
    rmSync(dir, { recursive: true });
    return migration!;
  };

  it('agrees with Prisma’s schema engine on line endings and old unpadded checksums', () => {
    // Prisma's own test vectors (prisma-engines, checksum.rs).
    expect(file('hello').checksum).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    const lf = file('ab\ncd\nef\ngh\rab\n');
    const crlf = file('ab\r\ncd\r\nef\r\ngh\rab\r\n');
    expect(checksumMatches(lf, crlf.checksum)).toBe(true);
    expect(checksumMatches(crlf, lf.checksum)).toBe(true);
    expect(checksumMatches(file('abc'), file('abcd').checksum)).toBe(false);
    expect(checksumMatches(file('abc\n'), file('abc').checksum)).toBe(false);
    const hello = file('hello');
    const unpadded = hello.checksum.match(/../g)!.map((b) => Number.parseInt(b, 16).toString(16)).join('');
    expect(unpadded.length).toBeLessThan(64);
    expect(checksumMatches(hello, unpadded)).toBe(true);
  });
});
