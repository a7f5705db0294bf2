import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Client as ClientV2, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler, McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { strictSchemaProblems } from '@enterprise-mcp/core/testing';
import { godaddyEcosystem } from './ecosystem.js';
import { registerGoDaddyTools, type RegisterGoDaddyToolsOptions } from './register.js';
import { startFake, type GoDaddyFake } from './testing/index.js';

describe('registerGoDaddyTools', () => {
  let fake: GoDaddyFake;

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());

  async function connect(options: Partial<RegisterGoDaddyToolsOptions> = {}) {
    const server = new McpServer({ name: 'test', version: '1.0.0' });
    const names = registerGoDaddyTools(server, { ...fake.configs.key, ...options });
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    return { names, client, close: () => Promise.all([client.close(), server.close()]) };
  }

  it('registers all thirteen tools into a plain SDK McpServer and serves calls through the fake', async () => {
    const { names, client, close } = await connect();
    expect(names).toHaveLength(13);
    expect(strictSchemaProblems(godaddyEcosystem.tools)).toEqual([]);
    const listed = await client.listTools();
    const del = listed.tools.find((tool) => tool.name === 'godaddy_delete_dns_records');
    expect(del?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    const result = await client.callTool({ name: 'godaddy_list_domains', arguments: { statuses: ['ACTIVE'] } });
    expect((result.structuredContent as { domains: unknown[] }).domains).toHaveLength(3);
    await close();
  });

  it('registers only read-only tools when asked, or those matching a glob', async () => {
    const readOnly = await connect({ readOnly: true });
    expect(readOnly.names).toHaveLength(7);
    await readOnly.close();
    const dns = await connect({ tools: ['godaddy_*_dns_records'] });
    expect(dns.names.sort()).toEqual([
      'godaddy_add_dns_records',
      'godaddy_delete_dns_records',
      'godaddy_list_dns_records',
      'godaddy_replace_dns_records',
    ]);
    await dns.close();
  });

  it('rejects arguments a tool does not declare, naming them', async () => {
    const { client, close } = await connect();
    const result = await client.callTool({ name: 'godaddy_get_domain', arguments: { domain: 'acme-bakery.com', include: 'authCode' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('include');
    await close();
  });

  it('refuses a missing secret or an environment GoDaddy lacks, naming the option', () => {
    const server = new McpServer({ name: 'test', version: '1.0.0' });
    expect(() => registerGoDaddyTools(server, { apiKey: 'k', apiSecret: '' })).toThrow(/apiSecret/);
    expect(() => registerGoDaddyTools(server, { apiKey: 'k', apiSecret: 's', environment: 'sandbox' })).toThrow(
      /environment must be one of production, ote/,
    );
  });
});

describe('registerGoDaddyTools into the SDK v2 McpServer (@modelcontextprotocol/server), on 2026-07-28', () => {
  let fake: GoDaddyFake;

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());

  it('lists every tool and answers calls, invalid arguments as tool errors, to a 2026-07-28 client', async () => {
    const handler = createMcpHandler(() => {
      const server = new McpServerV2({ name: 'godaddy-v2', version: '1.0.0' });
      registerGoDaddyTools(server, fake.configs.key);
      return server;
    });
    const client = new ClientV2({ name: 'test-client', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL('http://in-process/mcp'), { fetch: (url, init) => handler.fetch(new Request(url, init)) }));
    expect((await client.listTools()).tools).toHaveLength(13);
    const result = await client.callTool({ name: 'godaddy_list_domains', arguments: { statuses: ['ACTIVE'] } });
    expect((result.structuredContent as { domains: unknown[] }).domains).toHaveLength(3);
    const invalid = await client.callTool({ name: 'godaddy_list_domains', arguments: { statuses: ['NOT_A_STATUS'], extra: 1 } });
    expect(invalid.isError).toBe(true);
    await client.close();
    await handler.close();
  });
});
