import { randomUUID } from 'node:crypto';
import { CLIENT_INFO_META_KEY, type Implementation, type ServerContext } from '@modelcontextprotocol/server';
import { serveStdio as serveSdkStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { oauthSpecOf, type AnyEcosystem, type AuditSink } from '@enterprise-mcp/core';
import { migrate, openDatabase, type Database } from '@enterprise-mcp/database';
import type { Vault } from '@enterprise-mcp/vault';
import { createApiCacheFromConfig } from '../cache/index.js';
import { envCredentialSource } from '../clients.js';
import type { ServerConfig } from '../config.js';
import type { ServerLogger } from '../logger.js';
import { createToolServer } from '../mcp/protocol.js';
import { openVault } from '../data-plane/open.js';
import { PublicUrl } from '../public-url.js';
import { composeCallPath } from '../runtime.js';

export interface StdioOptions {
  config: ServerConfig;
  logger: ServerLogger;
  audit: AuditSink;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/**
 * Serves the same tools over stdio for one local client. The tenant is
 * STDIO_TENANT_ID and platform credentials come from the environment; every
 * call still passes the rate limits and lands in the audit sink.
 */
export async function serveStdio(options: StdioOptions): Promise<{ closed: Promise<void> }> {
  const { config, logger } = options;
  const ecosystems: AnyEcosystem[] = config.ecosystems.filter((settings) => settings.envConfig).map((settings) => settings.ecosystem);
  const connections = await openConnections(config, logger);
  const { catalog, invoker, limiterStore } = composeCallPath({
    settings: config,
    logger,
    ecosystems,
    credentials: envCredentialSource(config.ecosystems),
    audit: options.audit,
    // stdio has no database: a database cache setting means this process's memory here.
    cache: createApiCacheFromConfig({ ...config, API_CACHE_STORE: config.API_CACHE_STORE === 'off' ? 'off' : 'memory' }, { logger }),
    vault: connections?.vault,
  });
  const transport = new StdioServerTransport(
    options.input as NodeJS.ReadStream | undefined,
    options.output as NodeJS.WriteStream | undefined,
  );
  let client: Implementation | undefined;
  const callerOf = (ctx: ServerContext) => {
    // 2026-07-28 clients name themselves on every request; 2025-era ones once, in initialize.
    client = (ctx.mcpReq._meta?.[CLIENT_INFO_META_KEY] as Implementation | undefined) ?? client;
    const requestId = randomUUID();
    return {
      requestId,
      tenantId: config.STDIO_TENANT_ID,
      apiKeyId: null,
      scopes: { readOnly: false },
      clientName: client?.name ?? null,
      clientVersion: client?.version ?? null,
      logger: logger.child({ requestId }),
    };
  };
  // One server per connection (the SDK pins the connection's era with its first message), made from the same catalog.
  serveSdkStdio(
    () => {
      const server = createToolServer({ catalog, invoker }, callerOf);
      server.oninitialized = () => {
        client = server.getClientVersion() ?? client;
      };
      return server;
    },
    { transport, onerror: (error) => logger.debug({ err: error.message }, 'stdio: protocol error') },
  );
  const sdkOnClose = transport.onclose;
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => {
      sdkOnClose?.();
      resolve();
    };
  });
  logger.info(
    { tenantId: config.STDIO_TENANT_ID, tools: catalog.size, ecosystems: catalog.ecosystemIds },
    ecosystems.length ? 'serving tools over stdio' : 'serving over stdio with no platform configured: set platform variables (see .env.example)',
  );
  const finished = closed.then(async () => {
    await options.audit.flush();
    await limiterStore.close();
    await connections?.close();
  });
  return { closed: finished };
}

/**
 * An OAuth platform configured in the environment gets its connections from
 * the vault: the database (DATABASE_URL, else PGlite in DATA_DIR) that
 * `enterprise-mcp connect` stored them in. Platforms with fixed credentials need no database.
 */
async function openConnections(config: ServerConfig, logger: ServerLogger): Promise<{ vault: Vault; close(): Promise<void> } | undefined> {
  const oauth = config.ecosystems.some((settings) => settings.envConfig && oauthSpecOf(settings.ecosystem, { mode: String(settings.envConfig['mode']) }));
  if (!oauth || !config.CREDENTIALS_ENCRYPTION_KEY) return undefined;
  const db: Database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger: logger.child({ component: 'database' }) });
  try {
    if (config.AUTO_MIGRATE) await migrate(db, { logger });
    const vault = openVault(config, db, { credentials: envCredentialSource(config.ecosystems), publicUrl: new PublicUrl(config.PUBLIC_URL, config.HOST, config.PORT), logger })!;
    await vault.recover();
    return { vault, close: async () => (await vault.close(), await db.close()) };
  } catch (error) {
    await db.close();
    throw error;
  }
}
