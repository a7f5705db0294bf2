/**
 * Regenerates docs/screenshots/*.png: starts the real server on an in-memory
 * database with demo rows, signs in with headless Chromium and captures the
 * console's main pages. Run with `npm run screenshots`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { addMembership, createUser } from '@enterprise-mcp/authorization';
import { MemoryApprovalQueue } from '@enterprise-mcp/console';
import { createApiKey, createTenant } from '@enterprise-mcp/tenancy';
import { loadConfig } from '../../apps/server/src/config.js';
import { ecosystems } from '../../apps/server/src/ecosystems.js';
import { createLogger } from '../../apps/server/src/logger.js';
import { startServer } from '../../apps/server/src/server.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const PASSWORD = 'screenshot password 1';

async function seed(prisma: Parameters<typeof createTenant>[0], approvals: MemoryApprovalQueue): Promise<string> {
  const tenant = await createTenant(prisma, { slug: 'acme', name: 'Acme Corp' });
  await createTenant(prisma, { slug: 'globex', name: 'Globex' });
  await createUser(prisma, { email: 'ada@acme.test', password: PASSWORD });
  await addMembership(prisma, { user: 'ada@acme.test', tenant: tenant.id, role: 'admin' });
  await addMembership(prisma, { user: 'ada@acme.test', tenant: 'globex', role: 'viewer' });
  for (const name of ['claude-desktop', 'ci-readonly']) await createApiKey(prisma, { tenantId: tenant.id, name, readOnly: name === 'ci-readonly' });
  const tools = [['cloudflare', 'cloudflare_list_zones', 40], ['cloudflare', 'cloudflare_create_dns_record', 180], ['quickbooks', 'quickbooks_query', 320], ['google', 'google_gmail_search', 210]] as const;
  const now = Date.now();
  const rows = Array.from({ length: 240 }, (_, i) => {
    const [ecosystem, toolName, base] = tools[i % tools.length]!;
    return {
      id: `demo-${i}`,
      timestamp: new Date(now - i * 6 * 60_000),
      tenantId: tenant.id,
      ecosystem,
      toolName,
      status: i % 17 === 0 ? ('upstream_error' as const) : ('ok' as const),
      durationMs: Math.round(base * (0.6 + ((i * 7919) % 100) / 80)),
      arguments: { query: 'SELECT * FROM Invoice', apiToken: '[REDACTED]' },
      clientName: 'claude-ai',
      upstreamRequestIds: [`8f${i.toString(16)}a1c2-IAD`],
    };
  });
  await prisma.toolExecution.createMany({ data: rows });
  approvals.add({ tenantId: tenant.id, ecosystem: 'cloudflare', toolName: 'cloudflare_delete_dns_record', arguments: { zoneId: '023e105f4ecef8ad9ca31a8372d0c353', recordId: '372e67954025e0ba6aaa6d586b9e0b59' } });
  return tenant.id;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const config = loadConfig(
    { PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: 'memory://', TENANCY_MODE: 'multi', CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    ecosystems,
  );
  const approvals = new MemoryApprovalQueue();
  const server = await startServer(config, createLogger({ level: 'warn', format: 'json' }), { approvals });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const tenantId = await seed(server.dataPlane.db.prisma, approvals);
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}/console/login`);
    await page.screenshot({ path: join(OUT, 'login.png') });
    await page.fill('input[name="email"]', 'ada@acme.test');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL('**/console/tenants'), page.click('button[type="submit"]')]);
    const shots: Array<[string, string]> = [
      ['tenants', '/console/tenants'],
      ['keys', `/console/tenants/${tenantId}/keys`],
      ['connections', `/console/tenants/${tenantId}/connections`],
      ['audit', '/console/audit'],
      ['audit-row', '/console/audit/demo-17'],
      ['charts', '/console/charts?window=24h'],
      ['approvals', '/console/approvals'],
      ['try-a-tool', '/console/try/cloudflare_list_zones'],
    ];
    for (const [name, path] of shots) {
      await page.goto(`${server.url}${path}`);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}.png`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
