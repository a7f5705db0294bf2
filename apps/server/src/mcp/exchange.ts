import {
  PerRequestHTTPServerTransport,
  type AuthInfo,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type MessageClassification,
  type RequestId,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';

/**
 * How POST /mcp answers: `sse` streams every answer (room for progress
 * notifications), `json` sends plain JSON, `auto` streams only requests that
 * carry a progress token and answers the rest with JSON, which costs less.
 */
export type ResponseMode = 'auto' | 'json' | 'sse';

export interface ExchangeOptions {
  /** The HTTP request: its signal cancels the exchange's calls when the client goes away. */
  request: Request;
  /** The caller, as the SDK hands it to handlers (`ctx.http.authInfo`). */
  authInfo: AuthInfo;
  stream: boolean;
}

/** One HTTP request's JSON-RPC requests awaiting their answers. */
interface Exchange {
  pending: number;
  answers: JSONRPCMessage[];
  batch: boolean;
  finish(response: Response): void;
  /** Set once the answer is a stream: notifications and answers are written as SSE events. */
  sse?: ReadableStreamDefaultController<Uint8Array>;
  done: boolean;
}

interface Routed {
  exchange: Exchange;
  originalId: RequestId;
}

const encoder = new TextEncoder();

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' };

/**
 * The one transport a long-lived MCP server stays connected to: every HTTP
 * exchange's requests go in with an id of its own (clients' ids collide), and
 * answers and progress notifications come back to the exchange that asked.
 * Per-request work is a map entry, whatever the number of tools or clients.
 *
 * It is a PerRequestHTTPServerTransport only so that the SDK binds the
 * connected server to the era of its classification (2026-07-28 for the
 * modern server); the single-exchange behaviour of that class is replaced.
 */
export class ExchangeTransport extends PerRequestHTTPServerTransport {
  private readonly routes = new Map<number, Routed>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly classification: MessageClassification) {
    super({ classification });
  }

  override async start(): Promise<void> {}

  /**
   * Serves one HTTP request's JSON-RPC requests (notifications and responses
   * in it were already answered by the endpoint) and resolves with the answer.
   */
  dispatch(requests: JSONRPCRequest[], batch: boolean, options: ExchangeOptions): Promise<Response> {
    if (this.closed) return Promise.resolve(Response.json(null, { status: 503 }));
    return new Promise<Response>((resolve) => {
      const exchange: Exchange = { pending: requests.length, answers: [], batch, finish: resolve, done: false };
      if (options.stream) this.openStream(exchange);
      const ids: number[] = [];
      for (const request of requests) {
        const id = this.nextId++;
        ids.push(id);
        this.routes.set(id, { exchange, originalId: request.id });
      }
      const { request: httpRequest, authInfo } = options;
      // The client went away: nothing will read the answers, and handlers see ctx.http.req.signal aborted.
      httpRequest.signal.addEventListener('abort', () => this.abandon(exchange, ids), { once: true });
      requests.forEach((message, index) =>
        this.onmessage?.({ ...message, id: ids[index]! }, { request: httpRequest, authInfo, classification: this.classification }),
      );
    });
  }

  override async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (isResponse(message)) {
      const id = message.id as number;
      const routed = this.routes.get(id);
      if (!routed) return;
      this.routes.delete(id);
      this.answer(routed.exchange, { ...message, id: routed.originalId });
      return;
    }
    // A notification related to a request (progress): only a streamed answer has room for it.
    const related = options?.relatedRequestId;
    const routed = related === undefined ? undefined : this.routes.get(related as number);
    if (routed?.exchange.sse && !('id' in message)) writeEvent(routed.exchange, message);
  }

  override async close(): Promise<void> {
    this.closed = true;
    for (const { exchange } of this.routes.values()) endExchange(exchange, Response.json(null, { status: 503 }));
    this.routes.clear();
    this.onclose?.();
  }

  private openStream(exchange: Exchange): void {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        exchange.sse = controller;
      },
    });
    exchange.finish(new Response(body, { status: 200, headers: SSE_HEADERS }));
  }

  private answer(exchange: Exchange, message: JSONRPCMessage): void {
    if (exchange.done) return;
    exchange.pending--;
    if (exchange.sse) {
      writeEvent(exchange, message);
      if (exchange.pending === 0) endExchange(exchange);
      return;
    }
    exchange.answers.push(message);
    if (exchange.pending > 0) return;
    endExchange(exchange, Response.json(exchange.batch ? exchange.answers : exchange.answers[0]));
  }

  private abandon(exchange: Exchange, ids: number[]): void {
    for (const id of ids) this.routes.delete(id);
    endExchange(exchange, new Response(null, { status: 499 }));
  }
}

/**
 * What the server sends is well formed already: a response is told apart by
 * its shape. The SDK's guards parse the whole message with zod, a tool's
 * result included, which cost more than the rest of this transport.
 */
function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return 'id' in message && !('method' in message);
}

function writeEvent(exchange: Exchange, message: JSONRPCMessage): void {
  try {
    exchange.sse?.enqueue(encoder.encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`));
  } catch {
    // The stream was cancelled by its reader: the client is gone.
  }
}

function endExchange(exchange: Exchange, response?: Response): void {
  if (exchange.done) return;
  exchange.done = true;
  if (exchange.sse) {
    try {
      exchange.sse.close();
    } catch {
      // Already closed by its reader.
    }
    return;
  }
  if (response) exchange.finish(response);
}
