/**
 * Token refreshes in /metrics, through the real vault: a QuickBooks company is
 * connected on a test database, its access token expires, and each tool call
 * that makes the vault go to Intuit's token endpoint shows up in
 * `emcp_token_refreshes_total{ecosystem="quickbooks",outcome=…}`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEcosystemConfig, type AnyEcosystem } from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { quickbooksEcosystem } from '@enterprise-mcp/quickbooks';
import { DEMO_REALM_ID, OAUTH_PATHS, startFake as startQuickBooksFake, type QuickBooksFake } from '@enterprise-mcp/quickbooks/testing';
import { createVault, type Vault } from '@enterprise-mcp/vault';
import { answerConsent, randomCredentialKey, ticketOf } from '@enterprise-mcp/vault/testing';
import { PublicUrl } from '../public-url.js';
import { callTool } from '../../test/support/connections.js';
import { keyVerifier, startTestServer, verified } from '../../test/support/harness.js';
import { activateMetrics } from './metrics.js';
import { metricsFromConfig } from './index.js';

const KEY = 'emcp_refreshmetrx_s3cretpart';
const METRICS_TOKEN = 'refresh-metrics-token-0123456789';
const OK = 'emcp_token_refreshes_total{ecosystem="quickbooks",outcome="ok"}';
const FAILED = 'emcp_token_refreshes_total{ecosystem="quickbooks",outcome="failed"}';

let t: TestDatabase;
let qbo: QuickBooksFake;
let vault: Vault;
let server: Awaited<ReturnType<typeof startTestServer>>;
let connectionId: string;

beforeAll(async () => {
  [t, qbo] = await Promise.all([openTestDatabase(), startQuickBooksFake({ seed: 'demo' })]);
  const config = { mode: 'oauth', ...qbo.configs.oauth };
  const publicUrl = new PublicUrl(undefined, '127.0.0.1', 0);
  vault = createVault({
    prisma: t.db.prisma,
    keys: randomCredentialKey(),
    ecosystems: [quickbooksEcosystem as AnyEcosystem],
    resolveConfig: async (_tenant, ecosystem) => parseEcosystemConfig(ecosystem, config),
    publicUrl: () => publicUrl.get(),
  });
  server = await startTestServer({
    ecosystems: [quickbooksEcosystem as AnyEcosystem],
    verifier: keyVerifier({ [KEY]: verified('acme', 'key-a') }),
    credentials: { configFor: async () => config },
    vault,
    publicUrl,
    settings: { API_CACHE_TTL_SECONDS: 0 },
    metrics: metricsFromConfig({ METRICS_TOKEN, METRICS_HOST: '127.0.0.1' }),
  });
  const link = await vault.createConnectLink({ tenantId: 'acme', ecosystem: 'quickbooks' });
  const redirect = await vault.beginAuthorization(ticketOf(link.url));
  const callback = await answerConsent(redirect.url, { account: DEMO_REALM_ID });
  connectionId = (await vault.completeAuthorization('quickbooks', callback.searchParams, redirect.state)).connection.id;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await vault?.close();
  await Promise.all([t?.cleanup(), qbo?.close()]);
  activateMetrics(undefined);
});

async function scrape(): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** Intuit stops accepting the access token and the row says it has expired, as an hour later. */
async function expireAccess(): Promise<void> {
  qbo.oauth.expireAccessTokens();
  await t.db.prisma.oAuthConnection.update({ where: { id: connectionId }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
}

const companyInfo = () => callTool(server.mcpUrl, KEY, 'quickbooks_get_company_info');

describe('token refreshes in /metrics', () => {
  it('counts none while the access token is fresh', async () => {
    const before = await scrape();
    expect(await companyInfo()).toMatchObject({ isError: false });
    const after = await scrape();
    expect(sample(after, OK)).toBe(sample(before, OK));
    expect(sample(after, FAILED)).toBe(sample(before, FAILED));
  });

  it('counts a refresh that worked once, and the call goes on', async () => {
    const before = await scrape();
    const refreshes = qbo.oauth.stats.refreshes;
    await expireAccess();
    expect(await companyInfo()).toMatchObject({ isError: false });
    expect(qbo.oauth.stats.refreshes).toBe(refreshes + 1);
    const after = await scrape();
    expect(sample(after, OK) - sample(before, OK)).toBe(1);
    expect(sample(after, FAILED)).toBe(sample(before, FAILED));
  });

  it('counts a refresh the token endpoint failed (503), and the next call refreshes fine', async () => {
    const before = await scrape();
    await expireAccess();
    qbo.failNext({ method: 'POST', path: OAUTH_PATHS.token, status: 503, body: { error: 'temporarily_unavailable' } });
    expect(await companyInfo()).toMatchObject({ isError: true });
    const failed = await scrape();
    expect(sample(failed, FAILED) - sample(before, FAILED)).toBe(1);
    expect(sample(failed, OK)).toBe(sample(before, OK));
    expect((await vault.list('acme', 'quickbooks'))[0]).toMatchObject({ status: 'active' });

    expect(await companyInfo()).toMatchObject({ isError: false });
    expect(sample(await scrape(), OK) - sample(before, OK)).toBe(1);
  });

  it('counts a refused refresh token (invalid_grant) as failed, and the connection then needs a reconnect', async () => {
    const before = await scrape();
    qbo.oauth.revokeAll();
    await expireAccess();
    const answer = await companyInfo();
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('/connect/quickbooks');
    const after = await scrape();
    expect(sample(after, FAILED) - sample(before, FAILED)).toBe(1);
    expect(sample(after, OK)).toBe(sample(before, OK));
    expect((await vault.list('acme', 'quickbooks'))[0]).toMatchObject({ status: 'needs_reconnect' });
    // Labels stay bounded: the tenant and the connection are not in the scrape.
    expect(after).not.toContain('acme');
    expect(after).not.toContain(connectionId);
  });
});
