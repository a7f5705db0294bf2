import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport as V2InMemoryTransport, McpServer as V2McpServer } from '@modelcontextprotocol/server';
import { strictSchemaProblems } from '@enterprise-mcp/core/testing';
import { quickbooksEcosystem } from './ecosystem.js';
import { registerQuickBooksTools, type RegisterQuickBooksToolsOptions } from './register.js';
import { startFake, type QuickBooksFake } from './testing/index.js';

describe('registerQuickBooksTools', () => {
  let fake: QuickBooksFake;
  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());

  /** Registers into an McpServer of either SDK line and connects an SDK client to it. */
  async function connect(options: Partial<RegisterQuickBooksToolsOptions> = {}, line: 'v1' | 'v2' = 'v1') {
    const server = line === 'v1' ? new McpServer({ name: 'test', version: '1.0.0' }) : new V2McpServer({ name: 'test', version: '1.0.0' });
    const { clientId, clientSecret, baseUrl } = fake.configs.oauth;
    const names = registerQuickBooksTools(server as McpServer, { clientId, clientSecret, baseUrl, token: fake.token, connection: fake.connection, ...options });
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    const [clientSide, serverSide] = line === 'v1' ? InMemoryTransport.createLinkedPair() : V2InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverSide as never), client.connect(clientSide as never)]);
    return { names, client, close: () => Promise.all([client.close(), server.close()]) };
  }

  it('registers every tool with strict schemas into a plain SDK McpServer, and serves a call with the token and connection', async () => {
    const { names, client, close } = await connect();
    expect(names).toHaveLength(quickbooksEcosystem.tools.length);
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(strictSchemaProblems(quickbooksEcosystem.tools)).toEqual([]);
    const result = await client.callTool({ name: 'quickbooks_search_customers', arguments: { name: 'cedar' } });
    expect((result.structuredContent as { customers: Array<{ DisplayName: string }> }).customers.map((c) => c.DisplayName)).toEqual(['Cedar Hill School']);
    await close();
  });

  it('registers the same tools into the v2 McpServer (@modelcontextprotocol/server) and serves a call', async () => {
    const { names, client, close } = await connect({}, 'v2');
    expect(names).toHaveLength(quickbooksEcosystem.tools.length);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...names].sort());
    const result = await client.callTool({ name: 'quickbooks_search_customers', arguments: { name: 'cedar' } });
    expect((result.structuredContent as { customers: Array<{ DisplayName: string }> }).customers.map((c) => c.DisplayName)).toEqual(['Cedar Hill School']);
    await close();
  });

  it('a read-only registration leaves out every tool that writes', async () => {
    const { names, close } = await connect({ readOnly: true });
    expect(names).toContain('quickbooks_run_report');
    expect(names.filter((name) => /_(create|update|delete|void|send|deactivate)_/.test(name))).toEqual([]);
    await close();
  });

  it('without a connection the call says which company is missing', async () => {
    const { client, close } = await connect({ connection: undefined });
    const result = await client.callTool({ name: 'quickbooks_get_company_info', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('realmId');
    await close();
  });
});
