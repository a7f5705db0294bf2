/**
 * `npm run bench:audit [-- --records 100000]`: writes N audit records through
 * the batching writer into PostgreSQL (TEST_DATABASE_URL, else DATABASE_URL,
 * else postgresql://postgres@127.0.0.1:5432/test; in a fresh database that is
 * dropped afterwards) and into embedded PGlite (a temporary folder), and prints
 * sustained rows/s (first record() to last row committed) and enqueue latency.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditSqlFor, createAuditWriter } from '@enterprise-mcp/audit';
import type { ToolExecutionRecord } from '@enterprise-mcp/core';
import { migrate, openDatabase, type Database } from '@enterprise-mcp/database';
import { createBenchDatabase } from './fresh-database.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    'pglite-records': { type: 'string', default: '50000' },
    'batch-size': { type: 'string', default: '1000' },
  },
});
const TOOLS = ['cloudflare_list_zones', 'cloudflare_purge_cache', 'ghl_get_contact', 'godaddy_list_domains'];
const STATUSES = ['ok', 'ok', 'ok', 'tool_error', 'denied', 'upstream_error'] as const;

function record(i: number): ToolExecutionRecord {
  return {
    id: randomUUID(),
    timestamp: new Date(),
    tenantId: `tenant-${i % 20}`,
    apiKeyId: `key-${i % 50}`,
    requestId: randomUUID(),
    clientName: 'bench',
    clientVersion: '1.0.0',
    ecosystem: TOOLS[i % TOOLS.length]!.split('_')[0]!,
    toolName: TOOLS[i % TOOLS.length]!,
    arguments: { zoneId: 'z'.repeat(32), page: i % 10, apiToken: 'secret-value' },
    status: STATUSES[i % STATUSES.length]!,
    durationMs: 5 + (i % 300),
  };
}

interface Result {
  target: string;
  records: number;
  seconds: number;
  rowsPerSecond: number;
  enqueueP50us: number;
  enqueueP99us: number;
  enqueueMaxUs: number;
  stored: number;
}

async function run(target: string, db: Database, n: number): Promise<Result> {
  await migrate(db);
  const batchSize = Number(values['batch-size']);
  const writer = createAuditWriter(auditSqlFor(db), { batchSize, maxBuffer: n, flushIntervalMs: 50 });
  const records = Array.from({ length: n }, (_, i) => record(i));
  const latencies = new Float64Array(n);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    writer.record(records[i]!);
    latencies[i] = Number(process.hrtime.bigint() - t0) / 1_000;
    // Arrivals interleave with the writer, as requests do in the server.
    if (i % batchSize === batchSize - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stored = await db.prisma.toolExecution.count();
  latencies.sort();
  const at = (q: number) => Math.round(latencies[Math.min(n - 1, Math.floor(q * n))]! * 100) / 100;
  return {
    target,
    records: n,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(n / seconds),
    enqueueP50us: at(0.5),
    enqueueP99us: at(0.99),
    enqueueMaxUs: at(1),
    stored,
  };
}

async function postgres(n: number): Promise<Result> {
  const admin = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
  const fresh = await createBenchDatabase(admin);
  const db = await openDatabase({ databaseUrl: fresh.url, poolSize: 4 });
  try {
    return await run('postgresql', db, n);
  } finally {
    await db.close();
    await fresh.drop();
  }
}

async function pglite(n: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'emcp-bench-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    return await run('pglite', db, n);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [await postgres(Number(values.records)), await pglite(Number(values['pglite-records']))];
console.table(results);
for (const r of results) {
  if (r.stored !== r.records) {
    console.error(`${r.target}: ${r.stored} rows stored for ${r.records} records`);
    process.exitCode = 1;
  }
}
