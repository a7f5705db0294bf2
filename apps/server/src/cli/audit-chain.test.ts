import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditSqlFor, createAuditWriter } from '@enterprise-mcp/audit';
import type { ToolExecutionRecord } from '@enterprise-mcp/core';
import { migrate, openDatabase, type Database } from '@enterprise-mcp/database';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';

const BIN = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));
const DAY = 86_400_000;

let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'emcp-chain-'));
  env = { PATH: process.env['PATH']!, DATA_DIR: join(dataDir, 'data'), ENV_FILE: join(dataDir, 'none.env') };
  const admin = testDatabaseUrl();
  if (admin) {
    const fresh = await createFreshDatabase(admin);
    env['DATABASE_URL'] = fresh.url;
    dropDatabase = fresh.drop;
  }
});
afterAll(async () => {
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd: dataDir, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The CLI's database, opened only between CLI runs (PGlite serves one process). */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

function record(id: string, overrides: Partial<ToolExecutionRecord> = {}): ToolExecutionRecord {
  return { id, timestamp: new Date(), tenantId: 'acme', apiKeyId: 'key-1', ecosystem: 'cloudflare', toolName: 'cloudflare_list_zones', arguments: { page: 1 }, status: 'ok', durationMs: 5, ...overrides };
}

describe('enterprise-mcp audit verify / export / retention', () => {
  it('verify passes on an intact chain, with progress, and exits 1 naming each changed, deleted or inserted row', async () => {
    await withDb(async (db) => {
      const w = createAuditWriter(auditSqlFor(db));
      for (let i = 1; i <= 12; i++) w.record(record(`r${i}`, { timestamp: new Date(Date.now() - (13 - i) * 1_000), arguments: { i, note: 'a, "quoted"\nline' } }));
      w.record(record('g1', { tenantId: 'globex' }));
      await w.close();
    });
    const intact = await cli('audit', 'verify', '--progress', '5');
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toContain('acme: intact, 12 row(s) up to sequence 12');
    expect(intact.stdout).toContain('Audit chain intact: 2 tenant(s), 13 row(s).');
    expect(intact.stderr).toContain('verify: acme: 10 of 12 rows checked');

    const sql = (text: string) => withDb((db) => db.withSession((s) => s.query(text)));
    await sql(`UPDATE tool_executions SET arguments = '{"i": 4, "note": "edited"}' WHERE id = 'r4'`);
    const changed = await cli('audit', 'verify', '--tenant', 'acme');
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/acme: CHANGED row r4 \(sequence 4, \d{4}-\d\d-\d\dT[\d:.]+Z\): row r4 does not match its hash/);
    expect(changed.stdout).toContain('Audit chain broken in 1 of 1 tenant(s).');

    await sql(`UPDATE tool_executions SET status = 'denied' WHERE id = 'r2'`);
    expect((await cli('audit', 'verify')).stdout).toMatch(/acme: CHANGED row r2 \(sequence 2/);
    await sql(`DELETE FROM tool_executions WHERE id IN ('r2', 'r4')`);
    const deleted = await cli('audit', 'verify', '--json');
    expect(deleted.code).toBe(1);
    expect(JSON.parse(deleted.stdout)).toEqual([
      expect.objectContaining({ tenantId: 'acme', ok: false, problem: expect.objectContaining({ kind: 'deleted', id: 'r3', seq: 3, message: 'row(s) 2 missing before row r3' }) }),
      expect.objectContaining({ tenantId: 'globex', ok: true, checked: 1 }),
    ]);
    await sql(`INSERT INTO tool_executions (id, tenant_id, ecosystem, tool_name, status, duration_ms) VALUES ('forged', 'globex', 'cloudflare', 'cloudflare_purge_cache', 'ok', 1)`);
    expect((await cli('audit', 'verify', '--tenant', 'globex')).stdout).toMatch(/globex: INSERTED row forged .*no chain link but is dated after the chain began/);
  }, 120_000);

  it('exports with the query filters as quoted CSV or JSON lines, to stdout or a file', async () => {
    const csv = await cli('audit', 'export', '--format', 'csv', '--tenant', 'acme', '--tool', 'cloudflare_*', '--key', 'key-1');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toBe('id,timestamp,tenant_id,api_key_id,user_id,oauth_client_id,request_id,session_id,client_name,client_version,ecosystem,tool_name,arguments,status,error_code,error_message,duration_ms,result_size,cached,traceparent,upstream_request_ids,chain_seq,chain_prev,chain_hash');
    expect(lines[1]).toMatch(/^r1,\d{4}-[^,]+Z,acme,key-1,,,,,,,cloudflare,cloudflare_list_zones,/);
    expect(lines[1]).toContain(',"{""i"":1,""note"":""a, \\""quoted\\""\\nline""}",ok,,,5,,false,,[],1,,');
    expect(csv.stdout).not.toContain('forged');
    expect((await cli('audit', 'export', '--format', 'csv', '--key', 'other')).stdout.trim().split('\n')).toHaveLength(1);

    const out = join(dataDir, 'export.jsonl');
    const jsonl = await cli('audit', 'export', '--format', 'jsonl', '--status', 'ok', '--tenant', 'acme', '--out', out);
    expect(jsonl.stderr).toContain(`Exported 10 row(s) to ${out}.`);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; chainSeq: number });
    expect(rows.map((r) => r.id)).toEqual(['r1', 'r3', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12']);
    expect(rows[0]!.chainSeq).toBe(1);
  }, 60_000);

  it('retention archives and removes old rows, verify still passes from the anchor, and later tampering is still caught', async () => {
    await withDb(async (db) => {
      await db.prisma.toolExecution.deleteMany();
      await db.prisma.auditChainHead.deleteMany();
      const w = createAuditWriter(auditSqlFor(db));
      for (let i = 1; i <= 6; i++) w.record(record(`old${i}`, { tenantId: 'initech', timestamp: new Date(Date.now() - 100 * DAY + i) }));
      for (let i = 1; i <= 3; i++) w.record(record(`new${i}`, { tenantId: 'initech' }));
      await w.close();
    });
    const missing = await cli('audit', 'retention');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('needs --older-than <days> or AUDIT_RETENTION_DAYS');

    const dry = await cli('audit', 'retention', '--older-than', '90', '--dry-run');
    expect(dry.stdout).toContain('initech: would remove 6 chained and 0 unchained row(s)');
    const archive = join(dataDir, 'archive.jsonl');
    env['AUDIT_RETENTION_DAYS'] = '90';
    const run = await cli('audit', 'retention', '--tenant', 'initech', '--archive', archive);
    delete env['AUDIT_RETENTION_DAYS'];
    expect(run.stdout).toContain('initech: removed 6 chained and 0 unchained row(s)');
    expect(run.stdout).toContain('the chain resumes after sequence 6');
    expect(readFileSync(archive, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['old1', 'old2', 'old3', 'old4', 'old5', 'old6']);

    const verified = await cli('audit', 'verify', '--tenant', 'initech');
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toContain('initech: intact, 3 row(s) up to sequence 9 (from the retention anchor at sequence 6)');

    await withDb((db) => db.withSession((s) => s.query(`UPDATE tool_executions SET arguments = '{"page": 2}' WHERE id = 'new2'`)));
    const tampered = await cli('audit', 'verify', '--tenant', 'initech');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/initech: CHANGED row new2 \(sequence 8/);
  }, 120_000);
});
