import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { parseEcosystemConfig, type AnyEcosystem } from '@enterprise-mcp/core';
import { migrate, openDatabase } from '@enterprise-mcp/database';
import { quickbooksEcosystem } from '@enterprise-mcp/quickbooks';
import { startFake as startQuickBooksFake } from '@enterprise-mcp/quickbooks/testing';
import { parseCredentialKey } from '@enterprise-mcp/tenancy';
import { createVault } from '@enterprise-mcp/vault';
import { CLI_ENTRY, eventually, JsonRpcChild } from '../../test/support/spawn.js';

describe('enterprise-mcp stdio', () => {
  let fake: CloudflareFake;
  let child: JsonRpcChild;

  beforeAll(async () => {
    fake = await startCloudflareFake();
    child = new JsonRpcChild(CLI_ENTRY, ['stdio'], {
      CLOUDFLARE_API_TOKEN: fake.apiToken,
      CLOUDFLARE_BASE_URL: fake.url,
      STDIO_TENANT_ID: 'desk',
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    await child.close();
    await fake.close();
  });

  it('serves the configured platform tools and calls them with the environment credentials', async () => {
    const init = await child.initialize('stdio-test');
    expect(init['result']).toMatchObject({ serverInfo: { name: 'enterprise-mcp' }, capabilities: { tools: {} } });
    const list = (await child.request('tools/list'))['result'] as { tools: Array<{ name: string }> };
    const names = list.tools.map((tool) => tool.name);
    expect(names).toContain('cloudflare_list_dns_records');
    expect(names.some((name) => name.startsWith('ghl_'))).toBe(false);
    const call = (await child.request('tools/call', { name: 'cloudflare_list_dns_records', arguments: { zone: 'example.com' } }))['result'] as {
      isError?: boolean;
      content: Array<{ text: string }>;
    };
    expect(call.isError).toBeFalsy();
    expect(call.content[0]?.text).toContain('192.0.2.1');
    expect(fake.requests.some((request) => request.headers['authorization'] === `Bearer ${fake.apiToken}`)).toBe(true);
  });

  it('audits every call to stderr with the tenant and client, never the token', async () => {
    await child.request('tools/call', { name: 'cloudflare_list_dns_records', arguments: { zone: 'no-such-zone.example' } });
    const audits = await eventually(() => {
      const lines = child.stderr.filter((line) => line.includes('"tool execution"')).map((line) => JSON.parse(line).audit);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      return lines;
    }, 10_000);
    expect(audits[0]).toMatchObject({ tenantId: 'desk', toolName: 'cloudflare_list_dns_records', status: 'ok', clientName: 'stdio-test' });
    expect(audits.at(-1).status).not.toBe('ok');
    expect(child.stderr.join('\n')).not.toContain(fake.apiToken);
  });

  it('redacts secret-looking arguments in the audit lines, as the database trail does', async () => {
    const secret = 'sk-live-argument-value-123';
    await child.request('tools/call', { name: 'cloudflare_list_dns_records', arguments: { zone: 'example.com', apiKey: secret } });
    const audit = await eventually(() => {
      const line = child.stderr.find((entry) => entry.includes('"tool execution"') && entry.includes('"apiKey"'));
      expect(line).toBeDefined();
      return JSON.parse(line!).audit;
    }, 10_000);
    expect(audit.arguments).toEqual({ zone: 'example.com', apiKey: '[REDACTED]' });
    expect(child.stderr.join('\n')).not.toContain(secret);
  });
});

describe('enterprise-mcp stdio with an OAuth platform', () => {
  let qbo: Awaited<ReturnType<typeof startQuickBooksFake>>;
  let child: JsonRpcChild;
  const dataDir = mkdtempSync(join(tmpdir(), 'emcp-stdio-oauth-'));
  const key = randomBytes(32).toString('base64');

  beforeAll(async () => {
    qbo = await startQuickBooksFake({ seed: 'demo' });
    // What `enterprise-mcp connect quickbooks` left in the data folder: the company's connection, sealed.
    const db = await openDatabase({ dataDir });
    await migrate(db);
    const vault = createVault({
      prisma: db.prisma,
      keys: parseCredentialKey(key),
      ecosystems: [quickbooksEcosystem as AnyEcosystem],
      resolveConfig: async () => parseEcosystemConfig(quickbooksEcosystem, { mode: 'oauth', ...qbo.configs.oauth }),
      publicUrl: () => 'http://127.0.0.1:3000',
    });
    const issued = qbo.issueTokens!();
    await vault.importConnection({
      tenantId: 'desk',
      ecosystem: 'quickbooks',
      externalIds: qbo.connection.externalIds,
      tokens: { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: new Date(Date.now() + 3_600_000), raw: issued },
    });
    await db.close();
    child = new JsonRpcChild(CLI_ENTRY, ['stdio'], {
      QUICKBOOKS_CLIENT_ID: qbo.configs.oauth.clientId,
      QUICKBOOKS_CLIENT_SECRET: qbo.configs.oauth.clientSecret,
      QUICKBOOKS_BASE_URL: qbo.url,
      QUICKBOOKS_OAUTH_BASE_URL: qbo.configs.oauth.oauthBaseUrl,
      CREDENTIALS_ENCRYPTION_KEY: key,
      DATA_DIR: dataDir,
      // Every call reaches the platform, so the second one meets the expired token.
      API_CACHE_STORE: 'off',
      STDIO_TENANT_ID: 'desk',
      LOG_LEVEL: 'info',
    });
  }, 60_000);
  afterAll(async () => {
    await child?.close();
    await qbo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("calls QuickBooks with the stored connection's tokens, and refreshes them through Intuit's token endpoint", async () => {
    await child.initialize('stdio-oauth-test');
    const call = async () => (await child.request('tools/call', { name: 'quickbooks_get_company_info', arguments: {} }))['result'] as { isError?: boolean; content: Array<{ text: string }> };
    const first = await call();
    expect(first.isError).toBeFalsy();
    expect(first.content[0]?.text).toContain(qbo.connection.displayName!);
    const refreshes = qbo.oauth.stats.refreshes;
    qbo.oauth.expireAccessTokens();
    const second = await call();
    expect(second.isError).toBeFalsy();
    expect(qbo.oauth.stats.refreshes).toBe(refreshes + 1);
  }, 60_000);
});
