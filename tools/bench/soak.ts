/**
 * `npm run soak`: a bounded fault soak of the real server on PostgreSQL. It starts
 * `enterprise-mcp serve` (the launcher, in its own process group) against a fresh
 * database behind a TCP proxy, sends SOAK_CALLS tools/call requests (default 3,000)
 * at SOAK_CONCURRENCY (default 16) on loopback, cuts the database for the middle
 * third, restores it, sends SIGTERM to the whole group while calls are still flowing,
 * restarts the server so it replays its spill file, and prints what happened to every
 * call: answered, rows, lost, duplicates, peak RSS, p99 during the outage, time to exit.
 * SOAK_SIGNAL=outage sends the SIGTERM in the middle of the outage instead.
 *
 * Needs a PostgreSQL server where databases may be created: TEST_DATABASE_URL or DATABASE_URL.
 * A script, not a test: it prints figures and asserts nothing about time.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { callTool, startFaultRig, until, type CallOutcome, type FaultRig } from '../../apps/server/test/support/faults.js';
import { spawnServer, type SpawnedServer } from '../../apps/server/test/support/spawn.js';

const CALLS = Number(process.env['SOAK_CALLS'] ?? 3000);
const CONCURRENCY = Number(process.env['SOAK_CONCURRENCY'] ?? 16);
/** `after-restore` (default): SIGTERM mid-way through the last third; `outage`: mid-way through the outage (rows must go to the spill file). */
const SIGNAL_AT = process.env['SOAK_SIGNAL'] === 'outage' ? 'outage' : 'after-restore';

const adminUrl = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'];
if (!adminUrl) {
  process.stderr.write(
    'npm run soak needs PostgreSQL: set TEST_DATABASE_URL (or DATABASE_URL) to a server where it may create a database,\n' +
      'for example TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run soak\n',
  );
  process.exit(64);
}

interface Phase {
  name: string;
  latencies: number[];
}

const outcomes = new Map<string, CallOutcome>();
let peakRssKb = 0;

/** VmHWM is the kernel's own peak resident set of the process (Linux). */
function samplePeakRss(pid: number): void {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakRssKb = Math.max(peakRssKb, kb);
  } catch {
    // Gone already, or not Linux.
  }
}

/** Sends `n` calls from `workers` concurrent loops; `onEach` runs after every answer. */
async function load(server: SpawnedServer, rig: FaultRig, n: number, phase: Phase, onEach: (done: number) => void = () => {}): Promise<void> {
  let started = 0;
  let done = 0;
  const worker = async () => {
    while (started < n) {
      started++;
      const id = `soak-${randomUUID()}`;
      const begun = performance.now();
      const outcome = await callTool(server.mcpUrl, rig.apiKey, id);
      phase.latencies.push(performance.now() - begun);
      outcomes.set(id, outcome);
      onEach(++done);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const rig = await startFaultRig('postgres', adminUrl);
  const env = { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '5000' };
  const third = Math.floor(CALLS / 3);
  const phases = { before: { name: 'before', latencies: [] } as Phase, outage: { name: 'outage', latencies: [] } as Phase, after: { name: 'after', latencies: [] } as Phase };
  try {
    const server = await spawnServer({ ...rig.env, ...env });
    const sampler = setInterval(() => samplePeakRss(server.pid), 100);
    // SIGTERM to the group half-way through a phase, while calls keep coming.
    let signalledAt = 0;
    const signalHalfWay = (n: number) => (done: number) => {
      if (done !== Math.floor(n / 2) || signalledAt) return;
      samplePeakRss(server.pid);
      signalledAt = performance.now();
      server.signalGroup('SIGTERM');
    };
    const exited = server.exited.then((result) => ({ ...result, at: performance.now() }));
    await load(server, rig, third, phases.before);
    rig.proxy!.cut();
    await load(server, rig, third, phases.outage, SIGNAL_AT === 'outage' ? signalHalfWay(third) : undefined);
    if (SIGNAL_AT === 'outage') await exited;
    rig.proxy!.restore();
    await load(server, rig, CALLS - 2 * third, phases.after, SIGNAL_AT === 'after-restore' ? signalHalfWay(CALLS - 2 * third) : undefined);
    const exit = await exited;
    clearInterval(sampler);

    const restarted = await spawnServer({ ...rig.env, ...env });
    const answered = [...outcomes].filter(([, o]) => o === 'answered').map(([id]) => id);
    await until(async () => {
      const rows = await rig.rowsByRequestId();
      return answered.every((id) => rows.has(id));
    }, 'the restarted server to replay the spill', 120_000).catch(() => {});
    restarted.signalGroup('SIGTERM');
    await restarted.exited;

    const rows = await rig.rowsByRequestId();
    const count = (o: CallOutcome) => [...outcomes.values()].filter((v) => v === o).length;
    const lost = answered.filter((id) => !rows.has(id)).length;
    const duplicates = [...rows.values()].filter((n) => n > 1).length;
    const totalRows = [...rows.values()].reduce((a, b) => a + b, 0);
    const figures = {
      'calls sent': outcomes.size,
      'calls answered (tool ran, client got the result)': answered.length,
      'calls refused (503 / not run)': count('refused'),
      'calls without an answer (sent after the SIGTERM)': count('failed'),
      'audit rows': totalRows,
      'answered calls without a row (lost)': lost,
      'request ids with more than one row (duplicates)': duplicates,
      'rows of calls whose answer the client never got': [...rows.keys()].filter((id) => outcomes.get(id) === 'failed').length,
      'peak RSS of the server (MiB)': Math.round(peakRssKb / 102.4) / 10,
      'p50 / p99 during the outage (ms)': `${percentile(phases.outage.latencies, 50).toFixed(1)} / ${percentile(phases.outage.latencies, 99).toFixed(1)}`,
      'p50 / p99 before the outage (ms)': `${percentile(phases.before.latencies, 50).toFixed(1)} / ${percentile(phases.before.latencies, 99).toFixed(1)}`,
      'time from SIGTERM to exit (ms)': Math.round(exit.at - signalledAt),
      'exit': `code ${exit.code}, signal ${exit.signal}`,
    };
    const when = SIGNAL_AT === 'outage' ? 'mid-way through the outage' : 'mid-way through the last third';
    process.stdout.write(`\nsoak: ${CALLS} calls, ${CONCURRENCY} concurrent, database cut for the middle third, SIGTERM to the group ${when}\n\n`);
    for (const [label, value] of Object.entries(figures)) process.stdout.write(`  ${label.padEnd(54)} ${value}\n`);
    process.stdout.write('\n');
    if (lost > 0 || duplicates > 0) process.exitCode = 1;
  } finally {
    await rig.cleanup();
  }
}

await main();
