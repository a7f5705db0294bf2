/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { PrismaClient } from '@enterprise-mcp/database';
import { render, type ConsoleContext } from '../context.js';
import { visibleTenantIds, type ConsoleEnv } from '../session.js';

export interface SeriesPoint {
  bucket: Date;
  ecosystem: string;
  toolName: string;
  calls: number;
  errors: number;
  p50: number;
  p95: number;
}

const WINDOWS: Record<string, { hours: number; bin: string }> = {
  '1h': { hours: 1, bin: '5 minutes' },
  '24h': { hours: 24, bin: '1 hour' },
  '7d': { hours: 168, bin: '6 hours' },
};

/** Calls, errors and latency percentiles per time bucket, ecosystem and tool, aggregated in SQL (date_bin: PostgreSQL 14+ and PGlite). */
export async function callSeries(prisma: PrismaClient, tenantIds: string[], since: Date, bin: string): Promise<SeriesPoint[]> {
  if (!tenantIds.length) return [];
  const rows = await prisma.$queryRaw<Array<{ bucket: Date; ecosystem: string; tool_name: string; calls: number; errors: number; p50: number; p95: number }>>`
    SELECT date_bin(${bin}::interval, "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, ecosystem, tool_name,
           count(*)::int AS calls, (count(*) FILTER (WHERE status <> 'ok'))::int AS errors,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p95
    FROM tool_executions
    WHERE tenant_id = ANY(${tenantIds}::text[]) AND "timestamp" > ${since}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  return rows.map((r) => ({ bucket: new Date(r.bucket), ecosystem: r.ecosystem, toolName: r.tool_name, calls: r.calls, errors: r.errors, p50: r.p50, p95: r.p95 }));
}

export interface ToolTotals {
  ecosystem: string;
  toolName: string;
  calls: number;
  errors: number;
  p50: number;
  p95: number;
}

/** Per tool over the whole window: percentiles of all its rows (not the worst bucket's, which overstates a tool with one slow hour), to 0.1 ms so float noise does not tip the displayed rounding. */
export async function toolTotals(prisma: PrismaClient, tenantIds: string[], since: Date): Promise<ToolTotals[]> {
  if (!tenantIds.length) return [];
  const rows = await prisma.$queryRaw<Array<{ ecosystem: string; tool_name: string; calls: number; errors: number; p50: number; p95: number }>>`
    SELECT ecosystem, tool_name, count(*)::int AS calls, (count(*) FILTER (WHERE status <> 'ok'))::int AS errors,
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms))::numeric, 1)::float8 AS p50,
           round((percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms))::numeric, 1)::float8 AS p95
    FROM tool_executions
    WHERE tenant_id = ANY(${tenantIds}::text[]) AND "timestamp" > ${since}
    GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`;
  return rows.map((r) => ({ ecosystem: r.ecosystem, toolName: r.tool_name, calls: r.calls, errors: r.errors, p50: r.p50, p95: r.p95 }));
}

/** p95 per bucket and ecosystem over all its tools' rows: percentiles of several tools cannot be added or maxed into one. */
export async function ecosystemLatency(prisma: PrismaClient, tenantIds: string[], since: Date, bin: string): Promise<Array<{ bucket: Date; ecosystem: string; p95: number }>> {
  if (!tenantIds.length) return [];
  const rows = await prisma.$queryRaw<Array<{ bucket: Date; ecosystem: string; p95: number }>>`
    SELECT date_bin(${bin}::interval, "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, ecosystem,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p95
    FROM tool_executions
    WHERE tenant_id = ANY(${tenantIds}::text[]) AND "timestamp" > ${since}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows.map((r) => ({ bucket: new Date(r.bucket), ecosystem: r.ecosystem, p95: r.p95 }));
}

const W = 640;
const H = 160;
const COLORS = ['#1f5fbf', '#b3261e', '#1e7b3a', '#8a5a00', '#6b3fa0', '#00798c'];

/** One line per series over shared time buckets, drawn on the server: no chart library, no script. */
export function LineChart(props: { title: string; buckets: number[]; series: Array<{ name: string; values: Map<number, number> }>; unit?: string }) {
  const max = Math.max(1, ...props.series.flatMap((s) => [...s.values.values()]));
  const x = (i: number) => (props.buckets.length < 2 ? W / 2 : 40 + (i * (W - 60)) / (props.buckets.length - 1));
  const y = (v: number) => H - 20 - (v / max) * (H - 40);
  return (
    <figure>
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={props.title}>
        <text x="4" y="14">{`${Math.round(max)}${props.unit ?? ''}`}</text>
        <text x="4" y={H - 22}>0</text>
        {props.series.map((s, n) => (
          <polyline fill="none" stroke={COLORS[n % COLORS.length]} stroke-width="2" points={props.buckets.map((b, i) => `${x(i).toFixed(1)},${y(s.values.get(b) ?? 0).toFixed(1)}`).join(' ')} />
        ))}
        {props.series.map((s, n) => (
          <text x={50 + n * 110} y={H - 4} fill={COLORS[n % COLORS.length]}>{s.name}</text>
        ))}
      </svg>
    </figure>
  );
}

function byEcosystem<P extends { bucket: Date; ecosystem: string }>(points: P[], value: (p: P) => number) {
  const names = [...new Set(points.map((p) => p.ecosystem))];
  return names.map((name) => {
    const values = new Map<number, number>();
    for (const p of points.filter((q) => q.ecosystem === name)) values.set(p.bucket.getTime(), (values.get(p.bucket.getTime()) ?? 0) + value(p));
    return { name, values };
  });
}

export function chartRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/charts', async (c) => {
    const key = c.req.query('window') ?? '24h';
    const window = WINDOWS[key] ?? WINDOWS['24h']!;
    const tenantIds = visibleTenantIds(c.get('session'));
    const since = new Date(Date.now() - window.hours * 3_600_000);
    const [points, latency, tools] = await Promise.all([
      callSeries(ctx.deps.prisma, tenantIds, since, window.bin),
      ecosystemLatency(ctx.deps.prisma, tenantIds, since, window.bin),
      toolTotals(ctx.deps.prisma, tenantIds, since),
    ]);
    const buckets = [...new Set(points.map((p) => p.bucket.getTime()))].sort((a, b) => a - b);
    return render(
      ctx,
      c,
      'Calls, errors and latency',
      <>
        <p>{Object.keys(WINDOWS).map((w) => (w === key ? <strong>{`${w} `}</strong> : <><a href={`/console/charts?window=${w}`}>{w}</a> </>))}</p>
        <LineChart title="Calls per ecosystem" buckets={buckets} series={byEcosystem(points, (p) => p.calls)} />
        <LineChart title="Errors per ecosystem" buckets={buckets} series={byEcosystem(points, (p) => p.errors)} />
        <LineChart title="p95 latency per ecosystem" buckets={buckets} series={byEcosystem(latency, (p) => p.p95)} unit=" ms" />
        <h2>Per tool</h2>
        <table id="per-tool">
          <thead><tr><th>Tool</th><th>Ecosystem</th><th>Calls</th><th>Errors</th><th>p50</th><th>p95</th></tr></thead>
          <tbody>{tools.map((t) => <tr><td>{t.toolName}</td><td>{t.ecosystem}</td><td>{t.calls}</td><td>{t.errors}</td><td>{`${Math.round(t.p50)} ms`}</td><td>{`${Math.round(t.p95)} ms`}</td></tr>)}</tbody>
        </table>
        <p class="muted">Percentiles over every call of the window.</p>
      </>,
    );
  });
}
