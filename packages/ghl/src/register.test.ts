import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Client as ClientV2, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler, McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { strictSchemaProblems } from '@enterprise-mcp/core/testing';
import { ghlEcosystem } from './ecosystem.js';
import { registerGhlTools, type RegisterGhlToolsOptions } from './register.js';
import { startFake, type GhlFake } from './testing/index.js';

/** An SDK client connected to a server the tools were registered into with `options`. */
async function connected(options: RegisterGhlToolsOptions): Promise<{ client: Client; registered: string[] }> {
  const server = new McpServer({ name: 'ghl-test', version: '0.0.0' });
  const registered = registerGhlTools(server, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-client', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, registered };
}

describe('registerGhlTools into an SDK 1.x McpServer', () => {
  let fake: GhlFake;
  let client: Client;
  let registered: string[];

  beforeAll(async () => {
    fake = await startFake();
    ({ client, registered } = await connected(fake.configs.privateIntegration));
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  it('lists every tool with its annotations, output schema and the connection argument', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(ghlEcosystem.tools.map((t) => t.name).sort());
    expect(registered).toHaveLength(ghlEcosystem.tools.length);
    const search = tools.find((t) => t.name === 'ghl_search_contacts')!;
    expect(search.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    // The advertised output schema is the tool's own: the same top-level fields, contacts an array.
    const own = ghlEcosystem.tools.find((t) => t.name === 'ghl_search_contacts')!;
    expect(search.outputSchema).toMatchObject({ type: 'object', properties: { contacts: { type: 'array' } } });
    expect(Object.keys(search.outputSchema!.properties ?? {}).sort()).toEqual(Object.keys((own.output as { shape: object }).shape).sort());
    // A marketplace app is installed in many locations, so every tool takes the contract's `connection`.
    expect(tools.every((t) => (t.inputSchema.properties as Record<string, unknown>)['connection'])).toBe(true);
  });

  it('advertises schemas strict clients accept', () => {
    expect(strictSchemaProblems(ghlEcosystem.tools)).toEqual([]);
  });

  it('calls a tool through the SDK client against the fake, with or without a connection argument', async () => {
    const result = await client.callTool({ name: 'ghl_search_contacts', arguments: { tags: ['vip'], limit: 5 } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { contacts: Array<{ name: string }> }).contacts.map((c) => c.name)).toEqual(['Wei Chen', 'Jane Doe']);
    const named = await client.callTool({ name: 'ghl_get_contact', arguments: { contactId: 'ContactJaneDoe000001', connection: 'default' } });
    expect(named.isError).toBeFalsy();
  });

  it('returns platform errors as tool errors', async () => {
    const result = await client.callTool({ name: 'ghl_get_contact', arguments: { contactId: 'missing' } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]!.text).toContain('Contact not found');
  });

  it('registers a marketplace app with the access token and the connection (install) it is for', async () => {
    const app = await connected({ mode: 'marketplace', ...fake.configs.marketplace, token: fake.token, connection: fake.connection });
    try {
      const result = await app.client.callTool({ name: 'ghl_get_location', arguments: {} });
      expect(result.structuredContent).toMatchObject({ location: { id: fake.locationId } });
      const bearer = String(fake.requests.at(-1)!.headers.authorization).replace(/^Bearer /, '');
      expect(fake.oauth.verifyAccessToken(bearer)?.account.id).toBe(fake.locationId);
    } finally {
      await app.client.close();
    }
  });

  it('registers only read-only tools when asked', () => {
    const server = new McpServer({ name: 'ro', version: '0.0.0' });
    const names = registerGhlTools(server, { apiKey: 'k', locationId: 'l', readOnly: true });
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => ghlEcosystem.tools.find((t) => t.name === name)!.annotations.readOnlyHint)).toBe(true);
  });
});

describe('registerGhlTools into the SDK v2 McpServer (@modelcontextprotocol/server), on 2026-07-28', () => {
  let fake: GhlFake;

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());

  it('lists every tool and answers calls, errors included, to a 2026-07-28 client', async () => {
    const handler = createMcpHandler(() => {
      const server = new McpServerV2({ name: 'ghl-v2', version: '0.0.0' });
      registerGhlTools(server, fake.configs.privateIntegration);
      return server;
    });
    const client = new ClientV2({ name: 'test-client', version: '0.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL('http://in-process/mcp'), { fetch: (url, init) => handler.fetch(new Request(url, init)) }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(ghlEcosystem.tools.map((t) => t.name).sort());
    const found = await client.callTool({ name: 'ghl_search_contacts', arguments: { tags: ['vip'], limit: 5 } });
    expect((found.structuredContent as { contacts: Array<{ name: string }> }).contacts.map((c) => c.name)).toEqual(['Wei Chen', 'Jane Doe']);
    const missing = await client.callTool({ name: 'ghl_get_contact', arguments: { contactId: 'ContactNoSuchOne00001' } });
    expect(missing.isError).toBe(true);
    await client.close();
    await handler.close();
  });
});
