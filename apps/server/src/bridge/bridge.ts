import { setTimeout as sleep } from 'node:timers/promises';
import { CLIENT_INFO_META_KEY, SdkHttpError, StreamableHTTPClientTransport, UnauthorizedError, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Logger } from '@enterprise-mcp/core';

export interface BridgeOptions {
  url: string;
  apiKey: string;
  logger: Logger;
  /** Attempts per message after a network error or a 502/503/504 (default 5). */
  retries?: number;
  /** First back-off delay; doubles per attempt (default 500 ms). */
  retryDelayMs?: number;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** JSON-RPC error codes the bridge answers with when the remote server cannot. */
export const BRIDGE_ERRORS = { authFailed: -32001, unreachable: -32002, remoteError: -32003 } as const;

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * Connects a local stdio MCP client to a remote server over Streamable HTTP.
 * Messages pass through unchanged, in either protocol era: the SDK's HTTP
 * transport derives 2026-07-28's MCP-Protocol-Version, Mcp-Method and
 * Mcp-Name headers from each message's `_meta` envelope. The API key goes in
 * the Authorization header, and the client's name from its `initialize` goes
 * in `Mcp-Client` so the remote audit trail names the real client (modern
 * clients name themselves in every request's `_meta`).
 */
export async function runBridge(options: BridgeOptions): Promise<{ closed: Promise<void> }> {
  const { logger } = options;
  const retries = options.retries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 500;
  let clientHeader: string | undefined;
  const remote = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: { authorization: `Bearer ${options.apiKey}` } },
    fetch: (url, init) => {
      const headers = new Headers(init?.headers);
      if (clientHeader) headers.set('mcp-client', clientHeader);
      return fetch(url, { ...init, headers });
    },
  });
  const local = new StdioServerTransport(
    options.input as NodeJS.ReadStream | undefined,
    options.output as NodeJS.WriteStream | undefined,
  );

  remote.onmessage = (message) => void local.send(message).catch((error: unknown) => logger.error({ err: error }, 'bridge: could not write to the local client'));
  // Send failures are handled per message below; other transport errors are only logged.
  remote.onerror = (error) => logger.debug({ err: error.message }, 'bridge: remote transport error');

  const forward = async (message: JSONRPCMessage) => {
    const info = clientInfoOf(message);
    if (info) clientHeader = info;
    try {
      await sendWithRetry(remote, message, { retries, retryDelayMs, logger, url: options.url });
    } catch (error) {
      const answer = errorAnswer(message, error, options.url);
      logger.error({ code: answer.code }, answer.message);
      if ('id' in message && 'method' in message) {
        await local.send({ jsonrpc: '2.0', id: message.id, error: { code: answer.code, message: answer.message } });
      }
    }
  };
  // Messages are forwarded in order: an initialize must reach the server before what follows it.
  let queue = Promise.resolve();
  local.onmessage = (message) => {
    queue = queue.then(() => forward(message));
  };
  const closed = new Promise<void>((resolve) => {
    local.onclose = () => resolve();
  });
  await remote.start();
  await local.start();
  logger.info({ url: options.url }, 'bridge: forwarding stdio to the remote MCP server');
  return { closed: closed.then(() => queue).then(() => remote.close()) };
}

async function sendWithRetry(
  remote: StreamableHTTPClientTransport,
  message: JSONRPCMessage,
  options: { retries: number; retryDelayMs: number; logger: Logger; url: string },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await remote.send(message);
      return;
    } catch (error) {
      if (!isRetryable(error) || attempt >= options.retries) throw error;
      const delay = options.retryDelayMs * 2 ** attempt;
      options.logger.warn({ attempt: attempt + 1, delayMs: delay, reason: describe(error) }, `bridge: ${options.url} unreachable, retrying`);
      await sleep(delay);
    }
  }
}

/** The HTTP status of a refused POST, when the server answered at all. */
function statusOf(error: unknown): number | undefined {
  if (error instanceof UnauthorizedError) return 401;
  return error instanceof SdkHttpError ? error.status : undefined;
}

function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return RETRYABLE_STATUS.has(status);
  // fetch reports refused/reset connections and DNS failures as TypeError("fetch failed").
  return error instanceof TypeError;
}

function errorAnswer(message: JSONRPCMessage, error: unknown, url: string): { code: number; message: string } {
  const method = 'method' in message ? message.method : 'message';
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return {
      code: BRIDGE_ERRORS.authFailed,
      message: `Authentication failed: ${url} rejected the API key (HTTP ${status}). Check --api-key (or EMCP_API_KEY): it must be a live emcp_ key of this server.`,
    };
  }
  if (status !== undefined && status > 0 && !RETRYABLE_STATUS.has(status)) {
    return { code: BRIDGE_ERRORS.remoteError, message: `${url} answered ${method} with HTTP ${status}: ${(error as Error).message}` };
  }
  return { code: BRIDGE_ERRORS.unreachable, message: `Cannot reach ${url} (${describe(error)}); gave up after retries. Is the server or tunnel up?` };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

function clientInfoOf(message: JSONRPCMessage): string | undefined {
  if (!('method' in message)) return undefined;
  const params = message.params as { clientInfo?: ClientInfo; _meta?: Record<string, unknown> } | undefined;
  // 2025-era clients name themselves in initialize; 2026-07-28 ones in every request's envelope.
  const info = message.method === 'initialize' ? params?.clientInfo : (params?._meta?.[CLIENT_INFO_META_KEY] as ClientInfo | undefined);
  if (typeof info?.name !== 'string') return undefined;
  const safe = (value: string) => value.replace(/[^\w.\-@+]/g, '-').slice(0, 100);
  return typeof info.version === 'string' ? `${safe(info.name)}/${safe(info.version)}` : safe(info.name);
}

interface ClientInfo {
  name?: unknown;
  version?: unknown;
}
