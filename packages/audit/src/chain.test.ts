import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '@enterprise-mcp/database';
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { execution } from '../test/support.js';
import { applyRetention, auditSqlFor, canonicalRow, createAuditWriter, verifyAuditChain, type AuditWriter } from './index.js';

describe('canonicalRow', () => {
  it('is the same whatever the key order of the arguments, and omits null fields', () => {
    const base = { id: 'r1', timestamp: new Date('2026-12-02T10:00:00.123Z'), tenantId: 't', ecosystem: 'e', toolName: 'e_x', status: 'ok', durationMs: 3, errorCode: null };
    const a = canonicalRow({ ...base, arguments: { b: 1, a: { y: [1, 2], x: 'é' } } }, { seq: 1, prev: null });
    const b = canonicalRow({ ...base, arguments: { a: { x: 'é', y: [1, 2] }, b: 1 } }, { seq: 1, prev: null });
    expect(a).toBe(b);
    expect(a).toBe('{"arguments":{"a":{"x":"é","y":[1,2]},"b":1},"durationMs":3,"ecosystem":"e","id":"r1","seq":1,"status":"ok","tenantId":"t","timestamp":"2026-12-02T10:00:00.123Z","toolName":"e_x","v":"emcp-audit-chain/v1"}');
  });
});

describeEachDatabase('the audit hash chain on %s', (kind) => {
  let t: TestDatabase;
  let writers: AuditWriter[] = [];
  beforeAll(async () => {
    t = await openTestDatabase({ kind });
  });
  afterEach(async () => {
    await Promise.all(writers.map((w) => w.close()));
    writers = [];
    await t.db.prisma.toolExecution.deleteMany();
    await t.db.prisma.auditChainHead.deleteMany();
    await t.db.prisma.auditChainAnchor.deleteMany();
  });
  afterAll(() => t.cleanup());

  async function write(records: ReturnType<typeof execution>[], db: Database = t.db): Promise<void> {
    const w = createAuditWriter(auditSqlFor(db), { batchSize: 7 });
    records.forEach((r) => w.record(r));
    await w.close();
  }
  const sql = (text: string, params: unknown[] = []) => t.db.withSession((s) => s.query(text, params));
  const verify = async (tenantId?: string) => verifyAuditChain(t.db.prisma, tenantId ? { tenantId } : {});

  it('numbers and links each tenant\'s rows, and a retried batch neither duplicates nor advances the chain', async () => {
    const records = Array.from({ length: 30 }, (_, i) => execution({ tenantId: i % 3 ? 'acme' : 'globex', arguments: { i } }));
    await write(records);
    await write(records.slice(0, 10)); // as a replayed spill or an ambiguous commit would
    const rows = await t.db.prisma.toolExecution.findMany({ where: { tenantId: 'acme' }, orderBy: { chainSeq: 'asc' } });
    expect(rows.map((r) => Number(r.chainSeq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows[0]!.chainPrev).toBeNull();
    rows.slice(1).forEach((row, i) => expect(row.chainPrev).toBe(rows[i]!.chainHash));
    const report = await verify();
    expect(report.map((r) => [r.tenantId, r.ok, r.checked])).toEqual([['acme', true, 20], ['globex', true, 10]]);
  });

  it('catches a row changed with SQL (arguments, then status), a deleted row, and an inserted one', async () => {
    const records = Array.from({ length: 12 }, (_, i) => execution({ tenantId: 'acme', arguments: { page: i } }));
    await write(records);
    const third = records[2]!;

    await sql(`UPDATE tool_executions SET arguments = '{"page": 99}' WHERE id = $1`, [third.id]);
    expect((await verify('acme'))[0]).toMatchObject({ ok: false, problem: { kind: 'changed', id: third.id, seq: 3, timestamp: third.timestamp } });
    await sql(`UPDATE tool_executions SET arguments = '{"page": 2}' WHERE id = $1`, [third.id]);
    expect((await verify('acme'))[0]!.ok).toBe(true); // the same JSON again, whatever its spacing

    await sql(`UPDATE tool_executions SET status = 'denied' WHERE id = $1`, [records[5]!.id]);
    expect((await verify('acme'))[0]!.problem).toMatchObject({ kind: 'changed', id: records[5]!.id, seq: 6 });
    await sql(`UPDATE tool_executions SET status = 'ok' WHERE id = $1`, [records[5]!.id]);

    await sql(`DELETE FROM tool_executions WHERE id = $1`, [records[7]!.id]);
    expect((await verify('acme'))[0]!.problem).toMatchObject({ kind: 'deleted', id: records[8]!.id, seq: 9, message: expect.stringContaining('row(s) 8 missing') });
  });

  it('catches an unchained row inserted after the chain began, a row beyond the head, and rows deleted from the end', async () => {
    const records = Array.from({ length: 5 }, () => execution({ tenantId: 'acme' }));
    await write(records);
    await sql(`INSERT INTO tool_executions (id, tenant_id, ecosystem, tool_name, status, duration_ms) VALUES ('forged', 'acme', 'cloudflare', 'cloudflare_list_zones', 'ok', 1)`);
    expect((await verify('acme'))[0]!.problem).toMatchObject({ kind: 'inserted', id: 'forged' });
    await sql(`UPDATE tool_executions SET chain_seq = 6, chain_prev = $1, chain_hash = 'x' WHERE id = 'forged'`, [(await t.db.prisma.auditChainHead.findUniqueOrThrow({ where: { tenantId: 'acme' } })).hash]);
    expect((await verify('acme'))[0]!.problem).toMatchObject({ kind: 'inserted', id: 'forged', seq: 6 });
    await sql(`DELETE FROM tool_executions WHERE id = 'forged' OR id = $1`, [records[4]!.id]);
    expect((await verify('acme'))[0]!.problem).toMatchObject({ kind: 'deleted', seq: 5, message: expect.stringContaining('missing at the end') });
  });

  it('reports rows from before the chain began as unchained, not as tampering', async () => {
    await sql(`INSERT INTO tool_executions (id, timestamp, tenant_id, ecosystem, tool_name, status, duration_ms) VALUES ('legacy', now() - interval '30 days', 'acme', 'cloudflare', 'cloudflare_list_zones', 'ok', 1)`);
    await sql(`UPDATE audit_chain_start SET started_at = now() - interval '1 day'`);
    await write([execution({ tenantId: 'acme' })]);
    expect((await verify('acme'))[0]).toMatchObject({ ok: true, unchained: 1, checked: 1 });
  });

  it('keeps the chain verifiable after retention (from its anchor), and still catches tampering after it', async () => {
    const day = 86_400_000;
    const old = Array.from({ length: 25 }, (_, i) => execution({ tenantId: 'acme', timestamp: new Date(Date.now() - 40 * day + i) }));
    const young = Array.from({ length: 5 }, () => execution({ tenantId: 'acme' }));
    await write([...old, ...young]);
    const dry = await applyRetention(t.db.prisma, { olderThan: new Date(Date.now() - 30 * day), dryRun: true });
    expect(dry).toEqual([{ tenantId: 'acme', removed: 25, removedUnchained: 0, anchorSeq: 25 }]);
    expect(await t.db.prisma.toolExecution.count()).toBe(30);

    const lines: string[] = [];
    const archive = new (await import('node:stream')).Writable({ write: (chunk, _e, done) => void (lines.push(String(chunk)), done()) });
    const done = await applyRetention(t.db.prisma, { olderThan: new Date(Date.now() - 30 * day), chunkSize: 10, archive });
    expect(done).toEqual([{ tenantId: 'acme', removed: 25, removedUnchained: 0, anchorSeq: 25 }]);
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(old.map((r) => r.id));
    expect(await t.db.prisma.auditChainAnchor.findMany()).toEqual([expect.objectContaining({ tenantId: 'acme', seq: 25n, removedRows: 25, hash: (JSON.parse(lines[24]!) as { chainHash: string }).chainHash })]);
    expect((await verify('acme'))[0]).toMatchObject({ ok: true, checked: 5, fromSeq: 25 });

    await write([execution({ tenantId: 'acme' })]);
    expect((await verify('acme'))[0]).toMatchObject({ ok: true, checked: 6 });
    await sql(`DELETE FROM tool_executions WHERE id = $1`, [young[0]!.id]);
    expect((await verify('acme'))[0]!.problem).toMatchObject({ kind: 'deleted', id: young[1]!.id, seq: 27 });
  });

  it('keeps one unbroken chain when two writers on separate clients interleave many rows for one tenant', async () => {
    // A second client on the same database: its own pool on PostgreSQL; PGlite has a single connection to share.
    const second: Database = kind === 'postgres' ? await openDatabase({ databaseUrl: t.url!, poolSize: 2 }) : t.db;
    try {
      const a = createAuditWriter(auditSqlFor(t.db), { batchSize: 20, flushIntervalMs: 1 });
      const b = createAuditWriter(auditSqlFor(second), { batchSize: 20, flushIntervalMs: 1 });
      for (let i = 0; i < 1_000; i++) {
        (i % 2 ? a : b).record(execution({ tenantId: 'acme', arguments: { i } }));
        if (i % 25 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      await Promise.all([a.close(), b.close()]);
      expect(a.stats()).toMatchObject({ written: 500, rejected: 0 });
      expect(b.stats()).toMatchObject({ written: 500, rejected: 0 });
      expect((await verify('acme'))[0]).toMatchObject({ ok: true, checked: 1_000, headSeq: 1_000 });
    } finally {
      if (second !== t.db) await second.close();
    }
  }, 60_000);
});
