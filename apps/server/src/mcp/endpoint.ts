import {
  classifyInboundRequest,
  isJSONRPCRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
  type AuthInfo,
  type InboundModernRoute,
  type JSONRPCRequest,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { jsonRpcError } from '../http/json-rpc.js';
import type { CallerContext } from './context.js';
import { ExchangeTransport, type ResponseMode } from './exchange.js';
import { createToolServer, MODERN_PROTOCOL_VERSION, type McpServices } from './protocol.js';

export type { ResponseMode } from './exchange.js';
export type { McpServices } from './protocol.js';
export { SERVER_INFO } from './protocol.js';

/** JSON-RPC code of 2026-07-28's HeaderMismatch: the standard headers disagree with the body (HTTP 400). */
export const HEADER_MISMATCH = -32020;

/** The methods whose `Mcp-Name` header mirrors a body field (2026-07-28 Streamable HTTP, standard request headers). */
const NAME_HEADER_SOURCE: Record<string, 'name' | 'uri'> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/**
 * POST /mcp for both protocol eras, served by two long-lived MCP servers made
 * once at start-up: one bound to 2026-07-28 (server/discover, the `_meta`
 * envelope, cache hints), one for 2025-era clients (initialize, 2025-11-25
 * down). Each stays connected to one ExchangeTransport; a request costs a
 * classification and a map entry, never a server or a transport.
 */
export class McpEndpoint {
  private readonly modern: ExchangeTransport;
  private readonly legacy: ExchangeTransport;
  private readonly ready: Promise<unknown>;

  constructor(services: McpServices, private readonly mode: ResponseMode) {
    this.modern = new ExchangeTransport({ era: 'modern', revision: MODERN_PROTOCOL_VERSION });
    this.legacy = new ExchangeTransport({ era: 'legacy' });
    this.ready = Promise.all([
      createToolServer(services, callerFromContext).connect(this.modern),
      createToolServer(services, callerFromContext).connect(this.legacy),
    ]);
  }

  /** Answers one POST whose body is already parsed, for a caller already authenticated and admitted. */
  async handle(request: Request, body: unknown, caller: CallerContext): Promise<Response> {
    await this.ready;
    const headers = request.headers;
    const outcome = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: headers.get('mcp-protocol-version') ?? undefined,
      mcpMethodHeader: headers.get('mcp-method') ?? undefined,
      mcpNameHeader: headers.get('mcp-name') ?? undefined,
      body,
    });
    if (outcome.kind === 'reject') {
      return Response.json(jsonRpcError(idOf(body), outcome.code, outcome.message, outcome.data), { status: outcome.httpStatus });
    }
    const authInfo = authInfoOf(caller);
    if (outcome.kind === 'modern') {
      const refused = modernRefusal(outcome, headers);
      if (refused) return refused;
      if (outcome.messageKind === 'notification') return accepted();
      return this.modern.dispatch([outcome.message], false, { request, authInfo, stream: this.streams(outcome.message) });
    }
    const version = headers.get('mcp-protocol-version');
    if (version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version) && !isInitialize(body)) {
      return Response.json(
        jsonRpcError(idOf(body), -32000, `Bad Request: Unsupported protocol version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`),
        { status: 400 },
      );
    }
    // Notifications (initialized, cancelled) and posted responses need no answer: the era is stateless here.
    // A single body the classification called a request was checked as one already; a batch is sorted here.
    const single = outcome.reason === 'no-claim' || outcome.reason === 'initialize';
    const requests = single ? [body as JSONRPCRequest] : (Array.isArray(body) ? body : [body]).filter((message): message is JSONRPCRequest => isJSONRPCRequest(message));
    if (!requests.length) return accepted();
    return this.legacy.dispatch(requests, Array.isArray(body), { request, authInfo, stream: requests.some((message) => this.streams(message)) });
  }

  private streams(message: JSONRPCRequest): boolean {
    if (this.mode === 'sse') return true;
    return this.mode === 'auto' && (message.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta?.progressToken !== undefined;
  }
}

/** The caller travels to the handlers as the SDK's AuthInfo, with no credential in it. */
function authInfoOf(caller: CallerContext): AuthInfo {
  return { token: '', clientId: caller.apiKeyId ?? 'local', scopes: [], extra: { caller } };
}

function callerFromContext(ctx: ServerContext): CallerContext {
  const caller = ctx.http?.authInfo?.extra?.['caller'] as CallerContext | undefined;
  // Unreachable through McpEndpoint, which sets it on every request; refused rather than served without a caller.
  if (!caller) throw new Error('MCP request without a caller');
  return caller;
}

/**
 * The checks 2026-07-28 adds at the HTTP edge that classification does not
 * make: a revision this server speaks, and the standard headers present and
 * equal to the body (`Mcp-Name` as plain text or `=?base64?…?=`).
 */
function modernRefusal(route: InboundModernRoute, headers: Headers): Response | undefined {
  const id = route.messageKind === 'request' ? route.message.id : null;
  const revision = route.classification.revision;
  if (revision !== MODERN_PROTOCOL_VERSION) {
    const message = `Unsupported protocol version: ${revision ?? 'unknown'} (supported: ${MODERN_PROTOCOL_VERSION})`;
    return Response.json(jsonRpcError(id, -32022, message, { supported: [MODERN_PROTOCOL_VERSION], requested: revision ?? 'unknown' }), { status: 400 });
  }
  if (route.messageKind !== 'request') return undefined;
  const mismatch = (header: string, problem: string) =>
    Response.json(jsonRpcError(id, HEADER_MISMATCH, `Bad Request: the request headers and body disagree: ${problem}`, { mismatch: { header, body: problem } }), {
      status: 400,
    });
  const method = route.message.method;
  if (headers.get('mcp-protocol-version') === null) return mismatch('(missing)', `the body envelope names protocol version ${revision} but the required MCP-Protocol-Version header is absent`);
  if (headers.get('mcp-method') === null) return mismatch('(missing)', `the body names method ${method} but the required Mcp-Method header is absent`);
  const field = NAME_HEADER_SOURCE[method];
  const value = field ? (route.message.params as Record<string, unknown> | undefined)?.[field] : undefined;
  if (typeof value !== 'string') return undefined;
  const header = headers.get('mcp-name');
  if (header === null) return mismatch('(missing)', `the body carries params.${field}="${value}" but the required Mcp-Name header is absent`);
  const decoded = decodeNameHeader(header.trim());
  if (decoded !== value) return mismatch(header, `the body carries params.${field}="${value}" but the Mcp-Name header names "${decoded ?? header}"`);
  return undefined;
}

/** A header value as sent: plain ASCII, or `=?base64?<utf-8 base64>?=` for anything else. */
function decodeNameHeader(value: string): string | undefined {
  const match = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/.exec(value);
  if (!match) return value;
  return Buffer.from(match[1]!, 'base64').toString('utf8');
}

function isInitialize(body: unknown): boolean {
  return (body as { method?: unknown } | null)?.method === 'initialize';
}

function idOf(body: unknown): string | number | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function accepted(): Response {
  return new Response(null, { status: 202 });
}
