import { credentialKeyFor, ecosystemVariables, oauthEndpointsFor, parseEcosystemConfig, readEcosystemEnv, ValidationError } from '@enterprise-mcp/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { quickbooksEcosystem, QUICKBOOKS_OAUTH } from './ecosystem.js';
import { startFake, type QuickBooksFake } from './testing/index.js';

const APP = { QUICKBOOKS_CLIENT_ID: 'ABcd', QUICKBOOKS_CLIENT_SECRET: 's3cret' };

describe('quickbooksEcosystem', () => {
  let fake: QuickBooksFake;
  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());

  it('is disabled without its variables, and reads the app keys into the oauth mode, production first', () => {
    expect(readEcosystemEnv(quickbooksEcosystem, {}).status).toBe('disabled');
    expect(readEcosystemEnv(quickbooksEcosystem, APP)).toEqual({
      status: 'enabled',
      config: { mode: 'oauth', config: { clientId: 'ABcd', clientSecret: 's3cret' }, environment: 'production', baseUrl: 'https://quickbooks.api.intuit.com' },
    });
    const sandbox = readEcosystemEnv(quickbooksEcosystem, { ...APP, QUICKBOOKS_ENVIRONMENT: 'sandbox' });
    expect(sandbox).toMatchObject({ status: 'enabled', config: { environment: 'sandbox', baseUrl: 'https://sandbox-quickbooks.api.intuit.com' } });
    const wrong = readEcosystemEnv(quickbooksEcosystem, { QUICKBOOKS_CLIENT_ID: 'ABcd', QUICKBOOKS_ENVIRONMENT: 'staging' });
    expect(wrong.status === 'invalid' && wrong.error.problems.map((p) => p.variable).sort()).toEqual(['QUICKBOOKS_CLIENT_SECRET', 'QUICKBOOKS_ENVIRONMENT']);
    expect(ecosystemVariables(quickbooksEcosystem).sort()).toEqual(
      ['QUICKBOOKS_AUTH_MODE', 'QUICKBOOKS_BASE_URL', 'QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET', 'QUICKBOOKS_ENVIRONMENT', 'QUICKBOOKS_OAUTH_BASE_URL'].sort(),
    );
  });

  it("declares Intuit's OAuth endpoints, re-rooted by QUICKBOOKS_OAUTH_BASE_URL", () => {
    expect(QUICKBOOKS_OAUTH).toMatchObject({ scopes: ['com.intuit.quickbooks.accounting'], rotatesRefreshTokens: true, clientAuthentication: 'client_secret_basic', tokenHeaders: { 'x-include-refresh-token-hard-expires-in': 'true' } });
    const resolved = parseEcosystemConfig(quickbooksEcosystem, { clientId: 'a', clientSecret: 'b', oauthBaseUrl: 'http://127.0.0.1:9000' });
    expect(oauthEndpointsFor(quickbooksEcosystem, resolved)).toEqual({
      authorizationUrl: 'http://127.0.0.1:9000/connect/oauth2',
      tokenUrl: 'http://127.0.0.1:9000/oauth2/v1/tokens/bearer',
      revocationUrl: 'http://127.0.0.1:9000/v2/oauth2/tokens/revoke',
    });
  });

  it('identifies the company by the callback realmId, and refuses a callback without one', () => {
    const tokens = { accessToken: 'a', raw: {} };
    expect(QUICKBOOKS_OAUTH.identify({ tokens, params: { realmId: '9341' } })).toEqual({ externalIds: { realmId: '9341' }, accountKind: 'company' });
    expect(() => QUICKBOOKS_OAUTH.identify({ tokens, params: {} })).toThrow(ValidationError);
  });

  it('describes a new connection by its company name', async () => {
    const { client } = toolHarness(quickbooksEcosystem, fake);
    await expect(quickbooksEcosystem.describeConnection!(client)).resolves.toBe('Harbor Lights Bakery (demo)');
  });

  it("declares Intuit's limits per company: two connections have budgets of their own", () => {
    expect(quickbooksEcosystem.rateLimits.map(({ points, durationSeconds, scope }) => ({ points, durationSeconds, scope }))).toEqual([
      { points: 500, durationSeconds: 60, scope: 'credential' },
      { points: 10, durationSeconds: 1, scope: 'credential' },
    ]);
    const resolved = parseEcosystemConfig(quickbooksEcosystem, { clientId: 'a', clientSecret: 'b' });
    expect(credentialKeyFor(quickbooksEcosystem, resolved, { id: 'c1' })).not.toBe(credentialKeyFor(quickbooksEcosystem, resolved, { id: 'c2' }));
    expect(quickbooksEcosystem.connections).toBe('many');
  });

  it('has honest annotations: reads are read-only and idempotent, deletions and voids destructive', () => {
    const tools = quickbooksEcosystem.tools;
    const readOnly = tools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);
    expect(readOnly).toEqual(expect.arrayContaining(['quickbooks_run_query', 'quickbooks_run_report', 'quickbooks_get_invoice_pdf', 'quickbooks_search_customers']));
    expect(readOnly.every((name) => /^quickbooks_(get|list|search|run)_/.test(name))).toBe(true);
    const destructive = tools.filter((t) => t.annotations.destructiveHint).map((t) => t.name);
    expect(destructive).toEqual(expect.arrayContaining(['quickbooks_delete_invoice', 'quickbooks_void_invoice', 'quickbooks_void_payment', 'quickbooks_deactivate_customer', 'quickbooks_update_invoice']));
    expect(tools.filter((t) => t.name.startsWith('quickbooks_create_')).every((t) => t.annotations.idempotentHint === false)).toBe(true);
  });
});
