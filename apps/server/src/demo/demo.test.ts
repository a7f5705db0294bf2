import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { captureLogger, connectClient } from '../../test/support/harness.js';
import { ecosystems } from '../ecosystems.js';
import { startDemo, type RunningDemo } from './demo.js';

describe('demo mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emcp-demo-'));
  const env = { PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'json', CLOUDFLARE_API_TOKEN: 'a-real-token-that-demo-must-not-use' };
  let demo: RunningDemo | undefined;
  afterAll(async () => {
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves every ecosystem on its seeded fake with a printed key, and keeps the key across restarts', async () => {
    const log = captureLogger();
    demo = await startDemo({ env, logger: log.logger, launcher: '/repo/apps/server/bin/enterprise-mcp' });
    expect(demo.fakes.map((fake) => fake.ecosystem.id).sort()).toEqual(ecosystems.map((e) => e.id).sort());
    expect(demo.banner).toContain(demo.server.mcpUrl);
    expect(demo.banner).toContain(demo.apiKey);
    expect(demo.banner).toContain(`--transport http --server-url ${demo.server.mcpUrl} --header "Authorization: Bearer ${demo.apiKey}"`);
    expect(demo.banner).toContain('"bridge",');
    expect(log.text()).toContain('DEMO MODE');
    // SECURITY.md: the key is saved in DATA_DIR/demo-api-key, readable by its owner only.
    const keyFile = join(dataDir, 'demo-api-key');
    expect((statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(demo.apiKey);

    const client = await connectClient(demo.server.mcpUrl, { authorization: `Bearer ${demo.apiKey}` });
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    for (const ecosystem of ecosystems) expect(names.some((name) => name.startsWith(`${ecosystem.id}_`))).toBe(true);
    const zones = await client.callTool({ name: 'cloudflare_list_zones', arguments: {} });
    expect(zones.isError).toBeFalsy();
    expect(JSON.stringify(zones.structuredContent)).toContain('example.com');
    await client.close();
    const cloudflareFake = demo.fakes.find((fake) => fake.ecosystem.id === 'cloudflare')!;
    expect(cloudflareFake.env['CLOUDFLARE_API_TOKEN']).not.toBe(env.CLOUDFLARE_API_TOKEN);

    const firstKey = demo.apiKey;
    await demo.close();
    demo = await startDemo({ env, logger: log.logger, launcher: '/repo/apps/server/bin/enterprise-mcp' });
    expect(demo.apiKey).toBe(firstKey);

    // A key file widened by hand is narrowed again at the next start.
    await demo.close();
    chmodSync(keyFile, 0o644);
    demo = await startDemo({ env, logger: log.logger, launcher: '/repo/apps/server/bin/enterprise-mcp' });
    expect((statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
  }, 90_000);
});
