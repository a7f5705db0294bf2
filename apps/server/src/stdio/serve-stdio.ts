import { randomUUID } from 'node:crypto';
import { CLIENT_INFO_META_KEY, type Implementation, type ServerContext } from '@modelcontextprotocol/server';
import { serveStdio as serveSdkStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { AnyEcosystem, AuditSink } from '@enterprise-mcp/core';
import { createApiCacheFromConfig } from '../cache/index.js';
import { envCredentialSource } from '../clients.js';
import type { ServerConfig } from '../config.js';
import type { ServerLogger } from '../logger.js';
import { createToolServer } from '../mcp/protocol.js';
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
  const { catalog, invoker, limiterStore } = composeCallPath({
    settings: config,
    logger,
    ecosystems,
    credentials: envCredentialSource(config.ecosystems),
    audit: options.audit,
    // stdio has no database: a database cache setting means this process's memory here.
    cache: createApiCacheFromConfig({ ...config, API_CACHE_STORE: config.API_CACHE_STORE === 'off' ? 'off' : 'memory' }, { logger }),
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
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- the 2025 era's client identity lives on the connection
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
  });
  return { closed: finished };
}
