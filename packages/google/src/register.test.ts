import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport as V2InMemoryTransport, McpServer as V2McpServer } from '@modelcontextprotocol/server';
import { strictSchemaProblems } from '@enterprise-mcp/core/testing';
import { googleEcosystem } from './ecosystem.js';
import { googleToolsForLevels } from './permissions.js';
import { registerGoogleTools, type RegisterGoogleToolsOptions } from './register.js';
import { startFake, type GoogleFake } from './testing/index.js';

/** Registers into an McpServer of either SDK line and connects an SDK client to it. */
async function connected(options: RegisterGoogleToolsOptions, line: 'v1' | 'v2' = 'v1'): Promise<{ client: Client; registered: string[] }> {
  const server = line === 'v1' ? new McpServer({ name: 'google-test', version: '0.0.0' }) : new V2McpServer({ name: 'google-test', version: '0.0.0' });
  const registered = registerGoogleTools(server as McpServer, options);
  const [clientSide, serverSide] = line === 'v1' ? InMemoryTransport.createLinkedPair() : V2InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-client', version: '0.0.0' });
  await Promise.all([server.connect(serverSide as never), client.connect(clientSide as never)]);
  return { client, registered };
}

describe('registerGoogleTools into an SDK 1.x McpServer', () => {
  let fake: GoogleFake;
  let client: Client;

  beforeAll(async () => {
    fake = await startFake();
    ({ client } = await connected({ ...fake.configs.oauth, token: fake.token, connection: fake.connection }));
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  it('lists every tool with annotations and the connection argument', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(googleEcosystem.tools.map((t) => t.name).sort());
    expect(tools.find((t) => t.name === 'google_send_message')!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(tools.every((t) => (t.inputSchema.properties as Record<string, unknown>)['connection'])).toBe(true);
  });

  it('advertises schemas strict clients accept', () => {
    expect(strictSchemaProblems(googleEcosystem.tools)).toEqual([]);
  });

  it('calls a tool through the SDK against the fake', async () => {
    const result = await client.callTool({ name: 'google_search_threads', arguments: { query: 'subject:invoice' } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { threads: Array<{ subject: string }> }).threads[0]!.subject).toBe('Invoice 2041 for May');
  });

  it('registers a service account acting as a user', async () => {
    const sa = await connected({ mode: 'serviceAccount', ...fake.configs.serviceAccount, tools: googleToolsForLevels(['read']) });
    try {
      const result = await sa.client.callTool({ name: 'google_list_labels', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(sa.registered).not.toContain('google_send_message');
    } finally {
      await sa.client.close();
    }
  });
});

describe('registerGoogleTools into the v2 McpServer (@modelcontextprotocol/server)', () => {
  it('lists the same tools and serves a call against the fake', async () => {
    const fake = await startFake();
    const { client, registered } = await connected({ ...fake.configs.oauth, token: fake.token, connection: fake.connection }, 'v2');
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...registered].sort());
      expect(registered.sort()).toEqual(googleEcosystem.tools.map((t) => t.name).sort());
      const result = await client.callTool({ name: 'google_search_threads', arguments: { query: 'subject:invoice' } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { threads: Array<{ subject: string }> }).threads[0]!.subject).toBe('Invoice 2041 for May');
      const bad = await client.callTool({ name: 'google_search_threads', arguments: { query: 'x', colour: 'red' } });
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toContain('colour');
    } finally {
      await client.close();
      await fake.close();
    }
  });
});
