/**
 * `npm run bench:memory`: the production build (`apps/server/dist`, built by
 * `npx nx run-many -t build -p @enterprise-mcp/server` first) started as
 * `node dist/cli/main.js serve`, its idle RSS, then its peak RSS (VmHWM) under
 * BENCH_CONNECTIONS (default 64) connections of `tools/call` for BENCH_SECONDS
 * (default 10) against the Cloudflare fake, which runs in this process (so only
 * the server is measured). Each of BENCH_ROUNDS (default 3) rounds starts a fresh
 * server on a fresh database, for every setup in BENCH_MEMORY_SETUPS (default
 * "postgres,pglite"), once with plain `node` and once with the node flags of the
 * production start command (docker/Dockerfile's ENTRYPOINT, read from there so
 * the two cannot drift; BENCH_MEMORY_STARTS=production keeps only that one, and "capped" adds the
 * production start with the opt-in heap cap); the table shows each round and what the peak is made of
 * (memory-probe.mjs, loaded into the server, samples process.memoryUsage()).
 * BENCH_NODE_FLAGS adds flags to the server's node (e.g. "--trace-gc").
 * Linux only (reads /proc).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startCloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { migrate, openDatabase } from '@enterprise-mcp/database';
import { createApiKey, createTenant } from '@enterprise-mcp/tenancy';
import { createBenchDatabase } from './fresh-database.js';

const MAIN = fileURLToPath(new URL('../../apps/server/dist/cli/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 64);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SETUPS = (process.env['BENCH_MEMORY_SETUPS'] ?? 'postgres,pglite').split(',') as Array<'postgres' | 'pglite'>;
const admin = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
const extraFlags = process.env['BENCH_NODE_FLAGS']?.split(' ').filter(Boolean) ?? [];
const DOCKERFILE = fileURLToPath(new URL('../../docker/Dockerfile', import.meta.url));

/** The node flags between `"node"` and the launcher in the Dockerfile's exec-form ENTRYPOINT. */
function productionNodeFlags(): string[] {
  const line = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(readFileSync(DOCKERFILE, 'utf8'))?.[1];
  if (!line) throw new Error(`no exec-form ENTRYPOINT in ${DOCKERFILE}`);
  const [node, ...rest] = JSON.parse(line) as string[];
  if (node !== 'node') throw new Error(`the ENTRYPOINT in ${DOCKERFILE} does not start with "node"`);
  return rest.filter((arg) => arg.startsWith('--'));
}
/** The opt-in heap cap the Dockerfile and apps/server/README.md describe, measured beside the production start with BENCH_MEMORY_STARTS=production,capped. */
const HEAP_CAP = process.env['BENCH_MEMORY_CAP'] ?? '--max-old-space-size=128';
const STARTS = [
  { id: 'node', name: 'node', flags: [] as string[] },
  { id: 'production', name: `node ${productionNodeFlags().join(' ')} (production)`, flags: productionNodeFlags() },
  { id: 'capped', name: `node ${productionNodeFlags().join(' ')} ${HEAP_CAP} (production, heap capped)`, flags: [...productionNodeFlags(), HEAP_CAP] },
].filter((start) => (process.env['BENCH_MEMORY_STARTS'] ?? 'node,production').split(',').includes(start.id));

interface Breakdown {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  newSpace: number;
  oldSpace: number;
}
interface Round {
  idle: number;
  peak: number;
  rps: number;
  /** Calls not served: HTTP errors and tool errors (rate-limit refusals included), from the audit trail. */
  failures: number;
  /** The server's CPU time per served call: comparable across runs on a busy machine, where req/s is not. */
  cpuMsPerCall: number;
  probe: { idle?: Breakdown; peak: Breakdown };
}

/** Resident and peak resident memory of a process, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used so far, in ms: /proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A fresh database with one tenant and API key: PostgreSQL (a new database) or PGlite (a new folder). */
async function freshDatabase(setup: 'postgres' | 'pglite') {
  const folder = mkdtempSync(join(tmpdir(), 'emcp-bench-memory-'));
  const database = setup === 'postgres' ? await createBenchDatabase(admin) : undefined;
  const env = database ? { DATABASE_URL: database.url } : { DATA_DIR: join(folder, 'data') };
  const db = await openDatabase(database ? { databaseUrl: database.url } : { dataDir: env.DATA_DIR });
  await migrate(db);
  const tenant = await createTenant(db.prisma, { slug: 'bench', name: 'Benchmark' });
  const { key } = await createApiKey(db.prisma, { tenantId: tenant.id, name: 'bench' });
  await db.close();
  return { env, key, folder, outcomes: () => outcomesOf(database ? { databaseUrl: database.url } : { dataDir: env.DATA_DIR! }), drop: async () => ((await database?.drop()), rmSync(folder, { recursive: true, force: true })) };
}

/**
 * The calls' outcomes as the audit trail recorded them. A tool error is an HTTP 200 with
 * `isError`, so autocannon's status counts cannot tell a refused call from a served one.
 */
async function outcomesOf(options: { databaseUrl: string } | { dataDir: string }): Promise<Record<string, number>> {
  const db = await openDatabase(options);
  try {
    const rows = await db.prisma.toolExecution.groupBy({ by: ['status', 'errorCode'], _count: { _all: true } });
    const outcomes: Record<string, number> = {};
    for (const row of rows) {
      const outcome = row.status === 'ok' ? 'ok' : `${row.status} ${row.errorCode ?? ''}`.trim();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + row._count._all;
    }
    return outcomes;
  } finally {
    await db.close();
  }
}

async function round(setup: 'postgres' | 'pglite', nodeFlags: string[], fake: Awaited<ReturnType<typeof startCloudflareFake>>): Promise<Round> {
  const database = await freshDatabase(setup);
  const report = join(database.folder, 'probe.json');
  const mark = join(database.folder, 'loaded');
  const port = 30_000 + Math.floor(Math.random() * 10_000);
  const server = spawn(process.execPath, [...nodeFlags, ...extraFlags, '--import', PROBE, MAIN, 'serve'], {
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...database.env,
      BENCH_MEMORY_REPORT: report,
      BENCH_MEMORY_MARK: mark,
      BENCH_UNTHROTTLE: '1',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000000',
      RATE_LIMIT_TOOL_CALLS_PER_MINUTE: '1000000000',
      API_CACHE_TTL_SECONDS: '0',
      CLOUDFLARE_API_TOKEN: fake.apiToken,
      CLOUDFLARE_BASE_URL: fake.url,
      GHL_API_KEY: 'bench-placeholder',
      GHL_LOCATION_ID: 'bench-placeholder',
      GODADDY_API_KEY: 'bench-placeholder',
      GODADDY_API_SECRET: 'bench-placeholder',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let ready = false; !ready; await sleep(200)) ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    await sleep(2_000);
    const idle = memoryOf(server.pid!);
    writeFileSync(mark, '');
    const cpuBefore = cpuMsOf(server.pid!);
    const zone = fake.zones()[0]!.id;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'cloudflare_list_dns_records', arguments: { zone } } });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${database.key}` };
    const result = await autocannon({ url: `${url}/mcp`, method: 'POST', headers, body, connections: CONNECTIONS, duration: SECONDS });
    const loaded = memoryOf(server.pid!);
    const cpuAfter = cpuMsOf(server.pid!);
    server.kill('SIGTERM');
    await exited;
    const probe = JSON.parse(readFileSync(report, 'utf8')) as Round['probe'];
    const outcomes = await database.outcomes();
    const succeeded = outcomes['ok'] ?? 0;
    // The calls in flight when autocannon closes its connections end cancelled: the run's edge, not a failure.
    const { ok: _ok, 'cancelled cancelled': _cutOff, ...failed } = outcomes;
    if (Object.keys(failed).length > 0) console.error(`round failures: ${JSON.stringify(failed)}`);
    const failures = result.non2xx + result.errors + Object.values(failed).reduce((sum, n) => sum + n, 0);
    return { idle: idle.rss, peak: loaded.peak, rps: succeeded / SECONDS, failures, cpuMsPerCall: (cpuAfter - cpuBefore) / Math.max(1, succeeded), probe };
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await exited;
    await database.drop();
  }
}

if (!existsSync(MAIN)) {
  console.error(`No production build at ${MAIN}: run \`npx nx run-many -t build -p @enterprise-mcp/server\` first.`);
  process.exit(1);
}
const mb = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(0)}`);
const fake = await startCloudflareFake({ rateLimit: { requests: 1_000_000_000, windowSeconds: 300 } });
try {
  console.log(`production build, ${CONNECTIONS} connections of tools/call for ${SECONDS} s, ${ROUNDS} rounds per setup (MB)`);
  console.log('| database | start | round | idle RSS | idle heap used / total | peak RSS | peak heap used / total | peak new space | peak external (buffers) | served calls/s | CPU ms per served call | failures |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const setup of SETUPS) {
    // Round by round, each start in turn: a machine whose speed drifts moves every start alike.
    const peaks = new Map<string, number[]>(STARTS.map((start) => [start.id, []]));
    for (let n = 1; n <= ROUNDS; n++) {
      for (const start of STARTS) {
        const r = await round(setup, start.flags, fake);
        peaks.get(start.id)!.push(r.peak);
        const [i, p] = [r.probe.idle, r.probe.peak];
        console.log(
          `| ${setup} | ${start.name} | ${n} | ${mb(r.idle)} | ${mb(i?.heapUsed)} / ${mb(i?.heapTotal)} | ${mb(r.peak)} | ${mb(p.heapUsed)} / ${mb(p.heapTotal)} | ${mb(p.newSpace)} | ${mb(p.external)} (${mb(p.arrayBuffers)}) | ${r.rps.toFixed(0)} | ${r.cpuMsPerCall.toFixed(1)} | ${r.failures} |`,
        );
      }
    }
    for (const start of STARTS) {
      const spread = peaks.get(start.id)!;
      console.log(`| ${setup} | ${start.name} | spread | | | ${mb(Math.min(...spread))}–${mb(Math.max(...spread))} | | | | | | |`);
    }
  }
} finally {
  await fake.close();
}
