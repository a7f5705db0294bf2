import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { setTelemetrySink, type TelemetrySink } from '@enterprise-mcp/core';
import type { AuditStats } from '@enterprise-mcp/audit';

/**
 * The server's Prometheus series. Every label comes from a fixed set (catalog
 * tool names, ecosystem ids, platform display names, statuses): no tenant, key
 * or argument ever becomes a label, so a scrape stays small however many tenants call.
 */
export class ServerMetrics implements TelemetrySink {
  readonly registry = new Registry();
  private readonly toolCalls = new Counter({ name: 'emcp_tool_calls_total', help: 'Tool calls by ecosystem, tool and outcome status', labelNames: ['ecosystem', 'tool', 'status'], registers: [this.registry] });
  private readonly toolDuration = new Histogram({
    name: 'emcp_tool_call_duration_seconds',
    help: 'Tool call duration, from admission to the answer',
    labelNames: ['ecosystem', 'tool'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly upstream = new Counter({ name: 'emcp_upstream_responses_total', help: 'Upstream platform answers by status class', labelNames: ['platform', 'status'], registers: [this.registry] });
  private readonly upstream429 = new Counter({ name: 'emcp_upstream_rate_limited_total', help: 'Upstream answers with HTTP 429', labelNames: ['platform'], registers: [this.registry] });
  private readonly retries = new Counter({ name: 'emcp_upstream_retries_total', help: 'Upstream requests sent again after a 429, 5xx or network error', labelNames: ['platform'], registers: [this.registry] });
  private readonly refusals = new Counter({ name: 'emcp_rate_limit_refusals_total', help: 'Calls refused by this server\'s own limits (inbound: callers; outbound: platform budgets)', labelNames: ['direction', 'platform'], registers: [this.registry] });
  private readonly refreshes = new Counter({ name: 'emcp_token_refreshes_total', help: 'OAuth token refreshes by ecosystem and outcome', labelNames: ['ecosystem', 'outcome'], registers: [this.registry] });
  private readonly cacheLookups = new Counter({ name: 'emcp_cache_lookups_total', help: 'Read-tool answer cache lookups', labelNames: ['outcome'], registers: [this.registry] });

  constructor(audit?: () => AuditStats | undefined) {
    collectDefaultMetrics({ register: this.registry });
    if (audit) this.auditSeries(audit);
  }

  /** Makes core's and the packages' reports (upstream answers, retries, refreshes) land in this registry. */
  install(): this {
    setTelemetrySink(this);
    return this;
  }

  toolCall(ecosystem: string, tool: string, status: string, seconds: number): void {
    this.toolCalls.inc({ ecosystem, tool, status });
    this.toolDuration.observe({ ecosystem, tool }, seconds);
  }

  cacheLookup(outcome: 'hit' | 'miss'): void {
    this.cacheLookups.inc({ outcome });
  }

  inboundRefused(): void {
    this.refusals.inc({ direction: 'inbound', platform: '' });
  }

  upstreamResponse(platform: string, status: number): void {
    this.upstream.inc({ platform, status: String(status) });
    if (status === 429) this.upstream429.inc({ platform });
  }

  upstreamRetry(platform: string): void {
    this.retries.inc({ platform });
  }

  outboundRefused(platform: string): void {
    this.refusals.inc({ direction: 'outbound', platform });
  }

  tokenRefresh(ecosystem: string, outcome: 'ok' | 'failed'): void {
    this.refreshes.inc({ ecosystem, outcome });
  }

  /** The text of a scrape, in Prometheus' exposition format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  // Read at scrape time from the writer's own counters, so the audit package needs no hook and pays nothing between scrapes.
  private auditSeries(audit: () => AuditStats | undefined): void {
    const read = (pick: (stats: AuditStats) => number) => () => pick(audit() ?? ({ buffered: 0, spilled: 0, replayed: 0 } as AuditStats));
    const gauge = (name: string, help: string, value: () => number) =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(value()); } });
    // The writer keeps monotonic totals itself: each scrape copies them into a counter.
    const total = (name: string, help: string, value: () => number) =>
      new Counter({ name, help, registers: [this.registry], collect() { this.reset(); this.inc(value()); } });
    gauge('emcp_audit_buffer_rows', 'Audit records in memory, waiting or being written', read((s) => s.buffered));
    total('emcp_audit_spilled_rows_total', 'Audit records moved to the spill file', read((s) => s.spilled));
    total('emcp_audit_replayed_rows_total', 'Spilled audit records replayed into the database', read((s) => s.replayed));
  }
}

let active: ServerMetrics | undefined;

/** The metrics the call path reports to; undefined (and free) when /metrics is off. */
export function activeMetrics(): ServerMetrics | undefined {
  return active;
}

export function activateMetrics(metrics: ServerMetrics | undefined): void {
  active = metrics?.install();
  if (!metrics) setTelemetrySink({});
}
