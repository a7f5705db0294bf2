import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { ServerMetrics } from './metrics.js';

/**
 * `GET /metrics`. With a token, only `Authorization: Bearer <METRICS_TOKEN>`
 * is served (compared in constant time); without one, the route is meant for a
 * port of its own bound to a private interface (METRICS_PORT / METRICS_HOST).
 */
export function metricsRoutes(metrics: ServerMetrics, token: string | undefined): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (token !== undefined && !bearerMatches(c.req.header('authorization'), token)) {
      c.header('www-authenticate', 'Bearer realm="metrics"');
      return c.json({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' }, 401);
    }
    c.header('content-type', metrics.registry.contentType);
    return c.body(await metrics.scrape());
  });
  return app;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  // Hashing first gives equal lengths, so the comparison time says nothing about the token's length either.
  return timingSafeEqual(digest(presented), digest(token));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export interface MetricsSetup {
  metrics: ServerMetrics;
  /** METRICS_TOKEN: /metrics on the main port, for this bearer token only. */
  token?: string;
  /** METRICS_PORT: /metrics without a token on a listener of its own, bound to `host` (METRICS_HOST, default 127.0.0.1). */
  port?: number;
  host?: string;
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** The token-free listener of METRICS_PORT; its safety is the interface it binds to, loopback unless told otherwise. */
export async function listenForMetrics(setup: MetricsSetup): Promise<MetricsListener | undefined> {
  if (setup.port === undefined) return undefined;
  const host = setup.host ?? '127.0.0.1';
  const app = metricsRoutes(setup.metrics, undefined);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: host, port: setup.port }, () => resolve(started));
    started.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
