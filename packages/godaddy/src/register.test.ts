import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerGodaddyTools } from './register.js';
import { startGodaddyFake, type GodaddyFake } from './testing/index.js';

describe('registerGodaddyTools', () => {
  let fake: GodaddyFake;

  beforeAll(async () => {
    fake = await startGodaddyFake();
  });
  afterAll(() => fake.close());

  async function connect(options: Partial<Parameters<typeof registerGodaddyTools>[1]> = {}) {
    const server = new McpServer({ name: 'test', version: '1.0.0' });
    const names = registerGodaddyTools(server, { apiKey: fake.apiKey, baseUrl: fake.url, ...options });
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    return { names, client, close: () => Promise.all([client.close(), server.close()]) };
  }

  it('registers every tool into a plain SDK McpServer and serves calls through the fake', async () => {
    const { names, client, close } = await connect();
    expect(names).toEqual(['godaddy_list_items', 'godaddy_create_item']);
    const listed = await client.listTools();
    expect(listed.tools.find((tool) => tool.name === 'godaddy_list_items')?.annotations?.readOnlyHint).toBe(true);
    const result = await client.callTool({ name: 'godaddy_list_items', arguments: { limit: 2 } });
    expect(result.structuredContent).toMatchObject({ items: [{ id: 'item_1' }, { id: 'item_2' }] });
    await close();
  });

  it('registers only read-only tools when asked', async () => {
    const { names, close } = await connect({ readOnly: true });
    expect(names).toEqual(['godaddy_list_items']);
    await close();
  });

  it('refuses a missing credential, naming the option', () => {
    const server = new McpServer({ name: 'test', version: '1.0.0' });
    expect(() => registerGodaddyTools(server, { apiKey: '' })).toThrow(/apiKey/);
  });
});
