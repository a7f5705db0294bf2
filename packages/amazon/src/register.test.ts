import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport as V2InMemoryTransport, McpServer as V2McpServer } from '@modelcontextprotocol/server';
import { readEcosystemEnv } from '@enterprise-mcp/core';
import { strictSchemaProblems } from '@enterprise-mcp/core/testing';
import { readFileSync } from 'node:fs';
import { PACKAGE_VERSION } from './client.js';
import { amazonEcosystem } from './ecosystem.js';
import { registerAmazonTools } from './register.js';
import { specOperations } from './testing/spec.js';
import { startFake, type AmazonFake } from './testing/index.js';
import { SP_API_OPERATIONS } from './usage-plans.js';

describe('registerAmazonTools into an SDK 1.x McpServer', () => {
  let fake: AmazonFake;
  let client: Client;
  beforeAll(async () => {
    fake = await startFake();
    const server = new McpServer({ name: 'amazon-test', version: '0.0.0' });
    registerAmazonTools(server, fake.configs.refreshToken);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: 'test-client', version: '0.0.0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  it('lists every tool, each taking the connection argument', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(amazonEcosystem.tools.map((t) => t.name).sort());
    expect(tools.every((t) => (t.inputSchema.properties as Record<string, unknown>)['connection'])).toBe(true);
  });

  it('advertises schemas strict clients accept', () => {
    expect(strictSchemaProblems(amazonEcosystem.tools)).toEqual([]);
  });

  it('calls a tool through the SDK client against the fake, and returns errors as tool errors', async () => {
    const ok = await client.callTool({ name: 'amazon_get_listing', arguments: { sku: 'SUN-PACK-28' } });
    expect(ok.isError).toBeFalsy();
    const bad = await client.callTool({ name: 'amazon_get_listing', arguments: { sku: 'NOPE' } });
    expect(bad.isError).toBe(true);
  });
});

describe('registerAmazonTools into the v2 McpServer (@modelcontextprotocol/server)', () => {
  it('lists the same tools and serves a call against the fake', async () => {
    const fake = await startFake();
    const server = new V2McpServer({ name: 'amazon-v2-test', version: '0.0.0' });
    const names = registerAmazonTools(server as unknown as McpServer, fake.configs.refreshToken);
    const [clientSide, serverSide] = V2InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'test-client', version: '0.0.0' });
    try {
      await Promise.all([server.connect(serverSide), client.connect(clientSide as never)]);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(amazonEcosystem.tools.map((t) => t.name).sort());
      expect([...names].sort()).toEqual(tools.map((t) => t.name).sort());
      const ok = await client.callTool({ name: 'amazon_get_listing', arguments: { sku: 'SUN-PACK-28' } });
      expect(ok.isError).toBeFalsy();
      const bad = await client.callTool({ name: 'amazon_get_listing', arguments: { sku: 'NOPE' } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
      await fake.close();
    }
  });
});

describe('the ecosystem definition', () => {
  it('reads the private-app mode from the environment, and the public app when no refresh token is set', () => {
    const privateApp = readEcosystemEnv(amazonEcosystem, { AMAZON_CLIENT_ID: 'c', AMAZON_CLIENT_SECRET: 's', AMAZON_REFRESH_TOKEN: 'Atzr|x', AMAZON_REGION: 'EU', AMAZON_MARKETPLACE_IDS: 'A1PA6795UKMFR9,A13V1IB3VIYZZH' });
    expect(privateApp).toMatchObject({ status: 'enabled', config: { mode: 'refreshToken', region: 'EU', baseUrl: 'https://sellingpartnerapi-eu.amazon.com', config: { marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'], allowPersonalData: false } } });
    const publicApp = readEcosystemEnv(amazonEcosystem, { AMAZON_CLIENT_ID: 'c', AMAZON_CLIENT_SECRET: 's', AMAZON_APPLICATION_ID: 'amzn1.sp.solution.x', AMAZON_ENVIRONMENT: 'sandbox' });
    expect(publicApp).toMatchObject({ status: 'enabled', config: { mode: 'oauth', baseUrl: 'https://sandbox.sellingpartnerapi-na.amazon.com' } });
    const bad = readEcosystemEnv(amazonEcosystem, { AMAZON_CLIENT_ID: 'c', AMAZON_CLIENT_SECRET: 's', AMAZON_REFRESH_TOKEN: 'r', AMAZON_REGION: 'APAC' });
    expect(bad.status).toBe('invalid');
  });

  it("declares each operation's usage plan exactly as Amazon's models state it", () => {
    const fromModels = Object.fromEntries(specOperations().map((op) => [op.name, { method: op.method, path: op.template, ...op.usagePlan }]));
    expect(SP_API_OPERATIONS).toEqual(fromModels);
  });

  it('names its version as package.json does', () => {
    expect(PACKAGE_VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  });
});
