import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve, type ServerType } from '@hono/node-server';
import type { Authorization } from '@enterprise-mcp/authorization';
import type { AnyEcosystem, AuditSink } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';
import type { Vault } from '@enterprise-mcp/vault';
import { ApprovalGate } from './approvals/gate.js';
import { createApprovalStore, DEFAULT_APPROVAL_TTL_MS, type ApprovalStore } from './approvals/index.js';
import { ClientProvider } from './clients.js';
import { buildConsole, type ConsoleParts } from './console.js';
import { ConnectionChooser } from './connections.js';
import type { CredentialSource, KeyVerifier, Readiness } from './data-plane/types.js';
import { createApp } from './http/app.js';
import type { ServerLogger } from './logger.js';
import { ToolCatalog } from './mcp/catalog.js';
import type { ResponseMode } from './mcp/endpoint.js';
import { ToolInvoker } from './mcp/invoke.js';
import type { PendingStates } from './mcp/pending.js';
import { InboundRateLimits } from './rate-limits/inbound.js';
import type { ApiCache } from './cache/index.js';
import { createLimiterStore, type LimiterStore } from './rate-limits/store.js';
import type { PublicUrl } from './public-url.js';
import { listenProblem } from './startup-errors.js';
import { activateMetrics } from './telemetry/metrics.js';
import { listenForMetrics, metricsRoutes, type MetricsSetup } from './telemetry/route.js';

/** The settings the runtime reads; a subset of ServerConfig so tests can pass only these. */
export interface RuntimeSettings {
  HOST: string;
  PORT: number;
  REDIS_URL?: string;
  ALLOWED_HOSTS?: string[];
  ALLOWED_ORIGINS?: string[];
  CORS_ORIGINS?: string[];
  dnsRebindingProtection: boolean;
  MAX_BODY_BYTES: number;
  HTTP_HEADERS_TIMEOUT_MS: number;
  HTTP_REQUEST_TIMEOUT_MS: number;
  MAX_CONNECTIONS: number;
  MCP_RESPONSE_MODE: ResponseMode;
  MCP_MAX_BATCH_MESSAGES: number;
  RATE_LIMIT_REQUESTS_PER_MINUTE: number;
  /** 0: no per-key budget, only the tenant's. */
  RATE_LIMIT_KEY_REQUESTS_PER_MINUTE: number;
  RATE_LIMIT_TOOL_CALLS_PER_MINUTE: number;
  OUTBOUND_MAX_WAIT_MS: number;
  SHUTDOWN_TIMEOUT_MS: number;
  /** The key cache's bound; tenant credentials are re-read within the same time (default 5000). */
  API_KEY_CACHE_TTL_MS?: number;
  /** Lifetime of cached read answers for tools that declare none; 0 caches nothing (default 0 here, 30 in ServerConfig). */
  API_CACHE_TTL_SECONDS?: number;
  /** How long a held call's approval lives (default 15 minutes). */
  APPROVAL_TTL_MS?: number;
  /** How long a held call waits for its decision before answering "pending" (default 0). */
  APPROVAL_WAIT_MS?: number;
}

export interface RuntimeParts {
  settings: RuntimeSettings;
  /** /metrics: on the main port behind `token`, or on a port of its own (METRICS_PORT); absent: off. */
  metrics?: MetricsSetup;
  logger: ServerLogger;
  /** Ecosystems to serve (those with credentials somewhere). */
  ecosystems: AnyEcosystem[];
  verifier: KeyVerifier;
  credentials: CredentialSource;
  audit: AuditSink;
  readiness: Readiness;
  /** Closes what the parts own (audit writer, database), after the audit flush. */
  closeParts?: () => Promise<void>;
  limiterStore?: LimiterStore;
  /** The answers cache of read tools (memory or database); none: every call runs. */
  cache?: ApiCache;
  /** Values tools keep for a later call (previewed changes), in the database so any replica can confirm; none: this process's memory. */
  pending?: PendingStates;
  /** MCP authorization (OAuth beside API keys); none: API keys only. */
  authorization?: Authorization;
  /** OAuth connections (absent without CREDENTIALS_ENCRYPTION_KEY): their tokens, the connect routes, the background job. */
  vault?: Vault;
  /** PUBLIC_URL, or the listen address once listening: what connect links and redirect URIs start with. */
  publicUrl?: PublicUrl;
  /** Where held calls' approvals live (`tool_approvals`); none: a call that needs approval is refused. */
  approvalsDb?: Pick<PrismaClient, 'toolApproval'>;
  /** How often the vault's background job runs (0: never). */
  oauthMaintenanceIntervalMs?: number;
  /** The admin console at /console (absent: not served). */
  console?: ConsoleParts;
}

export interface RunningServer {
  url: string;
  mcpUrl: string;
  port: number;
  /** Stop accepting, finish in-flight calls (bounded), flush audit, close pools. */
  close(): Promise<void>;
  /** During close(): stop waiting for in-flight calls now (the audit flush still runs). */
  hurry(): void;
  /** The token-free /metrics of METRICS_PORT, when configured. */
  metricsUrl?: string;
}

export interface Runtime {
  app: ReturnType<typeof createApp>;
  catalog: ToolCatalog;
  clients: ClientProvider;
  limiterStore: LimiterStore;
  /** The approval queue the console and CLI decide through; absent without a database. */
  approvals?: ApprovalStore;
  listen(): Promise<RunningServer>;
}

/** After in-flight calls are abandoned (and aborted), how long they may take to unwind before the audit flush. */
const ABANDONED_GRACE_MS = 1_000;

/** What the settings a call path reads are, for HTTP and stdio alike. */
export type CallPathSettings = Pick<
  RuntimeSettings,
  | 'REDIS_URL'
  | 'OUTBOUND_MAX_WAIT_MS'
  | 'API_KEY_CACHE_TTL_MS'
  | 'API_CACHE_TTL_SECONDS'
  | 'RATE_LIMIT_REQUESTS_PER_MINUTE'
  | 'RATE_LIMIT_KEY_REQUESTS_PER_MINUTE'
  | 'RATE_LIMIT_TOOL_CALLS_PER_MINUTE'
  | 'APPROVAL_TTL_MS'
  | 'APPROVAL_WAIT_MS'
>;

export interface CallPath {
  catalog: ToolCatalog;
  clients: ClientProvider;
  invoker: ToolInvoker;
  limiterStore: LimiterStore;
  approvals?: ApprovalStore;
}

/** The one composition of the call path (catalog, clients, limits, invoker, audit), which HTTP and stdio both serve. */
export function composeCallPath(
  parts: {
    settings: CallPathSettings;
    logger: ServerLogger;
    ecosystems: AnyEcosystem[];
    credentials: CredentialSource;
    audit: AuditSink;
    limiterStore?: LimiterStore;
    cache?: ApiCache;
    pending?: PendingStates;
    vault?: Vault;
    approvalsDb?: Pick<PrismaClient, 'toolApproval'>;
    publicUrl?: PublicUrl;
  },
): CallPath {
  const { settings, logger } = parts;
  const limiterStore = parts.limiterStore ?? createLimiterStore(settings.REDIS_URL);
  const catalog = new ToolCatalog(parts.ecosystems);
  const clients = new ClientProvider({
    credentials: parts.credentials,
    limiterStore,
    outboundMaxWaitMs: settings.OUTBOUND_MAX_WAIT_MS,
    logger,
    ttlMs: settings.API_KEY_CACHE_TTL_MS,
    userAgent: 'enterprise-mcp/0.1.0',
    vault: parts.vault,
  });
  const inbound = new InboundRateLimits(limiterStore, {
    requestsPerMinute: settings.RATE_LIMIT_REQUESTS_PER_MINUTE,
    keyRequestsPerMinute: settings.RATE_LIMIT_KEY_REQUESTS_PER_MINUTE || undefined,
    toolCallsPerMinute: settings.RATE_LIMIT_TOOL_CALLS_PER_MINUTE,
  });
  // One store per server: the console (through the runtime) and the call path share it.
  const approvals = parts.approvalsDb ? createApprovalStore(parts.approvalsDb, { ttlMs: settings.APPROVAL_TTL_MS ?? DEFAULT_APPROVAL_TTL_MS, audit: parts.audit }) : undefined;
  const gate = new ApprovalGate({ store: approvals, audit: parts.audit, publicUrl: () => parts.publicUrl?.get() ?? '', waitMs: settings.APPROVAL_WAIT_MS ?? 0 });
  const invoker = new ToolInvoker({
    catalog,
    clients,
    inbound,
    audit: parts.audit,
    cache: parts.cache,
    cacheTtlSeconds: settings.API_CACHE_TTL_SECONDS ?? 0,
    connections: parts.vault ? new ConnectionChooser(parts.vault) : undefined,
    pending: parts.pending,
    approvals: gate,
  });
  return { catalog, clients, invoker, limiterStore, approvals };
}

export function createRuntime(parts: RuntimeParts): Runtime {
  const { settings, logger } = parts;
  const { catalog, clients, invoker, limiterStore, approvals } = composeCallPath(parts);
  // Tool calls in progress, counted where they run (a streamed answer outlives its HTTP handler).
  const inflight = invoker.inflight;
  let draining = false;
  const app = createApp({
    logger,
    verifier: parts.verifier,
    authorization: parts.authorization,
    readiness: parts.readiness,
    services: { catalog, invoker },
    origin: {
      allowedHosts: settings.ALLOWED_HOSTS,
      allowedOrigins: settings.ALLOWED_ORIGINS,
      dnsRebindingProtection: settings.dnsRebindingProtection,
    },
    corsOrigins: settings.CORS_ORIGINS,
    maxBodyBytes: settings.MAX_BODY_BYTES,
    responseMode: settings.MCP_RESPONSE_MODE,
    maxBatchMessages: settings.MCP_MAX_BATCH_MESSAGES,
    isDraining: () => draining,
    vault: parts.vault,
    secureCookies: () => parts.publicUrl?.isHttps ?? false,
    console: parts.console && approvals ? buildConsole(parts.console, { catalog, invoker, ecosystems: parts.ecosystems, approvals }) : undefined,
    metricsRoutes: parts.metrics?.token ? metricsRoutes(parts.metrics.metrics, parts.metrics.token) : undefined,
  });
  activateMetrics(parts.metrics?.metrics);

  const listen = async (): Promise<RunningServer> => {
    if (!(await limiterStore.ready())) logger.warn('Redis is not reachable yet: rate limits use per-process memory until it is');
    const server = await new Promise<ServerType>((resolve, reject) => {
      const started = serve(
        { fetch: app.fetch, hostname: settings.HOST, port: settings.PORT, serverOptions: connectionBounds(settings) },
        () => {
          started.off('error', failed);
          resolve(started);
        },
      );
      const failed = (error: NodeJS.ErrnoException) => reject(listenProblem(error, settings.HOST, settings.PORT));
      started.once('error', failed);
      if (settings.MAX_CONNECTIONS > 0) (started as { maxConnections: number }).maxConnections = settings.MAX_CONNECTIONS;
    });
    const port = (server.address() as AddressInfo).port;
    const host = settings.HOST.includes(':') ? `[${settings.HOST}]` : settings.HOST;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    announcePublicUrl(parts, url);
    const metricsListener = parts.metrics ? await listenForMetrics(parts.metrics) : undefined;
    if (metricsListener) logger.info({ url: metricsListener.url }, 'metrics listening');
    parts.vault?.startMaintenance(parts.oauthMaintenanceIntervalMs ?? 0);
    let closing: Promise<void> | undefined;
    const hurried = new AbortController();
    const close = () =>
      (closing ??= (async () => {
        draining = true;
        logger.info({ inFlight: inflight.size }, 'shutting down: no new connections, finishing in-flight calls');
        const deadline = Date.now() + settings.SHUTDOWN_TIMEOUT_MS;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        const sockets = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        // Keep-alive sockets would hold close() open: close each as soon as it has no request in progress.
        const reaper = setInterval(() => sockets.closeIdleConnections?.(), 25);
        sockets.closeIdleConnections?.();
        const finished = await inflight.idle(settings.SHUTDOWN_TIMEOUT_MS, hurried.signal);
        if (!finished) logger.warn({ inFlight: inflight.size }, 'shutdown: abandoning in-flight calls');
        await Promise.race([stopped, sleep(Math.max(0, deadline - Date.now()), undefined, { signal: hurried.signal }).catch(() => {})]);
        clearInterval(reaper);
        // Their clients will get no answer, but each call still gets its one audit row.
        if (!finished) logger.warn({ calls: invoker.abandonAll() }, 'shutdown: in-flight calls recorded as cancelled');
        sockets.closeAllConnections?.();
        await stopped;
        await metricsListener?.close();
        // Aborted, the abandoned calls unwind; give them a moment so nothing runs past the flush.
        if (!finished) await inflight.idle(ABANDONED_GRACE_MS);
        await parts.audit.flush().catch((error: unknown) => logger.error({ err: error }, 'audit flush failed at shutdown'));
        await parts.cache?.close?.();
        await parts.pending?.close?.();
        await parts.vault?.close();
        await parts.closeParts?.();
        await limiterStore.close();
        logger.info('shutdown complete');
      })());
    return { url, mcpUrl: `${url}/mcp`, port, metricsUrl: metricsListener?.url, close, hurry: () => hurried.abort() };
  };

  return { app, catalog, clients, limiterStore, approvals, listen };
}

/** Without PUBLIC_URL, connect links and OAuth redirect URIs use the listen address: said once, since the provider must know it. */
function announcePublicUrl(parts: RuntimeParts, url: string): void {
  if (!parts.publicUrl || parts.publicUrl.isConfigured) return;
  parts.publicUrl.listeningAt(url);
  if (parts.vault) {
    parts.logger.warn(
      { publicUrl: parts.publicUrl.get() },
      'PUBLIC_URL is not set: OAuth connect links and redirect URIs use the listen address; set PUBLIC_URL to the address people and platforms reach',
    );
  }
}

/**
 * Node's own bounds on a slow client: headers within HTTP_HEADERS_TIMEOUT_MS
 * and the whole request (body included) within HTTP_REQUEST_TIMEOUT_MS, else
 * 408 and the socket is closed. Node checks these only every
 * `connectionsCheckingInterval` (30 s by default), so it is checked every second.
 */
function connectionBounds(settings: RuntimeSettings) {
  return {
    headersTimeout: settings.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: settings.HTTP_REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, settings.HTTP_HEADERS_TIMEOUT_MS),
  };
}
