import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { REDACTED } from '@enterprise-mcp/core';
import { openDatabase } from '@enterprise-mcp/database';
import { needsPostgres, openTestDatabase, startTcpProxy, type TestDatabase } from '@enterprise-mcp/database/testing';
import { captureLogger, execution, flakyPrisma } from '../test/support.js';
import { auditSqlFor, createAuditWriter, type AuditWriter } from './index.js';

let t: TestDatabase;
let dirs: string[] = [];
let writers: AuditWriter[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  await Promise.all(writers.map((w) => w.close()));
  writers = [];
  await t.db.prisma.toolExecution.deleteMany();
  await t.db.prisma.auditChainHead.deleteMany();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});
afterAll(() => t.cleanup());

function writer(...args: Parameters<typeof createAuditWriter>): AuditWriter {
  const w = createAuditWriter(...args);
  writers.push(w);
  return w;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'emcp-audit-'));
  dirs.push(dir);
  return dir;
}

async function storedIds(): Promise<string[]> {
  return (await t.db.prisma.toolExecution.findMany({ select: { id: true } })).map((r) => r.id);
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('createAuditWriter', () => {
  it('starts writing as soon as a batch is full, in batches of at most batchSize, and a partial batch on the interval or flush', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const w = writer(prisma, { batchSize: 100, flushIntervalMs: 60_000 });
    for (let i = 0; i < 250; i++) w.record(execution());
    await waitFor(() => w.stats().written === 250);
    expect(state.batchSizes).toEqual([100, 100, 50]);
    for (let i = 0; i < 30; i++) w.record(execution());
    await new Promise((r) => setTimeout(r, 50));
    expect(w.stats()).toMatchObject({ written: 250, buffered: 30 });
    await w.flush();
    expect(state.batchSizes).toEqual([100, 100, 50, 30]);
    expect((await storedIds()).length).toBe(280);
  });

  it('returns from record() without touching the database', () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const w = writer(prisma, { batchSize: 10 });
    for (let i = 0; i < 25; i++) w.record(execution());
    expect(state.calls).toBe(0);
    expect(w.stats().buffered).toBe(25);
  });

  it('loses nothing and duplicates nothing through an outage in the middle of a burst', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const log = captureLogger();
    const w = writer(prisma, { batchSize: 50, flushIntervalMs: 5, retry: { initialDelayMs: 5, maxDelayMs: 40 }, logger: log });
    const ids: string[] = [];
    const burst = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const record = execution();
        ids.push(record.id);
        w.record(record);
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
    };
    await burst(500);
    state.ghostWrites = 2; // two batches commit, then the client sees an error and retries them
    await burst(300);
    state.down = true;
    await burst(700);
    await new Promise((r) => setTimeout(r, 150));
    expect(w.stats().retrying).toBe(true);
    state.down = false;
    await burst(500);
    await w.flush();

    const stored = await storedIds();
    expect(stored.length).toBe(2000);
    expect(new Set(stored)).toEqual(new Set(ids));
    expect(w.stats()).toMatchObject({ written: 2000, buffered: 0, dropped: 0, retrying: false });
    expect(w.stats().failed).toBeGreaterThan(2);
    expect(log.entries.some((e) => e.level === 'warn' && e.msg === 'audit: write failed, retrying')).toBe(true);
    expect(log.entries.some((e) => e.msg === 'audit: database writes recovered')).toBe(true);
  });

  it('spills to an append-only file when the buffer is full, and replays it when the database is back', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const spillDir = tempDir();
    const log = captureLogger();
    const w = writer(prisma, { batchSize: 50, maxBuffer: 100, spillDir, logger: log, flushIntervalMs: 5, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    state.down = true;
    const ids = Array.from({ length: 400 }, () => {
      const record = execution();
      w.record(record);
      return record.id;
    });
    expect(w.stats().spilled).toBe(300);
    await waitFor(() => w.stats().buffered === 100);
    const lines = readFileSync(join(spillDir, 'audit-spill.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(300);
    expect(log.entries.filter((e) => e.msg?.startsWith('audit: buffer full; spilling')).length).toBe(1);

    state.down = false;
    await w.flush();
    expect(new Set(await storedIds())).toEqual(new Set(ids));
    expect(w.stats()).toMatchObject({ replayed: 300, buffered: 0 });
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it('keeps records in the spill file when the database is down at close, and a later writer replays them', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const spillDir = tempDir();
    state.down = true;
    const first = createAuditWriter(prisma, { spillDir, flushTimeoutMs: 100, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    const ids = Array.from({ length: 30 }, () => {
      const record = execution();
      first.record(record);
      return record.id;
    });
    await first.close();
    expect(first.stats()).toMatchObject({ spilled: 30, buffered: 0, dropped: 0 });
    expect(await storedIds()).toEqual([]);
    // A torn line, as a crash mid-append would leave.
    writeFileSync(join(spillDir, 'audit-spill.jsonl'), readFileSync(join(spillDir, 'audit-spill.jsonl'), 'utf8') + '{"id":"tor');

    const log = captureLogger();
    const second = writer(t.db.prisma, { spillDir, logger: log });
    await second.flush();
    expect(new Set(await storedIds())).toEqual(new Set(ids));
    expect(log.entries.some((e) => e.msg === 'audit: unreadable line in spill file skipped')).toBe(true);
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it('without a spill folder, stops accepting when the buffer is full, keeps what still arrives in memory, and loses nothing once the database is back', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const log = captureLogger();
    state.down = true;
    const w = writer(prisma, { batchSize: 10, maxBuffer: 20, logger: log, flushIntervalMs: 5, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    for (let i = 0; i < 20; i++) w.record(execution());
    expect(w.accepting()).toBe(false);
    expect(w.accepting()).toBe(false);
    // Calls that were already running when refusals began.
    for (let i = 0; i < 5; i++) w.record(execution());
    expect(w.stats()).toMatchObject({ dropped: 0, buffered: 25, accepting: false });
    expect(log.entries.filter((e) => e.msg === 'audit: buffer and spill full; refusing new tool calls until the database catches up')).toHaveLength(1);
    state.down = false;
    await w.flush();
    expect((await storedIds()).length).toBe(25);
    expect(w.accepting()).toBe(true);
    expect(log.entries.some((e) => e.msg === 'audit: accepting tool calls again')).toBe(true);
  });

  it('counts records lost only when the database is still down at close and there is no spill folder', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const log = captureLogger();
    state.down = true;
    const w = createAuditWriter(prisma, { batchSize: 10, maxBuffer: 20, logger: log, flushTimeoutMs: 50 });
    for (let i = 0; i < 25; i++) w.record(execution());
    expect(w.stats().dropped).toBe(0);
    await w.close();
    expect(w.stats().dropped).toBe(25);
    expect(log.entries.some((e) => e.level === 'error' && e.msg === 'audit: database unavailable at flush and no spill folder; records lost')).toBe(true);
  });

  it('stops accepting when the buffer and the spill bound are both reached, and accepts again once the spill is replayed', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const spillDir = tempDir();
    state.down = true;
    const w = writer(prisma, { batchSize: 10, maxBuffer: 10, spillDir, spillMaxBytes: 4096, flushIntervalMs: 5, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    const ids: string[] = [];
    while (w.accepting()) {
      const record = execution();
      ids.push(record.id);
      w.record(record);
      expect(ids.length).toBeLessThan(1000);
    }
    expect(w.stats().spillBytes).toBeGreaterThanOrEqual(4096);
    const late = execution();
    ids.push(late.id);
    w.record(late);
    expect(w.stats()).toMatchObject({ dropped: 0, accepting: false });
    state.down = false;
    await w.flush();
    expect(new Set(await storedIds())).toEqual(new Set(ids));
    expect(w.stats()).toMatchObject({ spillBytes: 0, accepting: true, dropped: 0 });
  });

  it('with onFailure "spill", keeps accepting past the spill bound', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const spillDir = tempDir();
    state.down = true;
    const w = writer(prisma, { batchSize: 10, maxBuffer: 10, spillDir, spillMaxBytes: 1024, onFailure: 'spill', flushTimeoutMs: 50 });
    for (let i = 0; i < 100; i++) w.record(execution());
    expect(w.stats().spillBytes).toBeGreaterThan(1024);
    expect(w.accepting()).toBe(true);
    state.down = false;
    await w.flush();
    expect((await storedIds()).length).toBe(100);
  });

  it('counts and logs records it cannot spill because the folder is unusable, without crashing, and stops accepting', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const notADir = join(tempDir(), 'a-file');
    writeFileSync(notADir, '');
    const log = captureLogger();
    state.down = true;
    const w = createAuditWriter(prisma, { batchSize: 10, maxBuffer: 10, spillDir: notADir, logger: log, flushTimeoutMs: 50 });
    for (let i = 0; i < 15; i++) w.record(execution());
    await waitFor(() => w.stats().dropped === 5);
    expect(log.entries.some((e) => e.level === 'error' && e.msg === 'audit: could not append to the spill file; records lost')).toBe(true);
    expect(w.accepting()).toBe(false);
    await w.close();
    expect(w.stats()).toMatchObject({ dropped: 15, buffered: 0 });
  });

  it('does not retry the replay of spilled rows at flush while the database is down (shutdown waits one flush timeout, not one per flush)', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const spillDir = tempDir();
    state.down = true;
    const w = writer(prisma, { spillDir, flushTimeoutMs: 200, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    for (let i = 0; i < 30; i++) w.record(execution());
    await w.flush();
    expect(w.stats()).toMatchObject({ spilled: 30, buffered: 0 });
    const attempts = state.calls;
    await w.flush();
    expect(state.calls).toBe(attempts);
    state.down = false;
  });

  it('moves what is in memory to the spill file after one short try when the database was already down before the flush', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const spillDir = tempDir();
    state.down = true;
    // A flush timeout far beyond the test's own: only the short outage try lets this finish.
    const w = writer(prisma, { spillDir, flushTimeoutMs: 600_000, flushIntervalMs: 5, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    for (let i = 0; i < 30; i++) w.record(execution());
    await waitFor(() => w.stats().retrying);
    await w.flush();
    expect(w.stats()).toMatchObject({ spilled: 30, buffered: 0, dropped: 0 });
    state.down = false;
  });

  it('writes everything buffered on close', async () => {
    const w = createAuditWriter(t.db.prisma, { batchSize: 1000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 10; i++) w.record(execution());
    expect(await storedIds()).toEqual([]);
    await w.close();
    expect((await storedIds()).length).toBe(10);
  });

  it('sets aside records the database refuses as invalid data, and writes the rest of their batch', async () => {
    const { prisma, state } = flakyPrisma(auditSqlFor(t.db));
    const spillDir = tempDir();
    const log = captureLogger();
    const w = writer(prisma, { batchSize: 100, spillDir, logger: log });
    const records = Array.from({ length: 100 }, () => execution());
    state.poisonIds.add(records[17]!.id).add(records[80]!.id);
    records.forEach((r) => w.record(r));
    await w.flush();
    expect((await storedIds()).length).toBe(98);
    expect(w.stats()).toMatchObject({ written: 98, rejected: 2, retrying: false, buffered: 0 });
    expect(log.entries.filter((e) => e.msg === 'audit: the database refused a record as invalid; set aside')).toHaveLength(2);
    await waitFor(() => existsSync(join(spillDir, 'audit-rejected.jsonl')) && readFileSync(join(spillDir, 'audit-rejected.jsonl'), 'utf8').trim().split('\n').length === 2);
  });

  it('stores strings cut inside a surrogate pair, which PostgreSQL would otherwise refuse', async () => {
    const w = writer(t.db.prisma, { redact: { maxStringLength: 3 } });
    const record = execution({ arguments: { emoji: 'ab😀cd', lone: 'x\ud800y' }, errorMessage: 'bad \udc00 end' });
    w.record(record);
    await w.flush();
    expect(w.stats()).toMatchObject({ written: 1, rejected: 0 });
    const row = await t.db.prisma.toolExecution.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.arguments).toEqual({ emoji: 'ab\ufffd…[truncated, 6 chars]', lone: 'x\ufffdy' });
    expect(row.errorMessage).toBe('bad \ufffd end');
  });

  it('stores every field of a record as given', async () => {
    const w = writer(t.db.prisma);
    const full = execution({
      timestamp: new Date('2026-11-25T10:11:12.345Z'),
      sessionId: 'session-1',
      userId: 'user-1',
      oauthClientId: 'https://claude.ai/oauth/mcp-oauth-client-metadata',
      clientName: 'claude-ai',
      clientVersion: '1.2.3',
      arguments: { list: [1, 'two', { three: true }], empty: null },
      status: 'rate_limited',
      errorCode: 'RATE_LIMITED',
      errorMessage: 'slow down',
      resultSize: 2048,
      cached: true,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      upstreamRequestIds: ['b7a9c4e2-1f3d-4e5a-9b8c-7d6e5f4a3b2c', 'c8bad5f3-2e4d-4f6b-8c9d-8e7f6a5b4c3d'],
    });
    const bare = execution({ apiKeyId: undefined, requestId: null, arguments: undefined });
    w.record(full);
    w.record(bare);
    await w.flush();
    expect(await t.db.prisma.toolExecution.findUniqueOrThrow({ where: { id: full.id } })).toEqual({
      ...full,
      arguments: { list: [1, 'two', { three: true }], empty: null },
      chainSeq: 1n,
      chainPrev: null,
      chainHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await t.db.prisma.toolExecution.findUniqueOrThrow({ where: { id: bare.id } })).toMatchObject({
      apiKeyId: null,
      userId: null,
      oauthClientId: null,
      requestId: null,
      sessionId: null,
      arguments: null,
      errorCode: null,
      resultSize: null,
      cached: false,
      traceparent: null,
      upstreamRequestIds: [],
    });
  });

  it('redacts secret-looking and configured argument paths, truncates long values, and stores odd values safely', async () => {
    const w = writer(t.db.prisma, { redact: { paths: ['config.webhook'], maxStringLength: 100 } });
    const record = execution({
      arguments: { apiToken: 'cf-secret', nested: { password: 'hunter2', zone: 'example.com' }, config: { webhook: 'https://hook', name: 'x' }, note: 'a'.repeat(5000), nul: 'a\u0000b' },
      status: 'exploded' as never,
      durationMs: 12.7,
      errorMessage: 'm'.repeat(10_000),
    });
    w.record(record);
    await w.flush();
    const row = await t.db.prisma.toolExecution.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.arguments).toEqual({
      apiToken: REDACTED,
      nested: { password: REDACTED, zone: 'example.com' },
      config: { webhook: REDACTED, name: 'x' },
      note: `${'a'.repeat(100)}…[truncated, 5000 chars]`,
      nul: 'ab',
    });
    expect(row.status).toBe('tool_error');
    expect(row.durationMs).toBe(13);
    expect(row.errorMessage).toMatch(/…\[truncated, 10000 chars\]$/);
    expect(JSON.stringify({ ...row, chainSeq: Number(row.chainSeq) })).not.toContain('hunter2');
  });
});

// A network outage needs a PostgreSQL server behind a proxy; without TEST_DATABASE_URL this is reported as skipped.
needsPostgres.describe('createAuditWriter on PostgreSQL through a network outage', () => {
  it('keeps every record, once, when the connection is cut mid-burst and restored', async () => {
    const target = new URL(t.url!);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const db = await openDatabase({ databaseUrl: proxy.urlFor(t.url!), poolSize: 2 });
    const spillDir = tempDir();
    const log = captureLogger();
    const w = createAuditWriter(db.prisma, {
      batchSize: 100,
      maxBuffer: 500,
      spillDir,
      logger: log,
      flushIntervalMs: 10,
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    const ids: string[] = [];
    const burst = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const record = execution();
        ids.push(record.id);
        w.record(record);
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
    };
    try {
      await burst(1000);
      proxy.cut();
      await burst(1000);
      // Wait for the writer to notice the outage (a failed write) rather than for a fixed time.
      while (!w.stats().retrying) await new Promise((r) => setTimeout(r, 10));
      expect(w.stats().spilled).toBeGreaterThan(0);
      proxy.restore();
      await burst(1000);
      await w.close();

      const [row] = await t.db.withSession((s) => s.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM tool_executions'));
      expect(row).toEqual({ n: 3000, d: 3000 });
      expect(new Set(await storedIds())).toEqual(new Set(ids));
      expect(w.stats()).toMatchObject({ buffered: 0, dropped: 0 });
      expect(readdirSync(spillDir)).toEqual([]);
      expect(log.entries.some((e) => e.msg?.startsWith('audit: buffer full; spilling'))).toBe(true);
    } finally {
      await db.close();
      await proxy.stop();
    }
  });
});
