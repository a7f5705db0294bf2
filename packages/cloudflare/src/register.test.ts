import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { strictSchemaProblems } from '@enterprise-mcp/core/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport as V2InMemoryTransport, McpServer as V2McpServer } from '@modelcontextprotocol/server';
import { cloudflareEcosystem } from './ecosystem.js';
import { registerCloudflareTools } from './register.js';
import { startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());

const ALL_TOOLS = [
  'cloudflare_verify_token',
  'cloudflare_list_zones',
  'cloudflare_get_zone',
  'cloudflare_list_dns_records',
  'cloudflare_get_dns_record',
  'cloudflare_create_dns_record',
  'cloudflare_update_dns_record',
  'cloudflare_delete_dns_record',
  'cloudflare_export_dns_records',
  'cloudflare_get_dnssec_status',
  'cloudflare_get_dns_analytics',
  'cloudflare_purge_cache',
  'cloudflare_get_zone_settings',
  'cloudflare_update_zone_settings',
];

async function connect(server: { connect(transport: never): Promise<void> }, pair: () => [unknown, unknown]) {
  const [clientSide, serverSide] = pair();
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await Promise.all([server.connect(serverSide as never), client.connect(clientSide as never)]);
  return client;
}

describe('the tool list', () => {
  it('has none of the problems the MCP Inspector strict mode reports', () => {
    expect(strictSchemaProblems(cloudflareEcosystem.tools)).toEqual([]);
  });

  it('rejects arguments a tool does not declare, naming them', async () => {
    const server = new McpServer({ name: 'strict', version: '1.0.0' });
    registerCloudflareTools(server, { apiToken: fake.apiToken, baseUrl: fake.url });
    const client = await connect(server, () => InMemoryTransport.createLinkedPair());
    const result = await client.callTool({ name: 'cloudflare_list_zones', arguments: { zoneName: 'example.com' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('zoneName');
    await client.close();
  });
});

describe('registerCloudflareTools with the SDK 1.x McpServer', () => {
  it('registers every tool with schemas and annotations, and calls them over MCP', async () => {
    const server = new McpServer({ name: 'my-server', version: '1.0.0' });
    const names = registerCloudflareTools(server, { apiToken: fake.apiToken, baseUrl: fake.url });
    expect(names).toEqual(ALL_TOOLS);
    const client = await connect(server, () => InMemoryTransport.createLinkedPair());

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(ALL_TOOLS);
    const list = tools.find((t) => t.name === 'cloudflare_list_dns_records')!;
    expect(list.inputSchema.properties).toHaveProperty('zone');
    expect(list.outputSchema?.properties).toHaveProperty('records');
    expect(list.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true, title: 'List DNS records' });
    const del = tools.find((t) => t.name === 'cloudflare_delete_dns_record')!;
    expect(del.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    for (const tool of tools) {
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect([tool.name, field, (schema as { description?: string }).description]).toEqual([tool.name, field, expect.any(String)]);
      }
    }

    const read = await client.callTool({ name: 'cloudflare_list_dns_records', arguments: { zone: 'example.com', type: 'MX' } });
    expect(read.isError).toBeFalsy();
    expect(read.structuredContent).toMatchObject({ records: [{ type: 'MX', content: 'mail.example.com' }], totalCount: 1 });

    const dup = await client.callTool({
      name: 'cloudflare_create_dns_record',
      arguments: { zone: 'example.com', type: 'A', name: 'mail', content: '192.0.2.10' },
    });
    expect(dup.isError).toBe(true);
    expect((dup.content as Array<{ text: string }>)[0]!.text).toMatch(/Cloudflare 81057\): update it with cloudflare_update_dns_record/);
    await client.close();
  });

  it('honours the readOnly and tools options', async () => {
    const server = new McpServer({ name: 'ro', version: '1.0.0' });
    const readOnly = registerCloudflareTools(server, { apiToken: fake.apiToken, baseUrl: fake.url, readOnly: true });
    expect(readOnly).toEqual(ALL_TOOLS.filter((name) => /_(verify|list|get|export)_/.test(name)));
    const picked = registerCloudflareTools(new McpServer({ name: 'dns', version: '1.0.0' }), {
      apiToken: fake.apiToken,
      baseUrl: fake.url,
      tools: ['cloudflare_*_dns_record*'],
    });
    expect(picked).toHaveLength(6);
  });

  it('names the bad option when the config is invalid', () => {
    const server = new McpServer({ name: 'bad', version: '1.0.0' });
    expect(() => registerCloudflareTools(server, { apiToken: '' })).toThrow(/apiToken is required/);
    expect(() => registerCloudflareTools(server, { apiToken: fake.apiToken, baseUrl: 'not a url' })).toThrow(/baseUrl must be a URL/);
    expect(() => registerCloudflareTools(server, { mode: 'legacy', email: fake.email, apiKey: '' })).toThrow(/apiKey is required/);
  });

  it('registers with an email and Global API Key (legacy mode) and calls with them', async () => {
    const server = new McpServer({ name: 'legacy', version: '1.0.0' });
    expect(registerCloudflareTools(server, { mode: 'legacy', email: fake.email, apiKey: fake.apiKey, baseUrl: fake.url })).toEqual(ALL_TOOLS);
    const client = await connect(server, () => InMemoryTransport.createLinkedPair());
    const result = await client.callTool({ name: 'cloudflare_verify_token', arguments: {} });
    expect(result.structuredContent).toMatchObject({ valid: true, kind: 'global-key', checked: 'GET /user' });
    expect(fake.requests.at(-1)!.headers).toMatchObject({ 'x-auth-email': fake.email, 'x-auth-key': fake.apiKey });
    await client.close();
  });
});

describe('registerCloudflareTools with the v2 McpServer (@modelcontextprotocol/server)', () => {
  it('registers into the v2 server and answers a call, errors included', async () => {
    const server = new V2McpServer({ name: 'v2-server', version: '1.0.0' });
    registerCloudflareTools(server, fake.configs.token);
    const client = await connect(server as never, () => V2InMemoryTransport.createLinkedPair());

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(ALL_TOOLS);
    const result = await client.callTool({ name: 'cloudflare_get_zone', arguments: { zone: 'example.org' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ zone: { name: 'example.org', status: 'pending' } });

    const missing = await client.callTool({ name: 'cloudflare_get_zone', arguments: { zone: 'f'.repeat(32) } });
    expect(missing.isError).toBe(true);
    expect((missing.content as Array<{ text: string }>)[0]!.text).toMatch(/Cloudflare 7003/);
    await client.close();
  });
});
