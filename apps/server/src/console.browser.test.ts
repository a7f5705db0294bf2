import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { addMembership, createUser } from '@enterprise-mcp/authorization';
import { createApiKey, createTenant, listApiKeys } from '@enterprise-mcp/tenancy';
import { captureLogger, postMcp } from '../test/support/harness.js';
import { launchTestBrowser, type TestBrowser } from '../test/support/browser.js';
import { loadConfig } from './config.js';
import { ecosystems } from './ecosystems.js';
import { startServer, type StartedServer } from './server.js';

const PASSWORD = 'a long console password';
let server: StartedServer;
let browser: BrowserContext;
let testBrowser: TestBrowser | undefined;
let tenantId: string;
const cspViolations: string[] = [];

beforeAll(async () => {
  const config = loadConfig(
    { PORT: '0', NODE_ENV: 'test', LOG_FORMAT: 'json', DATA_DIR: 'memory://', TENANCY_MODE: 'multi', CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    ecosystems,
  );
  server = await startServer(config, captureLogger().logger);
  const prisma = server.dataPlane.db.prisma;
  tenantId = (await createTenant(prisma, { slug: 'acme', name: 'Acme' })).id;
  for (const [email, role] of [['ada@acme.test', 'admin'], ['vic@acme.test', 'viewer']] as const) {
    await createUser(prisma, { email, password: PASSWORD });
    await addMembership(prisma, { user: email, tenant: tenantId, role });
  }
  testBrowser = await launchTestBrowser();
  browser = testBrowser.context;
}, 60_000);
afterAll(async () => {
  await testBrowser?.close();
  await server?.close();
});

async function signIn(email: string): Promise<Page> {
  await browser.clearCookies();
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(`${server.url}/console`);
  expect(page.url()).toBe(`${server.url}/console/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/console/tenants`), page.click('button[type="submit"]')]);
  return page;
}

it('an admin creates a key (shown once), sees its call appear live in the audit table, revokes it and approves a pending call', async () => {
  const page = await signIn('ada@acme.test');
  await page.click(`a[href="/console/tenants/${tenantId}/keys"]`);
  await page.fill('input[name="name"]', 'browser-key');
  await page.click('text=Create key');
  const key = (await page.textContent('#new-key'))!.trim();
  expect(key).toMatch(/^emcp_/);
  await page.reload();
  expect(await page.content()).not.toContain(key);

  await page.goto(`${server.url}/console/audit`);
  const tool = server.runtime.catalog.list({ readOnly: true })[0]!.name;
  const answer = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: {} } }, { authorization: `Bearer ${key}` });
  expect(answer.status).toBe(200);
  await server.dataPlane.audit.flush();
  // No reload: the table's htmx poll brings the row in.
  await page.waitForSelector(`#audit-rows tr:has-text("${tool}")`, { timeout: 15_000 });

  await page.goto(`${server.url}/console/tenants/${tenantId}/keys`);
  await page.click('tr:has-text("browser-key") >> text=Revoke');
  await page.waitForSelector('tr:has-text("browser-key") >> text=revoked');
  expect((await listApiKeys(server.dataPlane.db.prisma, { tenantId })).find((k) => k.name === 'browser-key')?.revokedAt).toBeInstanceOf(Date);

  // A call the key's rules hold: the answer names the approval and links to its console page.
  const held = await createApiKey(server.dataPlane.db.prisma, { tenantId, name: 'needs-approval', approvalTools: ['destructive'] });
  const args = { zone: 'example.com', recordId: 'a'.repeat(32) };
  const call = (extra: Record<string, unknown> = {}) =>
    postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'cloudflare_delete_dns_record', arguments: { ...args, ...extra } } }, { authorization: `Bearer ${held.key}` });
  const first = (await (await call()).json()) as { result: { isError: boolean; _meta: Record<string, { id: string; url: string }> } };
  const approval = first.result._meta['io.enterprise-mcp/approval']!;
  expect(approval.url).toBe(`${server.url}/console/approvals/${approval.id}`);
  await page.goto(approval.url);
  expect(await page.textContent('#approval-status')).toBe('pending');
  await page.click('text=Approve');
  expect(await page.textContent('#approval-status')).toBe('approved');
  expect((await server.runtime.approvals!.get(approval.id))?.status).toBe('approved');
  // Called again with the id, it runs (and spends the approval).
  const second = JSON.stringify(await (await call({ _approval_id: approval.id })).json());
  expect(second).not.toContain('Approval required');
  expect((await server.runtime.approvals!.get(approval.id))?.status).toBe('used');
  expect(cspViolations).toEqual([]);
  await page.close();
}, 90_000);

it('a viewer sees keys but cannot create one', async () => {
  const page = await signIn('vic@acme.test');
  await page.goto(`${server.url}/console/tenants/${tenantId}/keys`);
  expect(await page.textContent('main')).toContain('creating and revoking keys needs admin');
  expect(await page.$('text=Create key')).toBeNull();
  const before = (await listApiKeys(server.dataPlane.db.prisma, { tenantId })).length;
  // A hand-made form post with the viewer's own session and token is refused too.
  const csrf = await page.$eval('input[name="csrf"]', (input) => (input as unknown as { value: string }).value);
  const status = await page.evaluate(
    async ({ url, token }) => (await fetch(url, { method: 'POST', body: new URLSearchParams({ csrf: token, name: 'sneaky' }) })).status,
    { url: `${server.url}/console/tenants/${tenantId}/keys`, token: csrf },
  );
  expect(status).toBe(403);
  expect((await listApiKeys(server.dataPlane.db.prisma, { tenantId })).length).toBe(before);
  await page.close();
}, 60_000);
