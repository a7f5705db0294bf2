import type { AnyEcosystem } from '@enterprise-mcp/core';
import type { ServerConfig } from './config.js';
import { openDataPlane, type DataPlane } from './data-plane/open.js';
import type { ServerLogger } from './logger.js';
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

/** Opens the data plane, builds the app and listens; `close()` shuts down in order. */
export async function startServer(config: ServerConfig, logger: ServerLogger): Promise<StartedServer> {
  const dataPlane = await openDataPlane(config, logger);
  const ecosystems = servedEcosystems(config);
  const runtime = createRuntime({
    settings: config,
    logger,
    ecosystems,
    verifier: dataPlane.verifier,
    credentials: dataPlane.credentials,
    audit: dataPlane.audit,
    readiness: dataPlane.readiness,
    closeParts: dataPlane.close,
  });
  let running: RunningServer;
  try {
    running = await runtime.listen();
  } catch (error) {
    await dataPlane.close();
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
      publicUrl: config.PUBLIC_URL,
      database: dataPlane.db.kind,
      rateLimitStore: runtime.limiterStore.kind,
      tenancy: config.TENANCY_MODE,
      ecosystems: ecosystems.map((e) => e.id),
      tools: runtime.catalog.size,
    },
    'enterprise-mcp listening',
  );
  return { ...running, runtime, dataPlane };
}

/** SIGTERM/SIGINT: stop accepting, finish in-flight calls, flush audit, close pools, exit. */
export function closeOnSignals(server: { close(): Promise<void> }, logger: ServerLogger, onClosed: () => void = () => process.exit(0)): void {
  const stop = (signal: string) => {
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
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
