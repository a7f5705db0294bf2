import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP server for platform fakes: real sockets on a loopback port, a
 * route table, a request log, and failure knobs every fake gets for free.
 */

export interface FakeRequest {
  method: string;
  path: string;
  /** Values of `:name` segments of the matched route. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined. */
  body: unknown;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are (set content-type in headers). */
  body?: unknown;
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeRoute {
  method: string;
  /** Path with `:name` segments, e.g. `/zones/:zone_id/dns_records`. */
  path: string;
  handler: FakeHandler;
}

/** A failure to inject: answers matching requests with this instead of the route. */
export interface FakeFailure extends FakeResponse {
  /** How many matching requests fail (default 1). */
  times?: number;
  method?: string;
  /** Only requests whose path matches. */
  path?: string | RegExp;
  /** Wait this long before answering (a slow platform). */
  delayMs?: number;
}

export interface FakeServerOptions {
  routes: FakeRoute[];
  /** Runs before routing (auth, required headers, rate limits); a response short-circuits. */
  before?: (request: FakeRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>;
  /** Runs on every response (to add headers such as rate-limit counters). */
  after?: (request: FakeRequest, response: FakeResponse) => FakeResponse;
  /** The answer for unknown paths, in the platform's error shape. */
  notFound?: (request: FakeRequest) => FakeResponse;
  /** Path prefix the platform serves under (`/client/v4`); `url` includes it. */
  basePath?: string;
}

export interface FakeServer {
  /** Base URL to hand to the client, e.g. `http://127.0.0.1:40123/client/v4`. */
  url: string;
  /** Every request received, oldest first. */
  requests: FakeRequest[];
  /** Answers the next matching request(s) with a failure. */
  failNext(failure: FakeFailure): void;
  /** Delays every answer by `ms` until set back to 0. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

interface CompiledRoute extends FakeRoute {
  pattern: RegExp;
  names: string[];
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const routes = options.routes.map(compile);
  const failures: FakeFailure[] = [];
  const requests: FakeRequest[] = [];
  let latencyMs = 0;

  const handle = async (request: FakeRequest): Promise<FakeResponse> => {
    const failure = takeFailure(failures, request);
    if (failure) {
      await sleep(failure.delayMs ?? 0);
      if (failure.status) return failure;
    }
    const early = await options.before?.(request);
    if (early) return early;
    for (const route of routes) {
      const match = route.method === request.method ? route.pattern.exec(request.path) : null;
      if (!match) continue;
      route.names.forEach((name, i) => (request.params[name] = decodeURIComponent(match[i + 1] ?? '')));
      return route.handler(request);
    }
    return options.notFound?.(request) ?? { status: 404, body: { message: `No route for ${request.method} ${request.path}` } };
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const text = await readBody(req);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      body: parseJson(text),
    };
    requests.push(request);
    await sleep(latencyMs);
    let response: FakeResponse;
    try {
      response = await handle(request);
    } catch (error) {
      response = { status: 500, body: { message: `fake server error: ${(error as Error).message}` } };
    }
    response = options.after?.(request, response) ?? response;
    write(res, response);
  });
  // Node's default idle timeout (5 s), as a platform's would be: a shorter one (1 s) makes Node's client agent
  // drop every socket at once (it keeps a socket 1 s less than the server announces), so no connection is reused.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    failNext: (failure) => failures.push({ times: 1, ...failure }),
    setLatency: (ms) => (latencyMs = ms),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function compile(route: FakeRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), names };
}

function takeFailure(failures: FakeFailure[], request: FakeRequest): FakeFailure | undefined {
  const index = failures.findIndex(
    (f) =>
      (!f.method || f.method === request.method) &&
      (!f.path || (typeof f.path === 'string' ? request.path === f.path : f.path.test(request.path))),
  );
  if (index < 0) return undefined;
  const failure = failures[index]!;
  failure.times = (failure.times ?? 1) - 1;
  if (failure.times <= 0) failures.splice(index, 1);
  return failure;
}

function write(res: import('node:http').ServerResponse, response: FakeResponse): void {
  const isText = typeof response.body === 'string';
  const payload = response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body);
  const headers: Record<string, string> = { ...response.headers };
  if (payload && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  }
  res.writeHead(response.status ?? 200, headers);
  res.end(payload);
}

async function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
