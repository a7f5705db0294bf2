import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
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
