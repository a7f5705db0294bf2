import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { addMembership, createUser } from '@enterprise-mcp/authorization';
import { createTenant } from '@enterprise-mcp/tenancy';
import { captureLogger, postMcp } from '../../test/support/harness.js';
import { loadConfig } from '../config.js';
import { ecosystems } from '../ecosystems.js';
import { startServer, type StartedServer } from '../server.js';
import { launchTestBrowser, type TestBrowser } from '../../test/support/browser.js';

const PASSWORD = 'a long browser password';

/** A person in headless Chromium signs in and consents on the real pages; the app's callback receives the code. */
describe('sign-in and consent pages in a real browser', () => {
  let server: StartedServer;
  let browser: BrowserContext;
  let callback: Server;
  let callbackUrl = '';
  let testBrowser: TestBrowser | undefined;
  const received: URL[] = [];

  beforeAll(async () => {
    const config = loadConfig(
      { PORT: '0', NODE_ENV: 'test', LOG_FORMAT: 'json', DATA_DIR: 'memory://', TENANCY_MODE: 'multi', CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
      ecosystems,
    );
    server = await startServer(config, captureLogger().logger);
    const prisma = server.dataPlane.db.prisma;
    for (const slug of ['north', 'south']) {
      const tenant = await createTenant(prisma, { slug, name: `${slug[0]!.toUpperCase()}${slug.slice(1)} <Shop> & Co` });
      if (slug === 'north') await createUser(prisma, { email: 'pat@example.com', password: PASSWORD });
      await addMembership(prisma, { user: 'pat@example.com', tenant: tenant.id, role: slug === 'north' ? 'member' : 'viewer' });
    }
    callback = createServer((req, res) => {
      const url = new URL(req.url ?? '/', callbackUrl);
      if (url.pathname === '/callback') received.push(url);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>Connected. You can close this window.</p>');
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
    testBrowser = await launchTestBrowser();
    browser = testBrowser.context;
  }, 60_000);

  afterAll(async () => {
    await testBrowser?.close();
    await server?.close();
    await new Promise((resolve) => callback?.close(resolve));
  });

  it('signs in, shows who asks and for which tenant and tools, and returns the code to the app', async () => {
    const registered = (await (
      await fetch(`${server.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Desk <script>alert(1)</script> App', redirect_uris: [callbackUrl], token_endpoint_auth_method: 'none' }),
      })
    ).json()) as { client_id: string };
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${server.url}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: registered.client_id,
      redirect_uri: callbackUrl,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 'browser-state',
      scope: 'mcp:read mcp:write',
      resource: server.mcpUrl,
    }).toString();

    const page = await browser.newPage();
    const scriptsRun: string[] = [];
    page.on('dialog', (dialog) => {
      scriptsRun.push(dialog.message());
      void dialog.dismiss();
    });
    const login = await page.goto(authorize.href);
    expect(login?.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(login?.headers()['x-frame-options']).toBe('DENY');
    await expect(page.title()).resolves.toBe('Sign in');
    expect(await page.textContent('main')).toContain('Desk <script>alert(1)</script> App');

    await page.fill('#email', 'pat@example.com');
    await page.fill('#password', 'wrong password!!');
    await page.click('button[type=submit]');
    expect(await page.textContent('[role=alert]')).toBe('The email or password is wrong.');

    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Allow access?');
    const consent = (await page.textContent('main'))!;
    expect(consent).toContain('Signed in as pat@example.com');
    expect(consent).toContain('North <Shop> & Co');
    expect(consent).toContain('Use tools that create, change or delete data');
    expect(consent).toMatch(/Cloudflare \(\d+ tools\)/);
    // Two memberships: the person picks the tenant; the viewer one offers read-only tools.
    expect(await page.$$eval('#tenant option', (options) => options.map((o) => o.textContent))).toEqual(['North <Shop> & Co (north, member)', 'South <Shop> & Co (south, viewer)']);
    await page.screenshot({ path: join(tmpdir(), 'emcp-consent.png') });
    await page.selectOption('#tenant', { label: 'North <Shop> & Co (north, member)' });
    await Promise.all([page.waitForURL(/\/callback\?/), page.click('button[value=allow]')]);

    expect(scriptsRun).toEqual([]);
    const arrived = received.at(-1)!;
    expect(arrived.searchParams.get('state')).toBe('browser-state');
    expect(arrived.searchParams.get('iss')).toBe(server.url);
    const tokens = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: arrived.searchParams.get('code')!, code_verifier: verifier, client_id: registered.client_id, redirect_uri: callbackUrl }).toString(),
    });
    const { access_token, scope } = (await tokens.json()) as { access_token: string; scope: string };
    expect(scope).toBe('mcp:read mcp:write');
    const listed = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }, { authorization: `Bearer ${access_token}` });
    expect(listed.status).toBe(200);
    await page.close();
  }, 60_000);

  it('sends the person back with access_denied when they deny', async () => {
    const registered = (await (
      await fetch(`${server.url}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'Other', redirect_uris: [callbackUrl], token_endpoint_auth_method: 'none' }) })
    ).json()) as { client_id: string };
    const authorize = new URL(`${server.url}/authorize`);
    authorize.search = new URLSearchParams({ response_type: 'code', client_id: registered.client_id, redirect_uri: callbackUrl, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', state: 'deny-state' }).toString();
    const page = await browser.newPage();
    await page.goto(authorize.href);
    await page.fill('#email', 'pat@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Allow access?');
    await Promise.all([page.waitForURL(/\/callback\?/), page.click('button[value=deny]')]);
    const arrived = received.at(-1)!;
    expect([arrived.searchParams.get('error'), arrived.searchParams.get('state'), arrived.searchParams.get('code')]).toEqual(['access_denied', 'deny-state', null]);
    await page.close();
  }, 60_000);
});
