import {
  Server,
  SUPPORTED_PROTOCOL_VERSIONS,
  TRACEPARENT_META_KEY,
  type CallToolResult,
  type ListToolsResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { childLogger, progressReporterOf } from '@enterprise-mcp/core';
import { APPROVAL_META_KEY } from '../approvals/gate.js';
import type { ToolCatalog } from './catalog.js';
import { CompactSurface } from './compact.js';
import type { CallerContext } from './context.js';
import type { ToolInvoker } from './invoke.js';

export const SERVER_INFO = { name: 'enterprise-mcp', version: '0.1.0' };

/** The modern revision this server speaks (stateless: server/discover, a `_meta` envelope on every request). */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';

/** Every revision served: the modern one, then the SDK's 2025-era list (2025-11-25 down). */
export const PROTOCOL_VERSIONS = [MODERN_PROTOCOL_VERSION, ...SUPPORTED_PROTOCOL_VERSIONS];

/**
 * How long a client may keep a `tools/list` answer (2026-07-28 cache hints).
 * Private: the list depends on the key's scopes. Five minutes: tools change
 * only with a deployment, and a client that lists again after a key's scopes
 * changed sees the change within that time (calls are checked every time).
 */
export const TOOLS_LIST_CACHE = { ttlMs: 300_000, cacheScope: 'private' } as const;

const INSTRUCTIONS =
  'Tools for business platforms (DNS, CRM, domains and more). Tool names are <platform>_<verb>_<noun>. ' +
  'Every call is audited; read-only hints say which tools change nothing.';

/**
 * This server never validates client-side JSON Schemas (that is for
 * elicitation), so it skips building an Ajv instance.
 */
const NO_SCHEMA_VALIDATION = {
  getValidator: () => (input: unknown) => ({ valid: true as const, data: input as never, errorMessage: undefined }),
};

export interface McpServices {
  catalog: ToolCatalog;
  invoker: ToolInvoker;
}

/** Who is calling, read from the request's context; stdio has one caller, HTTP one per request. */
export type CallerOf = (ctx: ServerContext) => CallerContext;

/**
 * The MCP server: `tools/list` is the catalog's precomputed answer for the
 * caller's scopes and `tools/call` goes through the invoker. Nothing in it
 * depends on the caller, so one instance serves every request of its era;
 * the caller arrives with each request (`ctx.http.authInfo` over HTTP).
 */
export function createToolServer(services: McpServices, callerOf: CallerOf): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
    supportedProtocolVersions: PROTOCOL_VERSIONS,
    jsonSchemaValidator: NO_SCHEMA_VALIDATION,
    cacheHints: { 'tools/list': TOOLS_LIST_CACHE },
  });
  const compact = new CompactSurface(services.catalog);
  server.setRequestHandler('tools/list', (_request, ctx): ListToolsResult => {
    const { scopes } = callerOf(ctx);
    return { tools: (scopes.toolSurface === 'compact' ? compact.listed : services.catalog.list(scopes)) as never };
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const caller = withTrace(callerOf(ctx), ctx);
    let { name, arguments: args } = request.params as { name: string; arguments?: unknown };
    const approvalId = approvalIdOf(request.params as { _meta?: Record<string, unknown> });
    if (caller.scopes.toolSurface === 'compact' && compact.handles(name)) {
      const action = compact.run(name, args, compact.visible(caller.scopes));
      if ('answer' in action) return action.answer as CallToolResult;
      ({ name, args } = action.call);
    }
    const result = await services.invoker.call({
      name,
      args,
      caller,
      // Cancelled by the MCP request's cancellation or by the HTTP client going away.
      signal: ctx.mcpReq.signal,
      ...(ctx.http?.req?.signal ? { alsoCancelledBy: ctx.http.req.signal } : {}),
      progress: progressReporterOf(ctx as never),
      ...(approvalId ? { approvalId } : {}),
    });
    return result as CallToolResult;
  });
  return server;
}

/** The approval a client named in the call's `_meta` (models cannot set it; they use `_approval_id`). */
function approvalIdOf(params: { _meta?: Record<string, unknown> }): string | undefined {
  const id = params._meta?.[APPROVAL_META_KEY];
  return typeof id === 'string' ? id : undefined;
}

/** The W3C trace context a client sent in `_meta`, kept on the caller for its logs and audit row. */
function withTrace(caller: CallerContext, ctx: ServerContext): CallerContext {
  const traceparent = ctx.mcpReq._meta?.[TRACEPARENT_META_KEY];
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)) return caller;
  return { ...caller, traceparent, logger: childLogger(caller.logger, { traceparent }) };
}

/** W3C Trace Context `traceparent`: version-traceid-parentid-flags, lower-case hex. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
