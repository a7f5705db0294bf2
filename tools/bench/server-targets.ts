/**
 * One benchmark target per process: starts the Cloudflare fake and one of the
 * ways of serving `cloudflare_list_dns_records` (see server-bench.ts), then prints a JSON line
 * `{ url, headers, body }` for the load generator. Run by server-bench.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import got from 'got';
import { request } from 'undici';
import { FastMCP } from 'fastmcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpHandler, McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { createEcosystemClient, executeTool, noopLogger, parseEcosystemConfig, toolConfig, type AnyEcosystem, type AnyTool } from '@enterprise-mcp/core';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { ecosystems } from '../../apps/server/src/ecosystems.js';
import { startBenchServer } from './server-ours.js';

const TOOL = 'cloudflare_list_dns_records';

export interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
  tools: number;
  /** (d) only: the headers of a key whose tools/list is the compact surface. */
  compactHeaders?: Record<string, string>;
  close(): Promise<void>;
}

/** d: this server, 2025-era requests; D: the same server, 2026-07-28 requests. */
type Setup = 'a' | 'b' | 'c' | 'g' | 'd' | 'D' | 'e' | 'f';

/** The `_meta` envelope and standard headers of a 2026-07-28 request. */
const MODERN = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

async function main(): Promise<void> {
  const setup = process.argv[2] as Setup;
  // The fake's own rate limit (Cloudflare's 1,200 per 5 minutes) would measure the limit, not the servers.
  const fake = await startCloudflareFake({ rateLimit: { requests: 1_000_000_000, windowSeconds: 300 } });
  const zoneId = fake.zones()[0]!.id;
  // BENCH_METHOD=tools/list measures listing instead (the floor (c) always makes the tool call).
  const modern = setup === 'D' || setup === 'f';
  const listing = process.env['BENCH_METHOD'] === 'tools/list';
  const params = listing ? {} : { name: TOOL, arguments: { zone: zoneId } };
  const method = listing ? 'tools/list' : 'tools/call';
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: modern ? { ...params, _meta: ENVELOPE } : params });
  const eraHeaders: Record<string, string> = modern
    ? { 'mcp-protocol-version': MODERN, 'mcp-method': method, ...(listing ? {} : { 'mcp-name': TOOL }) }
    : {};
  const target = await start(setup, fake, body, zoneId, eraHeaders);
  const { url, headers, tools, compactHeaders } = target;
  // CPU is counted from here: start-up (compiling, migrations) is not a request's cost.
  const started = process.cpuUsage();
  process.stdout.write(`BENCH_TARGET ${JSON.stringify({ url, headers, body: target.body, tools, compactHeaders })}\n`);
  process.once('SIGTERM', () =>
    void target.close().finally(() => {
      // Peak resident memory (kB) and CPU time (µs) of the whole process, target and fake.
      const cpu = process.cpuUsage(started);
      process.stdout.write(`BENCH_RSS ${process.resourceUsage().maxRSS} ${cpu.user + cpu.system}\n`, () => process.exit(0));
    }),
  );
}

async function start(setup: Setup, fake: CloudflareFake, body: string, zoneId: string, eraHeaders: Record<string, string>): Promise<Target> {
  const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...eraHeaders };
  switch (setup) {
    case 'a':
      return bareSdk(fake, ecosystems, undefined, body, mcpHeaders);
    case 'b':
      return bareSdk(fake, ecosystems.filter((e) => e.id === 'cloudflare'), TOOL, body, mcpHeaders);
    case 'c':
      return floor(fake, zoneId, body);
    case 'g':
      return gotFloor(fake, zoneId, body);
    case 'd':
    case 'D':
      return startBenchServer(fake, body, mcpHeaders);
    case 'e':
      return fastMcp(fake, body, mcpHeaders);
    case 'f':
      return sdkV2Handler(fake, body, mcpHeaders);
  }
}

/** Every ecosystem's tools with a client each, built once as an application would (cloudflare against the fake). */
function registrationsFor(fake: CloudflareFake, selected: AnyEcosystem[] = ecosystems, only?: string) {
  return selected.flatMap((ecosystem) => {
    const config = ecosystem.id === 'cloudflare' ? { apiToken: fake.apiToken, baseUrl: fake.url } : placeholderConfig(ecosystem);
    const client = createEcosystemClient(ecosystem, parseEcosystemConfig(ecosystem, config));
    return (ecosystem.tools as AnyTool[]).filter((tool) => !only || tool.name === only).map((tool) => ({ tool, ecosystem, client }));
  });
}

/**
 * (e) fastmcp (stateless HTTP stream) serving the same tools from our
 * packages: their zod schemas as its parameters, core's executeTool as the body.
 */
async function fastMcp(fake: CloudflareFake, body: string, headers: Record<string, string>): Promise<Target> {
  const registrations = registrationsFor(fake);
  const server = new FastMCP({ name: 'fastmcp-bench', version: '1.0.0' });
  for (const { tool, ecosystem, client } of registrations) {
    const config = toolConfig(tool, ecosystem);
    server.addTool({
      name: tool.name,
      description: config.description,
      parameters: config.inputSchema,
      annotations: config.annotations,
      execute: async (args) =>
        (await executeTool(tool, args, { client, tenantId: 'bench', logger: noopLogger, signal: new AbortController().signal, progress: async () => {} }))
          .result as never,
    });
  }
  const port = await freePort();
  await server.start({ transportType: 'httpStream', httpStream: { port, host: '127.0.0.1', stateless: true, enableJsonResponse: true } });
  return { url: `http://127.0.0.1:${port}/mcp`, headers, body, tools: registrations.length, close: () => server.stop() };
}

/**
 * (f) the SDK v2 idiom: `createMcpHandler` with a factory that builds an
 * McpServer and registers every tool through core's registerTools path, per
 * request, served by @hono/node-server.
 */
async function sdkV2Handler(fake: CloudflareFake, body: string, headers: Record<string, string>): Promise<Target> {
  const registrations = registrationsFor(fake);
  const handler = createMcpHandler(() => {
    const server = new McpServerV2({ name: 'bare-v2', version: '1.0.0' });
    for (const { tool, ecosystem, client } of registrations) {
      server.registerTool(tool.name, toolConfig(tool, ecosystem), async (args: unknown, ctx: { mcpReq: { signal: AbortSignal } }) =>
        (await executeTool(tool, args, { client, tenantId: 'bench', logger: noopLogger, signal: ctx.mcpReq.signal, progress: async () => {} })).result as never,
      );
    }
    return server;
  });
  const http = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: (request) => handler.fetch(request), hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    headers,
    body,
    tools: registrations.length,
    close: async () => {
      await handler.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The SDK's documented stateless pattern: a new McpServer and transport per
 * request, every tool registered on it. Platform clients are built once, as an
 * application would, so the per-request cost is the SDK's own.
 */
async function bareSdk(
  fake: CloudflareFake,
  selected: AnyEcosystem[],
  only: string | undefined,
  body: string,
  headers: Record<string, string>,
): Promise<Target> {
  const registrations = registrationsFor(fake, selected, only);
  const build = () => {
    const server = new McpServer({ name: 'bare', version: '1.0.0' });
    for (const { tool, client } of registrations) {
      server.registerTool(tool.name, toolConfig(tool), async (args: unknown, extra: { signal: AbortSignal }) =>
        (await executeTool(tool, args, { client, tenantId: 'bench', logger: noopLogger, signal: extra.signal, progress: async () => {} })).result,
      );
    }
    return server;
  };
  const http = createServer(async (req, res) => {
    const parsed = JSON.parse(await readBody(req));
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, parsed);
  });
  return listen(http, body, headers, registrations.length);
}

/** The floor: parse JSON-RPC, call the fake with undici (the client core uses), answer. No MCP library. */
async function floor(fake: CloudflareFake, zoneId: string, body: string): Promise<Target> {
  const url = `${fake.url}/zones/${zoneId}/dns_records`;
  const headers = { authorization: `Bearer ${fake.apiToken}`, accept: 'application/json' };
  const http = createServer(async (req, res) => {
    const message = JSON.parse(await readBody(req)) as { id: number };
    const upstream = (await (await request(url, { headers })).body.json()) as { result: unknown[] };
    const text = JSON.stringify({ records: upstream.result });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text }] } }));
  });
  return listen(http, body, { 'content-type': 'application/json' }, 1);
}

/** The floor as first measured, with got for the platform call (what core used before undici). */
async function gotFloor(fake: CloudflareFake, zoneId: string, body: string): Promise<Target> {
  const client = got.extend({ prefixUrl: fake.url, headers: { authorization: `Bearer ${fake.apiToken}` }, responseType: 'json' });
  const http = createServer(async (req, res) => {
    const message = JSON.parse(await readBody(req)) as { id: number };
    const upstream = await client.get(`zones/${zoneId}/dns_records`).json<{ result: unknown[] }>();
    const text = JSON.stringify({ records: upstream.result });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text }] } }));
  });
  return listen(http, body, { 'content-type': 'application/json' }, 1);
}

/** Placeholder values for the first auth mode's required fields: enough to build a client that is never called. */
function placeholderConfig(ecosystem: AnyEcosystem): Record<string, string> {
  const [mode] = Object.values(ecosystem.authModes) as Array<{ config: { safeParse(input: unknown): { error?: { issues: Array<{ path: PropertyKey[] }> } } } }>;
  const required = mode!.config.safeParse({}).error?.issues.map((issue) => String(issue.path[0])) ?? [];
  return Object.fromEntries(required.map((field) => [field, 'bench-placeholder']));
}

async function listen(
  http: ReturnType<typeof createServer>,
  body: string,
  headers: Record<string, string>,
  tools: number,
): Promise<Target> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    headers,
    body,
    tools,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export type { ServerResponse };
await main();
