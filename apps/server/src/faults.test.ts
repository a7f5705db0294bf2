import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { openDatabase } from '@enterprise-mcp/database';
import { needsPostgres } from '@enterprise-mcp/database/testing';
import { callTool, startFaultRig, until, type CallOutcome, type FaultRig } from '../test/support/faults.js';
import { spawnServer, type SpawnedServer } from '../test/support/spawn.js';

/**
 * Fault tests: the real server process (the `enterprise-mcp` launcher, as users
 * start it) against a database that fails, and signals sent the way terminals,
 * `timeout`, docker and systemd send them. The promise under test: every call a
 * client got an answer to has exactly one audit row, whatever happened.
 */

const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
/** Each test starts real server processes (tsx compiling the sources) on a shared 2-core machine. */
const FAULT_TEST_TIMEOUT_MS = 240_000;
let rig: FaultRig | undefined;
const servers: SpawnedServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.kill()));
  await rig?.cleanup();
  rig = undefined;
});

async function start(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const server = await spawnServer({ ...rig!.env, ...env });
  servers.push(server);
  return server;
}

/** Sends calls and keeps each one's request id with its outcome. */
class Ledger {
  readonly outcomes = new Map<string, CallOutcome>();
  /** Calls that reached the platform: whatever their client saw, each must have exactly one row. */
  readonly ran = new Set<string>();
  async call(server: SpawnedServer, onStart: (id: string) => void = () => {}): Promise<CallOutcome> {
    const id = `fault-${randomUUID()}`;
    onStart(id);
    const outcome = await callTool(server.mcpUrl, rig!.apiKey, id);
    this.outcomes.set(id, outcome);
    return outcome;
  }
  async calls(server: SpawnedServer, n: number): Promise<void> {
    for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => this.call(server)));
  }
  answered(): string[] {
    return [...this.outcomes].filter(([, outcome]) => outcome === 'answered').map(([id]) => id);
  }
}

/** Every answered call (and every call known to have reached the platform) has exactly one row; nothing has two. */
async function expectEveryAnsweredCallAudited(ledger: Ledger): Promise<void> {
  const rows = await rig!.rowsByRequestId();
  const missing = [...new Set([...ledger.answered(), ...ledger.ran])].filter((id) => rows.get(id) !== 1);
  expect({ missing: missing.length, duplicates: [...rows.values()].filter((n) => n > 1).length }).toEqual({ missing: 0, duplicates: 0 });
}

/** Starts `n` calls and resolves once all of them are waiting on the platform (the fake is slow); `answers` settles with them. */
async function inFlightAtPlatform(server: SpawnedServer, ledger: Ledger, n: number): Promise<{ answers: Promise<CallOutcome[]> }> {
  const before = rig!.fake.requests.length;
  const calls = Promise.all(Array.from({ length: n }, () => ledger.call(server, (id) => ledger.ran.add(id))));
  await until(() => rig!.fake.requests.length >= before + n, `${n} calls at the platform`);
  // Wrapped: an async function returning the promise itself would wait for it.
  return { answers: calls };
}

describe('signals to the whole process group (PGlite)', () => {
  it('SIGTERM to the group: one graceful shutdown, in-flight calls answered, each call with exactly one row', async () => {
    rig = await startFaultRig('pglite');
    const server = await start();
    const ledger = new Ledger();
    await ledger.calls(server, 20);
    rig.fake.setLatency(1500);
    const { answers } = await inFlightAtPlatform(server, ledger, 8);
    server.signalGroup('SIGTERM');
    expect(await answers).toEqual(Array(8).fill('answered'));
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.logs().filter((entry) => entry['msg'] === 'shutdown complete')).toHaveLength(1);
    expect(ledger.answered()).toHaveLength(28);
    await expectEveryAnsweredCallAudited(ledger);
  }, FAULT_TEST_TIMEOUT_MS);

  it('SIGTERM, then SIGTERM and SIGINT again during shutdown: still one shutdown with the audit flushed; calls cut short are recorded once, as cancelled', async () => {
    rig = await startFaultRig('pglite');
    const server = await start({ SHUTDOWN_TIMEOUT_MS: '30000' });
    const ledger = new Ledger();
    await ledger.calls(server, 10);
    rig.fake.setLatency(8000);
    const { answers } = await inFlightAtPlatform(server, ledger, 4);
    server.signalGroup('SIGTERM');
    await until(() => server.logs().some((entry) => entry['msg'] === 'signal received'), 'the first signal to be handled');
    server.signalGroup('SIGTERM');
    server.signalGroup('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await answers;
    const messages = server.logs().map((entry) => entry['msg']);
    expect(messages.filter((msg) => msg === 'shutdown complete')).toHaveLength(1);
    expect(messages).toContain('shutdown: in-flight calls recorded as cancelled');
    await expectEveryAnsweredCallAudited(ledger);
    const reader = await openDatabase({ dataDir: rig.env['DATA_DIR'] });
    try {
      const cancelled = await reader.prisma.toolExecution.findMany({ where: { requestId: { in: [...ledger.ran] } } });
      expect(cancelled.map((row) => row.status)).toEqual(Array(4).fill('cancelled'));
    } finally {
      await reader.close();
    }
  }, FAULT_TEST_TIMEOUT_MS);

  it('npm start: signalling npm alone stops the server too', async () => {
    rig = await startFaultRig('pglite');
    const npm = await spawnServer({ ...rig.env }, { command: 'npm', args: ['start', '--silent'], cwd: REPO_ROOT });
    servers.push(npm);
    expect((await fetch(`${npm.url}/healthz`)).status).toBe(200);
    process.kill(npm.pid, 'SIGTERM');
    await npm.exited;
    await until(() => npm.logs().some((entry) => entry['msg'] === 'shutdown complete'), 'the server to shut down', 60_000);
    await until(() => fetch(`${npm.url}/healthz`).then(() => false, () => true), 'the server to stop answering');
  }, FAULT_TEST_TIMEOUT_MS);
});

// Needs a PostgreSQL server behind a proxy; without TEST_DATABASE_URL it is reported as skipped.
needsPostgres.describe('PostgreSQL behind a failing network', () => {
  it('calls answered during an outage, then SIGTERM and SIGINT to the group, then a restart: every answered call has exactly one row', async () => {
    rig = await startFaultRig('postgres');
    const env = { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '2000' };
    const first = await start(env);
    const ledger = new Ledger();
    await ledger.calls(first, 50);
    rig.proxy!.cut();
    await ledger.calls(first, 100);
    await until(() => first.logs().some((entry) => entry['msg'] === 'audit: write failed, retrying'), 'audit writes to fail');
    rig.fake.setLatency(1000);
    const { answers } = await inFlightAtPlatform(first, ledger, 5);
    first.signalGroup('SIGTERM');
    first.signalGroup('SIGINT');
    // The second signal may cut the in-flight calls short: answered or not, each must end up with one row.
    await answers;
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.logs().some((entry) => entry['msg'] === 'audit: database unavailable at flush; records kept in the spill file')).toBe(true);
    rig.fake.setLatency(0);
    expect(ledger.answered().length).toBeGreaterThanOrEqual(150);

    rig.proxy!.restore();
    const second = await start(env);
    await until(() => second.logs().some((entry) => entry['msg'] === 'audit: spill file replayed'), 'the spill file to be replayed');
    await ledger.calls(second, 10);
    second.signalGroup('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    await expectEveryAnsweredCallAudited(ledger);
  }, FAULT_TEST_TIMEOUT_MS);

  it('answers 503 with Retry-After for keys it cannot verify during an outage, logs the outage once each way, and serves cached keys', async () => {
    rig = await startFaultRig('postgres');
    const server = await start({ DATABASE_CONNECT_TIMEOUT_MS: '500', API_KEY_CACHE_TTL_MS: '200' });
    const ledger = new Ledger();
    await ledger.calls(server, 5);
    rig.proxy!.cut();
    const stranger = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer emcp_${'a'.repeat(12)}_${'b'.repeat(64)}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(stranger.status).toBe(503);
    expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stranger.json()).toMatchObject({ error: { data: { retryAfterSeconds: expect.any(Number) } } });
    await ledger.calls(server, 30);
    expect(ledger.answered()).toHaveLength(35);
    rig.proxy!.restore();
    await until(async () => (await ledger.call(server)) === 'answered' && server.logs().some((entry) => entry['msg'] === 'database reachable again'), 'the outage to end');
    const messages = server.logs().map((entry) => entry['msg']);
    expect(messages.filter((msg) => typeof msg === 'string' && msg.startsWith('database unreachable'))).toHaveLength(1);
    expect(messages.filter((msg) => msg === 'database reachable again')).toHaveLength(1);
    expect(messages).not.toContain('unhandled error');
    server.signalGroup('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await expectEveryAnsweredCallAudited(ledger);
  }, FAULT_TEST_TIMEOUT_MS);

  it('buffer and spill full during an outage: further calls are refused before they reach the platform, and every call that ran keeps its row', async () => {
    rig = await startFaultRig('postgres');
    const server = await start({ AUDIT_BUFFER_RECORDS: '500', AUDIT_SPILL_MAX_BYTES: '4096', DATABASE_CONNECT_TIMEOUT_MS: '500' });
    const ledger = new Ledger();
    await ledger.calls(server, 5);
    rig.proxy!.cut();
    const atPlatform = rig.fake.requests.length;
    await ledger.calls(server, 600);
    const refused = [...ledger.outcomes.values()].filter((outcome) => outcome === 'refused').length;
    expect(refused).toBeGreaterThan(0);
    // Refused calls never reached the platform: only the answered ones did.
    expect(rig.fake.requests.length - atPlatform).toBe(ledger.answered().length - 5);
    expect(server.logs().some((entry) => entry['msg'] === 'audit: buffer and spill full; refusing new tool calls until the database catches up')).toBe(true);
    rig.proxy!.restore();
    await until(async () => (await ledger.call(server)) === 'answered', 'calls to be accepted again');
    server.signalGroup('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const restarted = await start();
    restarted.signalGroup('SIGTERM');
    await restarted.exited;
    await expectEveryAnsweredCallAudited(ledger);
  }, FAULT_TEST_TIMEOUT_MS);

  it('a half-open connection for longer than the statement timeout: the process stays up and recovers', async () => {
    rig = await startFaultRig('postgres');
    const server = await start({ DATABASE_STATEMENT_TIMEOUT_MS: '500', DATABASE_CONNECT_TIMEOUT_MS: '500' });
    const ledger = new Ledger();
    await ledger.calls(server, 10);
    rig.proxy!.blackhole();
    await ledger.calls(server, 20);
    // Long enough for writes to time out on the silent connections (the statement timeout is 0.5 s).
    await until(() => server.logs().some((entry) => entry['msg'] === 'audit: write failed, retrying'), 'audit writes to time out');
    rig.proxy!.restore(); // the silent sockets are reset now, as they finally are in real life
    await ledger.calls(server, 10);
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await until(() => server.logs().some((entry) => entry['msg'] === 'audit: database writes recovered'), 'audit writes to recover');
    await until(async () => (await fetch(`${server.url}/readyz`)).status === 200, 'readiness');
    server.signalGroup('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(ledger.answered()).toHaveLength(40);
    await expectEveryAnsweredCallAudited(ledger);
  }, FAULT_TEST_TIMEOUT_MS);
});
