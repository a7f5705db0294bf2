import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { strictSchemaProblems } from '@enterprise-mcp/core/testing';
import { ghlEcosystem } from './ecosystem.js';
import { registerGhlTools } from './register.js';
import { startGhlFake, type GhlFake } from './testing/index.js';

describe('registerGhlTools into an SDK 1.x McpServer', () => {
  let fake: GhlFake;
  let client: Client;
  let registered: string[];

  beforeAll(async () => {
    fake = await startGhlFake();
    const server = new McpServer({ name: 'ghl-test', version: '0.0.0' });
    registered = registerGhlTools(server, { apiKey: fake.apiKey, locationId: fake.locationId, baseUrl: fake.url });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: 'test-client', version: '0.0.0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  it('lists every tool with its annotations and output schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(ghlEcosystem.tools.map((t) => t.name).sort());
    expect(registered).toHaveLength(ghlEcosystem.tools.length);
    const search = tools.find((t) => t.name === 'ghl_search_contacts')!;
    expect(search.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    // The advertised output schema is the tool's own: the same top-level fields, contacts an array.
    const own = ghlEcosystem.tools.find((t) => t.name === 'ghl_search_contacts')!;
    expect(search.outputSchema).toMatchObject({ type: 'object', properties: { contacts: { type: 'array' } } });
    expect(Object.keys(search.outputSchema!.properties ?? {}).sort()).toEqual(Object.keys((own.output as { shape: object }).shape).sort());
  });

  it('advertises schemas strict clients accept', () => {
    expect(strictSchemaProblems(ghlEcosystem.tools)).toEqual([]);
  });

  it('calls a tool through the SDK client against the fake', async () => {
    const result = await client.callTool({ name: 'ghl_search_contacts', arguments: { tags: ['vip'], limit: 5 } });
    expect(result.isError).toBeFalsy();
    const contacts = (result.structuredContent as { contacts: Array<{ name: string }> }).contacts;
    expect(contacts.map((c) => c.name)).toEqual(['Wei Chen', 'Jane Doe']);
  });

  it('returns platform errors as tool errors', async () => {
    const result = await client.callTool({ name: 'ghl_get_contact', arguments: { contactId: 'missing' } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]!.text).toContain('Contact not found');
  });

  it('registers only read-only tools when asked', () => {
    const server = new McpServer({ name: 'ro', version: '0.0.0' });
    const names = registerGhlTools(server, { apiKey: 'k', locationId: 'l', readOnly: true });
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => ghlEcosystem.tools.find((t) => t.name === name)!.annotations.readOnlyHint)).toBe(true);
  });
});
