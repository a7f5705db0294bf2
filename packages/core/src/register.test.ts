import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Client as ClientV2, InMemoryTransport as InMemoryTransportV2, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler, McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { defineEcosystem } from './ecosystem.js';
import { ConfigurationError, NotFoundError } from './errors.js';
import { createHttpClient, type HttpClient } from './http.js';
import { advertisedInput, registerTools, selectTools, splitConnection, toolMatcher } from './register.js';
import { startFakeServer, type FakeServer } from './testing/index.js';
import { defineTool, type ToolContext } from './tool.js';

type Ctx = ToolContext<HttpClient>;
const notes = new Map<string, string>([['n1', 'first note']]);

const getNote = defineTool({
  name: 'notes_get_note',
  title: 'Get note',
  description: 'Reads one note by id.',
  input: z.object({ id: z.string().describe('Note id') }),
  output: z.object({ id: z.string(), text: z.string() }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  handler: async ({ id }, ctx: Ctx) => {
    await ctx.progress({ progress: 1, total: 1, message: 'fetched' });
    return ctx.client.get<{ id: string; text: string }>(`/notes/${id}`);
  },
});

const deleteNote = defineTool({
  name: 'notes_delete_note',
  title: 'Delete note',
  description: 'Deletes one note by id. Cannot be undone.',
  input: z.object({ id: z.string().describe('Note id') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async ({ id }, ctx: Ctx) => ctx.client.delete(`/notes/${id}`).then(() => `deleted ${id}`),
});

const notesEcosystem = defineEcosystem({
  id: 'notes',
  displayName: 'Notes',
  description: 'A tiny notes API used to test registration.',
  envPrefix: 'NOTES',
  authModes: {
    key: {
      kind: 'api-key',
      description: 'X-Key header',
      config: z.object({ apiKey: z.string().min(1) }),
      env: { apiKey: 'NOTES_API_KEY' },
      credential: (config) => config.apiKey,
    },
  },
  environments: { production: { baseUrl: 'https://notes.example' } },
  rateLimits: [],
  tools: [getNote, deleteNote],
  createClient: (config, deps) =>
    createHttpClient({
      platform: 'Notes',
      baseUrl: config.baseUrl,
      auth: { token: deps.token, headers: (key) => ({ 'x-key': key }) },
      mapError: (f) => new NotFoundError(`Note not found (HTTP ${f.status})`, { platform: 'Notes', hint: 'list notes first' }),
    }),
});

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer({
    routes: [
      {
        method: 'GET',
        path: '/notes/:id',
        handler: ({ params }) =>
          notes.has(params.id!) ? { body: { id: params.id, text: notes.get(params.id!) } } : { status: 404, body: {} },
      },
      { method: 'DELETE', path: '/notes/:id', handler: ({ params }) => (notes.delete(params.id!), { status: 204 }) },
    ],
  });
});
afterAll(() => fake.close());

type Options = Partial<Parameters<typeof registerTools<typeof notesEcosystem>>[2]>;

/** The three ways a package's user serves its tools: SDK 1.x, and SDK v2 in each protocol era. */
const LINES = {
  'SDK 1.x McpServer': async (options: Options = {}) => {
    const server = new McpServer({ name: 'test', version: '1.0.0' });
    const registered = registerTools(server, notesEcosystem, { apiKey: 'k', baseUrl: fake.url, ...options });
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    return { client, registered };
  },
  'SDK v2 McpServer, 2025 era': async (options: Options = {}) => {
    const server = new McpServerV2({ name: 'test', version: '1.0.0' });
    const registered = registerTools(server, notesEcosystem, { apiKey: 'k', baseUrl: fake.url, ...options });
    const client = new ClientV2({ name: 'test-client', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransportV2.createLinkedPair();
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    return { client, registered };
  },
  'SDK v2 McpServer, 2026-07-28 (createMcpHandler)': async (options: Options = {}) => {
    let registered: string[] = [];
    const handler = createMcpHandler(() => {
      const server = new McpServerV2({ name: 'test', version: '1.0.0' });
      registered = registerTools(server, notesEcosystem, { apiKey: 'k', baseUrl: fake.url, ...options });
      return server;
    });
    const client = new ClientV2({ name: 'test-client', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL('http://in-process/mcp'), { fetch: (url, init) => handler.fetch(new Request(url, init)) }));
    return { client, registered };
  },
};

describe.each(Object.entries(LINES))('registerTools into the %s', (_line, connect) => {
  it('lists tools with titles, annotations and JSON schemas', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['notes_get_note', 'notes_delete_note']);
    const get = tools[0]!;
    expect(get.title).toBe('Get note');
    expect(get.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true, title: 'Get note' });
    expect(get.inputSchema).toMatchObject({ type: 'object', properties: { id: { type: 'string', description: 'Note id' } } });
    expect(get.outputSchema).toMatchObject({ type: 'object' });
    expect(tools[1]!.annotations).toMatchObject({ destructiveHint: true, openWorldHint: true });
  });

  it('calls a tool end to end, with structured content and progress', async () => {
    const { client } = await connect();
    const progress: number[] = [];
    const params = { name: 'notes_get_note', arguments: { id: 'n1' } };
    const onprogress = (p: { progress: number }) => void progress.push(p.progress);
    // The v2 client takes request options second; the 1.x client third, after a result schema.
    const result = client instanceof ClientV2 ? await client.callTool(params, { onprogress }) : await client.callTool(params, undefined, { onprogress });
    expect(result.structuredContent).toEqual({ id: 'n1', text: 'first note' });
    expect(result.isError).toBeFalsy();
    expect(progress).toEqual([1]);
    expect(fake.requests.at(-1)?.headers['x-key']).toBe('k');
  });

  it('returns platform errors as tool errors a model can act on', async () => {
    const { client } = await connect();
    const result = await client.callTool({ name: 'notes_get_note', arguments: { id: 'missing' } });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'Note not found (HTTP 404) (Notes): list notes first' }]);
  });

  it('advertises closed input schemas and rejects undeclared arguments by name', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools[0]!.inputSchema).toMatchObject({ additionalProperties: false });
    const result = await client.callTool({ name: 'notes_get_note', arguments: { id: 'n1', verbose: true } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/notes_get_note.*verbose/);
  });

  it('registers only read-only tools, or only those a filter names', async () => {
    expect((await connect({ readOnly: true })).registered).toEqual(['notes_get_note']);
    expect((await connect({ tools: ['notes_delete_*'] })).registered).toEqual(['notes_delete_note']);
  });
});

describe('registerTools configuration', () => {
  it('refuses bad configuration naming the option', () => {
    const server = new McpServer({ name: 'test', version: '1.0.0' });
    expect(() => registerTools(server, notesEcosystem, { apiKey: '', baseUrl: 'nope' })).toThrow(ConfigurationError);
    expect(() => registerTools(server, notesEcosystem, { apiKey: '', baseUrl: 'nope' })).toThrow(/apiKey .*; baseUrl /);
  });
});

describe('tool selection', () => {
  it('matches names and globs', () => {
    const match = toolMatcher(['cloudflare_list_*', 'ghl_get_contact']);
    expect(match('cloudflare_list_dns_records')).toBe(true);
    expect(match('cloudflare_delete_dns_record')).toBe(false);
    expect(match('ghl_get_contact')).toBe(true);
    expect(selectTools(notesEcosystem.tools, { readOnly: true }).map((t) => t.name)).toEqual(['notes_get_note']);
  });
});

describe('the connection argument', () => {
  it('is advertised only by ecosystems with several connections, and split off before the tool sees its arguments', () => {
    const schema = (ecosystem?: { connections?: 'single' | 'many' }) =>
      z.toJSONSchema(advertisedInput(getNote, ecosystem)) as { properties: Record<string, unknown>; additionalProperties?: boolean };
    expect(Object.keys(schema().properties)).toEqual(['id']);
    expect(Object.keys(schema({ connections: 'many' }).properties)).toEqual(['id', 'connection']);
    expect(schema({ connections: 'many' }).additionalProperties).toBe(false);
    expect(splitConnection({ id: 'n1', connection: 'acme-books' })).toEqual({ connection: 'acme-books', args: { id: 'n1' } });
    expect(splitConnection({ id: 'n1' })).toEqual({ args: { id: 'n1' } });
  });
});
