/**
 * `npm run bench:memory`: the production build (`apps/server/dist`, built by
 * `npx nx run-many -t build -p @enterprise-mcp/server` first) started as
 * `node dist/cli/main.js serve` on a fresh PostgreSQL database, its idle RSS,
 * then its peak RSS (VmHWM) under BENCH_CONNECTIONS (default 64) connections of
 * `tools/call` for BENCH_SECONDS (default 10) against the Cloudflare fake, which
 * runs in this process. Linux only (reads /proc).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startCloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { migrate, openDatabase } from '@enterprise-mcp/database';
import { createApiKey, createTenant } from '@enterprise-mcp/tenancy';
import { createBenchDatabase } from './fresh-database.js';

const MAIN = fileURLToPath(new URL('../../apps/server/dist/cli/main.js', import.meta.url));
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 64);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const admin = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';

/** Resident and peak resident memory of a process, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const fake = await startCloudflareFake({ rateLimit: { requests: 1_000_000_000, windowSeconds: 300 } });
const database = await createBenchDatabase(admin);
const db = await openDatabase({ databaseUrl: database.url });
await migrate(db);
const tenant = await createTenant(db.prisma, { slug: 'bench', name: 'Benchmark' });
const { key } = await createApiKey(db.prisma, { tenantId: tenant.id, name: 'bench' });
await db.close();

const port = 30_000 + Math.floor(Math.random() * 10_000);
// BENCH_NODE_FLAGS: flags for the server's node only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" or "--max-semi-space-size=4".
const nodeFlags = process.env['BENCH_NODE_FLAGS']?.split(' ').filter(Boolean) ?? [];
const server = spawn(process.execPath, [...nodeFlags, MAIN, 'serve'], {
  env: {
    PATH: process.env['PATH'],
    NODE_ENV: 'production',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
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
const url = `http://127.0.0.1:${port}`;
try {
  for (let ready = false; !ready; await sleep(200)) ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
  await sleep(2_000);
  const idle = memoryOf(server.pid!);
  const zone = fake.zones()[0]!.id;
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'cloudflare_list_dns_records', arguments: { zone } } });
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${key}` };
  const result = await autocannon({ url: `${url}/mcp`, method: 'POST', headers, body, connections: CONNECTIONS, duration: SECONDS });
  const loaded = memoryOf(server.pid!);
  console.log(
    `production build on PostgreSQL: idle RSS ${idle.rss.toFixed(0)} MB; peak RSS ${loaded.peak.toFixed(0)} MB under ${CONNECTIONS} connections ` +
      `(${result.requests.average.toFixed(0)} req/s, ${result.non2xx + result.errors} errors, ${SECONDS} s)`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await fake.close();
  await database.drop();
}
