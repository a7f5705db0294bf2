// Loaded into the server under test by `npm run bench:memory` (node --import): samples
// process.memoryUsage() and V8's heap spaces every 50 ms and, at exit, writes the idle
// sample (the one before BENCH_MEMORY_MARK appears) and the peak of each part to
// BENCH_MEMORY_REPORT, so the bench can say what the peak RSS is made of.
// BENCH_UNTHROTTLE lifts Cloudflare's published request budget (1,200 per 5 minutes), as
// (d) of `npm run bench` does: past it every call would be refused by the outbound limiter
// before reaching the fake, and the bench would measure refusals. The server resolves the
// same module, so it sees the lifted budget.
import { existsSync, writeFileSync } from 'node:fs';
import { setInterval } from 'node:timers';
import { getHeapSpaceStatistics } from 'node:v8';

if (process.env['BENCH_UNTHROTTLE']) {
  const { cloudflareEcosystem } = await import('@enterprise-mcp/cloudflare');
  for (const spec of cloudflareEcosystem.rateLimits) spec.points = 1_000_000_000;
}

const report = process.env['BENCH_MEMORY_REPORT'];
const mark = process.env['BENCH_MEMORY_MARK'];
const MB = 1024 * 1024;

function sample() {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size / MB]));
  return {
    rss: usage.rss / MB,
    heapTotal: usage.heapTotal / MB,
    heapUsed: usage.heapUsed / MB,
    external: usage.external / MB,
    arrayBuffers: usage.arrayBuffers / MB,
    newSpace: spaces['new_space'] ?? 0,
    oldSpace: spaces['old_space'] ?? 0,
    codeSpace: spaces['code_space'] ?? 0,
    largeObjectSpace: spaces['large_object_space'] ?? 0,
  };
}

if (report) {
  let idle;
  const peak = sample();
  const timer = setInterval(() => {
    const now = sample();
    if (!idle && mark && existsSync(mark)) idle = now;
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key]);
  }, 50);
  timer.unref();
  process.on('exit', () => writeFileSync(report, JSON.stringify({ idle, peak })));
}
