/**
 * One benchmark target per process: starts the Cloudflare fake and one of the
 * four ways of serving `cloudflare_list_dns_records`, then prints a JSON line
 * `{ url, headers, body }` for the load generator. Run by server-bench.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import got from 'got';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { executeTool, noopLogger, parseEcosystemConfig, toolConfig, type AnyEcosystem, type AnyTool } from '@enterprise-mcp/core';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { ecosystems } from '../../apps/server/src/ecosystems.js';
import { startBenchServer } from './server-ours.js';

const TOOL = 'cloudflare_list_dns_records';

export interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
  tools: number;
  close(): Promise<void>;
}

type Setup = 'a' | 'b' | 'c' | 'd';

async function main(): Promise<void> {
  const setup = process.argv[2] as Setup;
  // The fake's own rate limit (Cloudflare's 1,200 per 5 minutes) would measure the limit, not the servers.
  const fake = await startCloudflareFake({ rateLimit: { requests: 1_000_000_000, windowSeconds: 300 } });
  const zoneId = fake.zones()[0]!.id;
  // BENCH_METHOD=tools/list measures listing instead (the floor (c) always makes the tool call).
  const body =
    process.env['BENCH_METHOD'] === 'tools/list'
      ? JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
      : JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: TOOL, arguments: { zone: zoneId } } });
  const target = await start(setup, fake, body, zoneId);
  process.stdout.write(`BENCH_TARGET ${JSON.stringify({ url: target.url, headers: target.headers, body: target.body, tools: target.tools })}\n`);
  process.once('SIGTERM', () => void target.close().finally(() => process.exit(0)));
}

async function start(setup: Setup, fake: CloudflareFake, body: string, zoneId: string): Promise<Target> {
  const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  switch (setup) {
    case 'a':
      return bareSdk(fake, ecosystems, undefined, body, mcpHeaders);
    case 'b':
      return bareSdk(fake, ecosystems.filter((e) => e.id === 'cloudflare'), TOOL, body, mcpHeaders);
    case 'c':
      return floor(fake, zoneId, body);
    case 'd':
      return startBenchServer(fake, body, mcpHeaders);
  }
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
  const registrations = selected.flatMap((ecosystem) => {
    const config = ecosystem.id === 'cloudflare' ? { apiToken: fake.apiToken, baseUrl: fake.url } : placeholderConfig(ecosystem);
    const client = ecosystem.createClient(parseEcosystemConfig(ecosystem, config));
    return (ecosystem.tools as AnyTool[])
      .filter((tool) => !only || tool.name === only)
      .map((tool) => ({ tool, client }));
  });
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

/** The floor: parse JSON-RPC, call the fake with got, answer. No MCP library. */
async function floor(fake: CloudflareFake, zoneId: string, body: string): Promise<Target> {
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

function placeholderConfig(ecosystem: AnyEcosystem): Record<string, string> {
  const env = ecosystem.env as Record<string, string>;
  return Object.fromEntries(Object.keys(env).filter((field) => !/url|environment/i.test(field)).map((field) => [field, 'bench-placeholder']));
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
