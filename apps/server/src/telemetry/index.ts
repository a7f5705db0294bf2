import type { AuditSink } from '@enterprise-mcp/core';
import type { AuditStats } from '@enterprise-mcp/audit';
import { ServerMetrics } from './metrics.js';
import type { MetricsSetup } from './route.js';

export { activeMetrics, activateMetrics, ServerMetrics } from './metrics.js';
export { listenForMetrics, metricsRoutes, type MetricsSetup } from './route.js';

interface MetricsConfig {
  METRICS_TOKEN?: string;
  METRICS_PORT?: number;
  METRICS_HOST: string;
}

/**
 * Metrics are off unless asked for: a token (served on the main port) or a
 * port of their own. Off by default because an open /metrics on a public
 * port would tell anyone the tool mix and error rates.
 */
export function metricsFromConfig(config: MetricsConfig, audit?: AuditSink): MetricsSetup | undefined {
  if (config.METRICS_TOKEN === undefined && config.METRICS_PORT === undefined) return undefined;
  const stats = auditStatsOf(audit);
  return { metrics: new ServerMetrics(stats), token: config.METRICS_TOKEN, port: config.METRICS_PORT, host: config.METRICS_HOST };
}

function auditStatsOf(audit: AuditSink | undefined): (() => AuditStats) | undefined {
  const writer = audit as (AuditSink & { stats?: () => AuditStats }) | undefined;
  return typeof writer?.stats === 'function' ? () => writer.stats!() : undefined;
}
