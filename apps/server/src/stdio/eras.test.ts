import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioClientTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, MemoryAudit, memoryCredentials, startTestServer, verified } from '../../test/support/harness.js';
import { CLI_ENTRY } from '../../test/support/spawn.js';

/** The launcher as a stdio server the SDK clients spawn themselves. */
const launcher = (args: string[], env: Record<string, string>) => ({
  command: process.execPath,
  args: [CLI_ENTRY, ...args],
  env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', ...env },
  stderr: 'pipe' as const,
});

describe('both protocol eras over stdio, with the SDK clients of each line', () => {
  let fake: CloudflareFake;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startCloudflareFake();
    env = { CLOUDFLARE_API_TOKEN: fake.apiToken, CLOUDFLARE_BASE_URL: fake.url, STDIO_TENANT_ID: 'desk' };
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves a 2025-era client (SDK v1, initialize)', async () => {
    const client = new ClientV1({ name: 'v1-stdio', version: '1.0.0' });
    await client.connect(new StdioClientTransportV1(launcher(['stdio'], env)));
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('cloudflare_list_dns_records');
      const call = await client.callTool({ name: 'cloudflare_list_dns_records', arguments: { zone: 'example.com' } });
      expect(call.isError).toBeFalsy();
      expect(JSON.stringify(call.content)).toContain('192.0.2.1');
    } finally {
      await client.close();
    }
  }, 60_000);

  it('serves a 2026-07-28 client (SDK v2 pinned: server/discover, _meta on every request)', async () => {
    const client = new ClientV2({ name: 'v2-stdio', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StdioClientTransportV2(launcher(['stdio'], env)));
    try {
      expect(client.getProtocolEra()).toBe('modern');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('cloudflare_list_dns_records');
      const call = await client.callTool({ name: 'cloudflare_list_dns_records', arguments: { zone: 'example.com' } });
      expect(call.isError).toBeFalsy();
      expect(JSON.stringify(call.content)).toContain('192.0.2.1');
      const invalid = await client.callTool({ name: 'cloudflare_list_dns_records', arguments: {} });
      expect(invalid.isError).toBe(true);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('both protocol eras through the bridge, with the SDK clients of each line', () => {
  const KEY = 'emcp_bridge_eras_key';
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const audit = new MemoryAudit();

  beforeAll(async () => {
    fake = await startNotesFake(['tok-bridge-eras']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      audit,
      verifier: keyVerifier({ [KEY]: verified('tenant-bridge', 'key-bridge') }),
      credentials: memoryCredentials({ 'tenant-bridge': { notes: { apiToken: 'tok-bridge-eras', baseUrl: fake.url } } }),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  const bridge = () => launcher(['bridge', '--url', server.mcpUrl, '--api-key', KEY], {});

  it('forwards a 2025-era client (SDK v1) and the audit row names it', async () => {
    const client = new ClientV1({ name: 'v1-over-bridge', version: '1.0.0' });
    await client.connect(new StdioClientTransportV1(bridge()));
    try {
      const call = await client.callTool({ name: 'notes_create_note', arguments: { text: 'legacy via bridge' } });
      expect(call.structuredContent).toMatchObject({ text: 'legacy via bridge' });
      expect(audit.records.at(-1)).toMatchObject({ status: 'ok', clientName: 'v1-over-bridge', tenantId: 'tenant-bridge' });
    } finally {
      await client.close();
    }
  }, 60_000);

  it('forwards a 2026-07-28 client (SDK v2 pinned) with its standard headers, and the audit row names it', async () => {
    const client = new ClientV2({ name: 'v2-over-bridge', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StdioClientTransportV2(bridge()));
    try {
      expect(client.getProtocolEra()).toBe('modern');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['notes_list_notes', 'notes_create_note', 'notes_delete_note']);
      const call = await client.callTool({ name: 'notes_create_note', arguments: { text: 'modern via bridge' } });
      expect(call.structuredContent).toMatchObject({ text: 'modern via bridge' });
      expect(audit.records.at(-1)).toMatchObject({ status: 'ok', clientName: 'v2-over-bridge', clientVersion: '2.0.0' });
    } finally {
      await client.close();
    }
  }, 60_000);
});
