import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { randomCredentialKey, startLedgerFake, type LedgerFake } from '@enterprise-mcp/vault/testing';
import { keyVerifier, verified } from '../../test/support/harness.js';
import { callTool, startOAuthServer } from '../../test/support/connections.js';
import { launchTestBrowser, type TestBrowser } from '../../test/support/browser.js';

const KEY = 'emcp_browser_key';

let t: TestDatabase;
let fake: LedgerFake;
let server: Awaited<ReturnType<typeof startOAuthServer>>;
let browser: BrowserContext;
let testBrowser: TestBrowser | undefined;

beforeAll(async () => {
  [t, fake] = await Promise.all([openTestDatabase(), startLedgerFake()]);
  server = await startOAuthServer({ prisma: t.db.prisma, fake, keys: randomCredentialKey(), verifier: keyVerifier({ [KEY]: verified('acme', 'key-a') }) });
  testBrowser = await launchTestBrowser();
  browser = testBrowser.context;
}, 60_000);
afterAll(async () => {
  await testBrowser?.close();
  await server?.close();
  await Promise.all([t?.cleanup(), fake?.close()]);
});

it('connects a company in a real browser: link, consent page, success page, then a tool call that uses it', async () => {
  const answer = await fetch(`${server.url}/connect/ledger`, { headers: { authorization: `Bearer ${KEY}` } });
  const { url } = (await answer.json()) as { url: string };

  const page = await browser.newPage();
  await page.goto(url);
  // The provider's consent page (the fake's), reached through the server's redirect.
  expect(page.url()).toContain(`${fake.oauthBaseUrl}/connect/oauth2?`);
  await page.selectOption('select[name="account"]', '9130');
  await Promise.all([page.waitForURL(`${server.url}/oauth/callback/ledger?**`), page.click('#approve')]);
  expect(await page.textContent('#result')).toBe('Connected to Ledger company Acme Books Ltd');
  await page.close();

  const [connection] = await server.vault.list('acme', 'ledger');
  expect(connection).toMatchObject({ displayName: 'Acme Books Ltd', externalIds: { companyId: '9130' }, status: 'active' });
  const call = await callTool(server.mcpUrl, KEY, 'ledger_get_company');
  expect(call).toEqual({ isError: false, text: expect.stringContaining('"name":"Acme Books Ltd"') });
  expect(fake.apiCalls['9130']).toBeGreaterThanOrEqual(2);
}, 60_000);
