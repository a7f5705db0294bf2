import { metricsFromConfig } from './telemetry/index.js';
import { startTracing } from './telemetry/tracing.js';
import type { MetadataDocumentOptions } from '@enterprise-mcp/authorization';
import type { AnyEcosystem } from '@enterprise-mcp/core';
import type { ServerConfig } from './config.js';
import { openDataPlane, type DataPlane } from './data-plane/open.js';
import type { ServerLogger } from './logger.js';
import { authorizationFromConfig, oidcOptionsOf } from './authorization.js';
import { createApiCacheFromConfig } from './cache/index.js';
import { databasePendingStates } from './mcp/pending.js';
import { createRuntime, type RunningServer, type Runtime } from './runtime.js';

export interface StartedServer extends RunningServer {
  runtime: Runtime;
  dataPlane: DataPlane;
}

/** The ecosystems a server serves: with env credentials (single tenancy), or all of them (multi: per-tenant credentials). */
export function servedEcosystems(config: ServerConfig): AnyEcosystem[] {
  return config.ecosystems
    .filter((settings) => config.TENANCY_MODE === 'multi' || settings.envConfig)
    .map((settings) => settings.ecosystem);
}

export interface StartOptions {
  /** How client ID metadata documents are fetched (tests: a fetch that trusts their own certificate). */
  metadataDocuments?: MetadataDocumentOptions;
}

/** Opens the data plane, builds the app and listens; `close()` shuts down in order. */
export async function startServer(config: ServerConfig, logger: ServerLogger, options: StartOptions = {}): Promise<StartedServer> {
  // Before anything else runs, so every span has the SDK; nothing is loaded unless OTEL_* asks for export.
  const tracing = await startTracing(process.env);
  if (tracing) logger.info('tracing: exporting spans over OTLP/HTTP');
  const dataPlane = await openDataPlane(config, logger).catch(async (error: unknown) => {
    await tracing?.shutdown();
    throw error;
  });
  const ecosystems = servedEcosystems(config);
  if (config.AUTH_MODE !== 'off' && !config.PUBLIC_URL && config.NODE_ENV === 'production') {
    logger.warn('PUBLIC_URL is not set: OAuth metadata and token audiences name the listening address, which clients behind a proxy cannot reach');
  }
  const authorization = authorizationFromConfig(config, {
    prisma: dataPlane.db.prisma,
    // PUBLIC_URL, else the address it listens on (known once it does): never a request's Host header.
    publicUrl: () => dataPlane.publicUrl.get(),
    ecosystems,
    logger,
    metadataDocuments: options.metadataDocuments,
  });
  const runtime = createRuntime({
    authorization,
    settings: config,
    metrics: metricsFromConfig(config, dataPlane.audit),
    cache: createApiCacheFromConfig(config, { db: dataPlane.db, logger: logger.child({ component: 'api-cache' }) }),
    // Previewed changes in the database: a confirmation may reach any replica, also after a restart.
    pending: databasePendingStates(dataPlane.db.prisma, { onSweepError: (error) => logger.warn({ err: error }, 'could not delete expired pending tool values') }),
    logger,
    ecosystems,
    verifier: dataPlane.verifier,
    credentials: dataPlane.credentials,
    audit: dataPlane.audit,
    readiness: dataPlane.readiness,
    closeParts: dataPlane.close,
    vault: dataPlane.vault,
    publicUrl: dataPlane.publicUrl,
    approvalsDb: dataPlane.db.prisma,
    oauthMaintenanceIntervalMs: config.OAUTH_MAINTENANCE_INTERVAL_SECONDS * 1000,
    console: config.CONSOLE_ENABLED
      ? {
          prisma: dataPlane.db.prisma,
          authSecret: config.AUTH_SECRET,
          logger,
          secureCookies: () => dataPlane.publicUrl.isHttps,
          publicOrigin: () => new URL(dataPlane.publicUrl.get()).origin,
          vault: dataPlane.vault,
          oidc: oidcOptionsOf(config),
        }
      : undefined,
  });
  let running: RunningServer;
  try {
    running = await runtime.listen();
  } catch (error) {
    await dataPlane.close();
    // The provider's exporter holds a timer and the global tracer: a failed start must not keep either.
    await tracing?.shutdown();
    throw error;
  }
  for (const settings of config.ecosystems) {
    if (!ecosystems.includes(settings.ecosystem)) {
      logger.info({ ecosystem: settings.ecosystem.id, reason: settings.disabledReason }, 'ecosystem disabled');
    }
  }
  logger.info(
    {
      url: running.mcpUrl,
      publicUrl: dataPlane.publicUrl.get(),
      database: dataPlane.db.kind,
      rateLimitStore: runtime.limiterStore.kind,
      tenancy: config.TENANCY_MODE,
      authorization: config.AUTH_MODE,
      ecosystems: ecosystems.map((e) => e.id),
      tools: runtime.catalog.size,
    },
    'enterprise-mcp listening',
  );
  const close = running.close;
  // Spans of the last calls are flushed after the server stops taking them.
  return { ...running, close: () => close().then(() => tracing?.shutdown()), runtime, dataPlane };
}

export interface SignalOptions {
  /** Called once shutdown has finished (default: exit 0). */
  onClosed?: () => void;
  /**
   * Also shut down when the parent process goes away (default: when started by a package
   * manager script, whose shell does not pass signals on, so `npm start` and its server stop together).
   */
  exitWithParent?: boolean;
}

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const PARENT_POLL_MS = 500;

/**
 * SIGTERM/SIGINT/SIGHUP: stop accepting, finish in-flight calls, flush audit, close pools,
 * exit. Any number of signals lead to one shutdown: Ctrl-C and `docker stop` reach every
 * process of the group, and supervisors repeat themselves. A second signal only shortens
 * the wait for in-flight calls; the audit flush (or spill) always runs.
 */
export function closeOnSignals(server: { close(): Promise<void>; hurry?(): void }, logger: ServerLogger, options: SignalOptions = {}): void {
  const onClosed = options.onClosed ?? (() => process.exit(0));
  let received = 0;
  const stop = (signal: string) => {
    received++;
    if (received > 1) {
      logger.warn({ signal, received }, received === 2 ? 'signal received again: no longer waiting for in-flight calls; the audit is still flushed' : 'signal received again: shutdown already in progress');
      if (received === 2) server.hurry?.();
      return;
    }
    logger.info({ signal }, 'signal received');
    server.close().then(
      () => {
        logger.flush();
        onClosed();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => stop(signal));
  if (options.exitWithParent ?? !!process.env['npm_lifecycle_event']) watchParent(() => stop('parent exited'));
}

/** Calls `onGone` once when this process is handed to another parent (its own ended). */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, PARENT_POLL_MS);
  timer.unref();
}
