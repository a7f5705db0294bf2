/**
 * The connect flow for the real OAuth platforms, QuickBooks, GoHighLevel's
 * marketplace mode, Amazon's website authorization workflow and Google, in headless Chromium: the one-time link, the platform
 * fake's consent page, the success page, then tool calls on the new
 * connection, refreshed through the fake's token endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { parseEcosystemConfig, type AnyEcosystem } from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { amazonEcosystem } from '@enterprise-mcp/amazon';
import { startFake as startAmazonFake } from '@enterprise-mcp/amazon/testing';
import { ghlEcosystem } from '@enterprise-mcp/ghl';
import { googleEcosystem, googleScopesForLevels, SCOPES } from '@enterprise-mcp/google';
import { startFake as startGoogleFake } from '@enterprise-mcp/google/testing';
import { startFake as startGhlFake } from '@enterprise-mcp/ghl/testing';
import { quickbooksEcosystem } from '@enterprise-mcp/quickbooks';
import { startFake as startQuickBooksFake } from '@enterprise-mcp/quickbooks/testing';
import { createVault, type Vault } from '@enterprise-mcp/vault';
import { randomCredentialKey } from '@enterprise-mcp/vault/testing';
import { PublicUrl } from '../public-url.js';
import { keyVerifier, startTestServer, verified } from '../../test/support/harness.js';
import { callTool } from '../../test/support/connections.js';
import { launchTestBrowser, type TestBrowser } from '../../test/support/browser.js';

const KEY = 'emcp_platform_browser_key';

let t: TestDatabase;
let qbo: Awaited<ReturnType<typeof startQuickBooksFake>>;
let ghl: Awaited<ReturnType<typeof startGhlFake>>;
let amazon: Awaited<ReturnType<typeof startAmazonFake>>;
let google: Awaited<ReturnType<typeof startGoogleFake>>;
let vault: Vault;
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: BrowserContext;
let testBrowser: TestBrowser | undefined;

beforeAll(async () => {
  [t, qbo, ghl, amazon, google] = await Promise.all([
    openTestDatabase(),
    startQuickBooksFake({ seed: 'demo' }),
    startGhlFake(),
    startAmazonFake({ draftApp: true }),
    startGoogleFake(),
  ]);
  // The operator's OAuth apps, as the environment or stored credentials would give them.
  const configs: Record<string, Record<string, unknown>> = {
    quickbooks: { mode: 'oauth', ...qbo.configs.oauth },
    ghl: { mode: 'marketplace', ...ghl.configs.marketplace },
    amazon: { mode: 'oauth', ...amazon.configs.oauth },
    // This deployment allows Google's read and draft levels only.
    google: { mode: 'oauth', ...google.configs.oauth, oauthBaseUrl: google.oauthBaseUrl, levels: 'read,draft' },
  };
  const ecosystems = [quickbooksEcosystem, ghlEcosystem, amazonEcosystem, googleEcosystem] as AnyEcosystem[];
  const publicUrl = new PublicUrl(undefined, '127.0.0.1', 0);
  vault = createVault({
    prisma: t.db.prisma,
    keys: randomCredentialKey(),
    ecosystems,
    resolveConfig: async (_tenant, ecosystem) => parseEcosystemConfig(ecosystem, configs[ecosystem.id]),
    publicUrl: () => publicUrl.get(),
  });
  server = await startTestServer({
    ecosystems,
    verifier: keyVerifier({ [KEY]: verified('acme', 'key-a') }),
    credentials: { configFor: async (_tenant, ecosystem) => configs[ecosystem] },
    vault,
    publicUrl,
    settings: { API_CACHE_TTL_SECONDS: 0 },
  });
  testBrowser = await launchTestBrowser();
  browser = testBrowser.context;
}, 60_000);
afterAll(async () => {
  await testBrowser?.close();
  await server?.close();
  await vault?.close();
  await Promise.all([t?.cleanup(), qbo?.close(), ghl?.close(), amazon?.close(), google?.close()]);
});

/** Asks the server for a link, opens it, picks `account` on the platform's consent page and approves; the success page's text. */
async function connectInBrowser(ecosystem: string, account: string): Promise<string> {
  const answer = await fetch(`${server.url}/connect/${ecosystem}`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(answer.status).toBe(200);
  const { url } = (await answer.json()) as { url: string };
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.selectOption('select[name="account"]', account);
    await Promise.all([page.waitForURL(`${server.url}/oauth/callback/${ecosystem}?**`), page.click('#approve')]);
    return (await page.textContent('#result')) ?? '';
  } finally {
    await page.close();
  }
}

describe('connecting the OAuth platforms in a real browser', () => {
  it("QuickBooks: Intuit's consent page, the company's name on the success page, then tools on its realm", async () => {
    const realmId = qbo.connection.externalIds['realmId']!;
    const company = qbo.connection.displayName!;
    expect(await connectInBrowser('quickbooks', realmId)).toBe(`Connected to QuickBooks company ${company}`);

    const [connection] = await vault.list('acme', 'quickbooks');
    expect(connection).toMatchObject({ displayName: company, externalIds: { realmId }, status: 'active' });
    const info = await callTool(server.mcpUrl, KEY, 'quickbooks_get_company_info');
    expect(info).toEqual({ isError: false, text: expect.stringContaining(company) });

    // An expired access token is refreshed through Intuit's token endpoint (rotating the refresh token) and the call goes on.
    const refreshes = qbo.oauth.stats.refreshes;
    qbo.oauth.expireAccessTokens();
    const customers = await callTool(server.mcpUrl, KEY, 'quickbooks_search_customers', {});
    expect(customers.isError).toBe(false);
    expect(qbo.oauth.stats.refreshes).toBe(refreshes + 1);
  }, 60_000);

  it('GoHighLevel marketplace: the chooselocation page, the sub-account on the success page, then tools on that location', async () => {
    expect(await connectInBrowser('ghl', ghl.locationId)).toMatch(/^Connected to GoHighLevel sub-account .+/);
    const [connection] = await vault.list('acme', 'ghl');
    expect(connection).toMatchObject({ externalIds: { locationId: ghl.locationId }, status: 'active' });
    const location = await callTool(server.mcpUrl, KEY, 'ghl_get_location');
    expect(location).toEqual({ isError: false, text: expect.stringContaining(ghl.locationId) });
  }, 60_000);

  it("Amazon: Seller Central's consent page (application_id, version=beta, no PKCE), spapi_oauth_code back, then tools for that seller", async () => {
    const answer = await fetch(`${server.url}/connect/amazon`, { headers: { authorization: `Bearer ${KEY}` } });
    const { url } = (await answer.json()) as { url: string };
    const page = await browser.newPage();
    try {
      await page.goto(url);
      const consent = new URL(page.url());
      expect(consent.pathname).toBe('/apps/authorize/consent');
      expect(Object.fromEntries(consent.searchParams)).toEqual({
        application_id: amazon.configs.oauth.applicationId,
        state: expect.any(String),
        redirect_uri: `${server.url}/oauth/callback/amazon`,
        version: 'beta',
      });
      await Promise.all([page.waitForURL(`${server.url}/oauth/callback/amazon?**`), page.click('#approve')]);
      expect(new URL(page.url()).searchParams.has('spapi_oauth_code')).toBe(true);
      expect(await page.textContent('#result')).toMatch(/^Connected to Amazon Selling Partner API seller account .+/);
    } finally {
      await page.close();
    }
    const [connection] = await vault.list('acme', 'amazon');
    expect(connection).toMatchObject({ externalIds: { sellingPartnerId: amazon.sellerId }, status: 'active' });
    // The authorisation lasts 365 days: its end is a hard cap the background job warns about.
    const [details] = await vault.listConnections({ tenantId: 'acme', ecosystem: 'amazon' });
    const days = (details!.refreshHardExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
    const participations = await callTool(server.mcpUrl, KEY, 'amazon_list_marketplace_participations');
    expect(participations).toEqual({ isError: false, text: expect.stringContaining('ATVPDKIKX0DER') });
  }, 60_000);

  it("Google: offline access with a consent prompt and only the allowed levels' scopes, the account's email, then Gmail on that account", async () => {
    const answer = await fetch(`${server.url}/connect/google`, { headers: { authorization: `Bearer ${KEY}` } });
    const { url } = (await answer.json()) as { url: string };
    const page = await browser.newPage();
    const user = google.connection.externalIds['email']!;
    try {
      await page.goto(url);
      const consent = new URL(page.url());
      expect(Object.fromEntries(consent.searchParams)).toMatchObject({ access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true', code_challenge_method: 'S256' });
      expect(consent.searchParams.get('scope')!.split(' ').sort()).toEqual(googleScopesForLevels(['read', 'draft']).sort());
      await page.selectOption('select[name="account"]', user);
      await Promise.all([page.waitForURL(`${server.url}/oauth/callback/google?**`), page.click('#approve')]);
      expect(await page.textContent('#result')).toBe(`Connected to Google Workspace account ${user}`);
    } finally {
      await page.close();
    }
    const [connection] = await vault.list('acme', 'google');
    expect(connection).toMatchObject({ displayName: user, externalIds: { email: user }, status: 'active' });
    const labels = await callTool(server.mcpUrl, KEY, 'google_list_labels');
    expect(labels).toEqual({ isError: false, text: expect.stringContaining('INBOX') });
  }, 60_000);

  it('Google with chosen levels: the consent page asks only for them, a scope left unticked costs its level, and that level\'s tools are refused', async () => {
    const linkFor = async (levels: string) => {
      const answer = await fetch(`${server.url}/connect/google?levels=${levels}`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { url: string; levels: string[] });
    };
    const user = 'bob@example.com';
    const page = await browser.newPage();
    try {
      // Only the read level: only its scopes are asked for.
      await page.goto((await linkFor('read')).url);
      expect(new URL(page.url()).searchParams.get('scope')!.split(' ').sort()).toEqual(googleScopesForLevels(['read']).sort());

      const link = await linkFor('read,draft');
      expect(link.levels).toEqual(['read', 'draft']);
      await page.goto(link.url);
      await page.selectOption('select[name="account"]', user);
      // The person unticks Gmail's compose permission: the draft level needs it.
      await page.uncheck(`input[type="checkbox"][value="${SCOPES.gmailCompose}"]`);
      await Promise.all([page.waitForURL(`${server.url}/oauth/callback/google?**`), page.click('#approve')]);
      expect(await page.textContent('#result')).toBe(`Connected to Google Workspace account ${user}`);
      expect(await page.textContent('#levels')).toBe('Permission levels: read.');
      expect(await page.textContent('#not-granted')).toMatch(/^Not granted: draft\./);
    } finally {
      await page.close();
    }
    const connection = (await vault.list('acme', 'google')).find((candidate) => candidate.externalIds['email'] === user)!;
    expect(connection).toMatchObject({ levels: ['read'] });
    expect(connection.scopes).not.toContain(SCOPES.gmailCompose);
    const refused = await callTool(server.mcpUrl, KEY, 'google_create_draft', { to: ['carol@example.com'], subject: 'Hi', body: 'x', connection: connection.id });
    expect(refused).toEqual({ isError: true, text: expect.stringContaining(`${server.url}/connect/google?connection=${connection.id}&levels=read,draft`) });
    expect(await callTool(server.mcpUrl, KEY, 'google_list_labels', { connection: connection.id })).toEqual({ isError: false, text: expect.stringContaining('INBOX') });
  }, 60_000);
});
