/**
 * `npm run bench`: serves cloudflare_list_dns_records against the same
 * Cloudflare fake four ways and drives each with autocannon at 1, 16 and 64
 * connections:
 *   (a) bare SDK McpServer, stateless, new server per request, every tool registered
 *   (b) the same with only cloudflare_list_dns_records
 *   (c) the floor: node:http + got, no MCP library
 *   (d) this server: every ecosystem, API-key auth, rate limits, audit to PostgreSQL
 * BENCH_METHOD=tools/list measures tools/list instead; BENCH_SECONDS, BENCH_ROUNDS and
 * BENCH_CONNECTIONS (comma-separated) size the run.
 * Each target runs in its own process (with the fake), the load generator in this one.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SETUPS = ['a', 'b', 'c', 'd'] as const;
type Setup = (typeof SETUPS)[number];
const LABELS: Record<Setup, string> = {
  a: '(a) bare SDK, all tools',
  b: '(b) bare SDK, one tool',
  c: '(c) node:http + got floor',
  d: '(d) enterprise-mcp server',
};
const CONNECTIONS = (process.env['BENCH_CONNECTIONS'] ?? '1,16,64').split(',').map(Number);
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const TARGETS = fileURLToPath(new URL('./server-targets.ts', import.meta.url));

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function startTarget(setup: Setup) {
  const child = spawn(process.execPath, [TSX, '--conditions=@enterprise-mcp/source', TARGETS, setup], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const lines = createInterface({ input: child.stdout });
  // Other lines are the target's own logs: they are drained so a full pipe never stalls it.
  const line = await new Promise<string>((resolve, reject) => {
    lines.on('line', (text) => {
      if (text.startsWith('BENCH_TARGET ')) resolve(text.slice('BENCH_TARGET '.length));
    });
    child.once('exit', (code) => reject(new Error(`target ${setup} exited with ${code}`)));
  });
  const target = JSON.parse(line) as { url: string; headers: Record<string, string>; body: string; tools: number };
  const stop = () => new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { ...target, stop };
}

async function check(target: { url: string; headers: Record<string, string>; body: string }): Promise<void> {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
  const text = await response.text();
  if (!response.ok || !text.includes('"result"') || text.includes('"isError":true')) {
    throw new Error(`target answered ${response.status}: ${text.slice(0, 300)}`);
  }
}

async function load(target: { url: string; headers: Record<string, string>; body: string }, connections: number, duration: number): Promise<Figures> {
  const result = await autocannon({ url: target.url, method: 'POST', headers: target.headers, body: target.body, connections, duration });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main(): Promise<void> {
  const figures: Record<string, Figures> = {};
  const tools: Record<string, number> = {};
  // All four targets stay up and are measured in turn, round after round, so drift in
  // the machine's load hits each alike; each figure is the best of its rounds.
  const targets = new Map<Setup, Awaited<ReturnType<typeof startTarget>>>();
  try {
    for (const setup of SETUPS) {
      const target = await startTarget(setup);
      targets.set(setup, target);
      await check(target);
      tools[setup] = target.tools;
      // A short warm-up lets the JIT and connection pools settle before measuring.
      await load(target, 16, 1);
    }
    for (const connections of CONNECTIONS) {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const setup of SETUPS) {
          const f = await load(targets.get(setup)!, connections, DURATION);
          const id = `${setup}@${connections}`;
          if (!figures[id] || f.rps > figures[id].rps) figures[id] = f;
          process.stderr.write(`round ${round} ${LABELS[setup]} @${connections}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${f.errors ? `, ${f.errors} errors` : ''}\n`);
        }
      }
    }
  } finally {
    for (const target of targets.values()) await target.stop();
  }
  print(figures, tools);
}

function print(figures: Record<string, Figures>, tools: Record<string, number>): void {
  const rows = [['setup', 'tools', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors']];
  for (const setup of SETUPS) {
    for (const connections of CONNECTIONS) {
      const f = figures[`${setup}@${connections}`]!;
      rows.push([LABELS[setup], String(tools[setup]), String(connections), f.rps.toFixed(0), String(f.p50), String(f.p99), String(f.errors)]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(`\nBenchmark (${process.env['BENCH_METHOD'] ?? 'tools/call'}): best of ${ROUNDS} rounds of ${DURATION} s per setup and concurrency, Node ${process.version}\n`);
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  console.log('\nRatios (targets at 64: d/b >= 0.95, d/a >= 3, p99 d/b <= 1.1)');
  for (const connections of CONNECTIONS) {
    const [a, b, d] = (['a', 'b', 'd'] as const).map((s) => figures[`${s}@${connections}`]!);
    console.log(
      `  @${connections}: d/b ${(d!.rps / b!.rps).toFixed(2)}  d/a ${(d!.rps / a!.rps).toFixed(2)}  p99 d/b ${(d!.p99 / Math.max(b!.p99, 1)).toFixed(2)}`,
    );
  }
}

await main();
