/**
 * `npm run bench:telemetry [-- --calls 100 --rounds 40]`: what tracing and
 * /metrics cost on the call path. N sequential `cloudflare_list_zones` calls go
 * through the server's own invoker (scope, limits, client, core's HTTP client,
 * audit record) to Cloudflare's fake on loopback, in four modes interleaved
 * in short blocks (a round is one block of each mode, in a rotating order), so
 * a loaded machine's drift hits them alike:
 *   off           no tracing SDK, no telemetry sink (the default server);
 *   prom          the Prometheus sink installed (`/metrics` configured);
 *   tracing       the OpenTelemetry SDK, its batch processor into an exporter that counts;
 *   tracing+prom  both.
 * Prints the median over the blocks of each mode's per-call µs and its ratio
 * to `off` from the same run. Nothing is asserted: the figures go in RESULTS.md.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { cloudflareEcosystem } from '@enterprise-mcp/cloudflare';
import { startCloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import type { AnyEcosystem } from '@enterprise-mcp/core';
import { createLogger } from '../../apps/server/src/logger.js';
import type { CallerContext } from '../../apps/server/src/mcp/context.js';
import type { ToolInvoker } from '../../apps/server/src/mcp/invoke.js';
import { composeCallPath } from '../../apps/server/src/runtime.js';
import { activateMetrics, ServerMetrics } from '../../apps/server/src/telemetry/metrics.js';
import { startTracing, type TracingHandle } from '../../apps/server/src/telemetry/tracing.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '300' },
    'block-warmup': { type: 'string', default: '10' },
  },
});
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const BLOCK_WARMUP = Number(values['block-warmup']);
const UNLIMITED = 1_000_000_000;
const TOOL = 'cloudflare_list_zones';

interface Mode {
  name: string;
  tracing: boolean;
  prom: boolean;
}
const MODES: Mode[] = [
  { name: 'off', tracing: false, prom: false },
  { name: 'prom', tracing: false, prom: true },
  { name: 'tracing', tracing: true, prom: false },
  { name: 'tracing+prom', tracing: true, prom: true },
];

/** Stands in for OTLP: takes every batch and keeps only a count, so spans cost what the SDK makes them cost. */
class CountingExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.spans += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/** Turns a mode's telemetry on; the returned function turns it off again and says how many spans were exported. */
async function enter(mode: Mode): Promise<() => Promise<number>> {
  activateMetrics(mode.prom ? new ServerMetrics() : undefined);
  const exporter = new CountingExporter();
  const tracing: TracingHandle | undefined = mode.tracing ? await startTracing({}, new BatchSpanProcessor(exporter)) : undefined;
  return async () => {
    await tracing?.shutdown();
    activateMetrics(undefined);
    return exporter.spans;
  };
}

async function callOnce(invoker: ToolInvoker, caller: CallerContext): Promise<void> {
  const result = (await invoker.call({ name: TOOL, args: {}, caller, signal: new AbortController().signal, progress: async () => {} })) as { isError?: boolean; content?: Array<{ text?: string }> };
  if (result.isError) throw new Error(`${TOOL} failed, so the figures would measure an error path: ${result.content?.[0]?.text ?? 'no text'}`);
}

/** Per-call µs of `n` sequential calls. */
async function measure(invoker: ToolInvoker, caller: CallerContext, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) await callOnce(invoker, caller);
  return ((performance.now() - started) * 1000) / n;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const fake = await startCloudflareFake({ rateLimit: { requests: UNLIMITED } });
  // Platform budgets the run cannot spend: the limiter's cost is measured, not its effect.
  const ecosystem = { ...cloudflareEcosystem, rateLimits: cloudflareEcosystem.rateLimits.map((spec) => ({ ...spec, points: UNLIMITED })) } as AnyEcosystem;
  const logger = createLogger({ level: 'error', format: 'json' });
  const { invoker, limiterStore } = composeCallPath({
    settings: {
      OUTBOUND_MAX_WAIT_MS: 0,
      API_KEY_CACHE_TTL_MS: 60_000,
      API_CACHE_TTL_SECONDS: 0,
      RATE_LIMIT_REQUESTS_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_KEY_REQUESTS_PER_MINUTE: 0,
      RATE_LIMIT_TOOL_CALLS_PER_MINUTE: UNLIMITED,
      APPROVAL_TTL_MS: 60_000,
      APPROVAL_WAIT_MS: 0,
    },
    logger,
    ecosystems: [ecosystem],
    credentials: { configFor: async () => ({ apiToken: fake.apiToken, baseUrl: fake.url }) },
    // The audit writer is the same in every mode; a sink that drops records keeps the database out of the figures.
    audit: { record: () => {}, flush: async () => {} },
  });
  const caller: CallerContext = { requestId: 'bench-telemetry', tenantId: 'bench', apiKeyId: 'bench-key', scopes: { readOnly: false }, logger };
  const spans = new Map<string, number>(MODES.map((mode) => [mode.name, 0]));
  const samples = new Map<string, number[]>(MODES.map((mode) => [mode.name, []]));

  await measure(invoker, caller, WARMUP);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round, so no mode always runs first after a switch.
    for (const mode of MODES.map((_, i) => MODES[(i + round) % MODES.length]!)) {
      const leave = await enter(mode);
      await measure(invoker, caller, BLOCK_WARMUP);
      samples.get(mode.name)!.push(await measure(invoker, caller, CALLS));
      spans.set(mode.name, spans.get(mode.name)! + (await leave()));
    }
    if ((round + 1) % 10 === 0) process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }

  const baseline = median(samples.get('off')!);
  const load = loadavg().map((x) => x.toFixed(1)).join(', ');
  console.log(`${TOOL} through the invoker to Cloudflare's fake, ${ROUNDS} blocks of ${CALLS} sequential calls per mode, Node ${process.version}, ${cpus().length} CPUs, load average ${load}`);
  console.log('| mode | µs per call (median of blocks) | min–max of blocks | vs off | spans per call |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const mode of MODES) {
    const xs = samples.get(mode.name)!;
    const m = median(xs);
    const perCall = spans.get(mode.name)! / (ROUNDS * (CALLS + BLOCK_WARMUP));
    console.log(`| ${mode.name} | ${m.toFixed(1)} | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} | ${(m / baseline).toFixed(3)} | ${perCall.toFixed(1)} |`);
  }
  await limiterStore.close();
  await fake.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
