import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { progressReporterOf } from '@enterprise-mcp/core';
import type { ToolCatalog } from './catalog.js';
import type { CallerContext } from './context.js';
import type { ToolInvoker } from './invoke.js';

export const SERVER_INFO = { name: 'enterprise-mcp', version: '0.1.0' };

const INSTRUCTIONS =
  'Tools for business platforms (DNS, CRM, domains and more). Tool names are <platform>_<verb>_<noun>. ' +
  'Every call is audited; read-only hints say which tools change nothing.';

/**
 * This server never validates client-side JSON Schemas (that is for
 * elicitation), so it skips building an Ajv instance per request.
 */
const NO_SCHEMA_VALIDATION: jsonSchemaValidator = {
  getValidator: () => (input: unknown) => ({ valid: true, data: input as never, errorMessage: undefined }),
};

export interface McpServices {
  catalog: ToolCatalog;
  invoker: ToolInvoker;
}

/**
 * A low-level MCP `Server` whose `tools/list` is the catalog's precomputed
 * answer for the caller's scopes and whose `tools/call` goes through the
 * invoker. Building one costs the same with 3 tools or 300.
 */
export function createMcpServer(services: McpServices, caller: () => CallerContext, requestSignal?: AbortSignal): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
    jsonSchemaValidator: NO_SCHEMA_VALIDATION,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: services.catalog.list(caller().scopes) as never }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const cancel = eitherAborted(extra.signal, requestSignal);
    try {
      const result = await services.invoker.call({
        name: request.params.name,
        args: request.params.arguments,
        caller: caller(),
        signal: cancel.signal,
        progress: progressReporterOf(extra as never),
      });
      return result as never;
    } finally {
      cancel.release();
    }
  });
  return server;
}

/**
 * How POST /mcp answers: `sse` streams every answer (room for progress
 * notifications), `json` sends plain JSON, `auto` streams only requests that
 * carry a progress token and answers the rest with JSON, which costs less.
 */
export type ResponseMode = 'auto' | 'json' | 'sse';

function asksForProgress(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) => (message as { params?: { _meta?: { progressToken?: unknown } } } | null)?.params?._meta?.progressToken !== undefined,
  );
}

/**
 * A signal that aborts when the MCP request is cancelled or the HTTP client
 * goes away. Plain listeners, removed afterwards: AbortSignal.any keeps weak
 * references per call, which showed up as GC work under load.
 */
function eitherAborted(first: AbortSignal, second: AbortSignal | undefined): { signal: AbortSignal; release(): void } {
  if (!second) return { signal: first, release: () => {} };
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (first.aborted || second.aborted) controller.abort();
  first.addEventListener('abort', abort, { once: true });
  second.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      first.removeEventListener('abort', abort);
      second.removeEventListener('abort', abort);
    },
  };
}

/** Serves one stateless Streamable HTTP request: a fresh transport, as the SDK requires. */
export async function handleMcpRequest(
  services: McpServices,
  caller: CallerContext,
  request: Request,
  parsedBody: unknown,
  mode: ResponseMode,
): Promise<Response> {
  const jsonResponse = mode === 'json' || (mode === 'auto' && !asksForProgress(parsedBody));
  const server = createMcpServer(services, () => caller, request.signal);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: jsonResponse,
  });
  await server.connect(transport);
  const response = await transport.handleRequest(request, { parsedBody });
  if (jsonResponse || !response.body) void server.close();
  return response;
}
