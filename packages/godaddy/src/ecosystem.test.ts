import { createEcosystemClient, ecosystemVariables, rateLimitApplies, rateLimitKey, readEcosystemEnv } from '@enterprise-mcp/core';
import { describe, expect, it } from '@jest/globals';
import { godaddyEcosystem } from './ecosystem.js';

const KEY = { GODADDY_API_KEY: 'k', GODADDY_API_SECRET: 's' };

describe('godaddyEcosystem', () => {
  it('is disabled when no variable is set', () => {
    expect(readEcosystemEnv(godaddyEcosystem, {}).status).toBe('disabled');
  });

  it('keeps the variables .env files already use, and adds the contract\'s auth-mode variable', () => {
    expect(ecosystemVariables(godaddyEcosystem).sort()).toEqual(
      ['GODADDY_API_KEY', 'GODADDY_API_SECRET', 'GODADDY_AUTH_MODE', 'GODADDY_BASE_URL', 'GODADDY_ENVIRONMENT', 'GODADDY_SHOPPER_ID'].sort(),
    );
  });

  it('reads key and secret into the key mode, defaulting to production, and GODADDY_ENVIRONMENT=ote picks OTE', () => {
    expect(readEcosystemEnv(godaddyEcosystem, KEY)).toEqual({
      status: 'enabled',
      config: { mode: 'key', config: { apiKey: 'k', apiSecret: 's' }, environment: 'production', baseUrl: 'https://api.godaddy.com' },
    });
    const ote = readEcosystemEnv(godaddyEcosystem, { ...KEY, GODADDY_ENVIRONMENT: 'ote', GODADDY_SHOPPER_ID: '555000111' });
    expect(ote).toMatchObject({ status: 'enabled', config: { environment: 'ote', baseUrl: 'https://api.ote-godaddy.com', config: { shopperId: '555000111' } } });
    expect(ote.status === 'enabled' && createEcosystemClient(godaddyEcosystem, ote.config)).toMatchObject({ environment: 'ote', shopperId: '555000111' });
  });

  it('names each variable at fault', () => {
    const result = readEcosystemEnv(godaddyEcosystem, { GODADDY_API_KEY: 'k', GODADDY_ENVIRONMENT: 'staging', GODADDY_SHOPPER_ID: 'reseller-1' });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.error.problems.map((p) => p.variable).sort()).toEqual(['GODADDY_API_SECRET', 'GODADDY_ENVIRONMENT', 'GODADDY_SHOPPER_ID']);
    expect(result.error.message).toContain('GODADDY_ENVIRONMENT must be one of production, ote (got "staging")');
  });

  it('lets GODADDY_BASE_URL override the environment', () => {
    const result = readEcosystemEnv(godaddyEcosystem, { ...KEY, GODADDY_ENVIRONMENT: 'ote', GODADDY_BASE_URL: 'http://127.0.0.1:9999' });
    expect(result.status === 'enabled' && createEcosystemClient(godaddyEcosystem, result.config).baseUrl).toBe('http://127.0.0.1:9999');
  });

  it('sends "<key>:<secret>" as the key mode\'s credential', async () => {
    const result = readEcosystemEnv(godaddyEcosystem, KEY);
    if (result.status !== 'enabled') throw new Error('expected the key mode to be enabled');
    expect(godaddyEcosystem.authModes.key.credential!(result.config.config)).toBe('k:s');
  });

  it("declares GoDaddy's limit per key and per endpoint: the host keys each endpoint apart, and tenants sharing a key share it", () => {
    expect(godaddyEcosystem.rateLimits).toEqual([expect.objectContaining({ points: 60, durationSeconds: 60, scope: 'credential', perOperation: true })]);
    const [spec] = godaddyEcosystem.rateLimits;
    const owner = (tenantId: string) => ({ ecosystemId: 'godaddy', credential: 'c1', tenantId });
    const records = rateLimitKey(spec!, 0, owner('t1'), 'GET /v1/domains/{domain}/records/{type}');
    expect(rateLimitApplies(spec!, 'GET /v1/domains/{domain}/records/{type}')).toBe(true);
    expect(rateLimitKey(spec!, 0, owner('t2'), 'GET /v1/domains/{domain}/records/{type}')).toBe(records);
    expect(rateLimitKey(spec!, 0, owner('t1'), 'GET /v1/domains/{domain}')).not.toBe(records);
  });

  it('has honest annotations', () => {
    const readOnly = godaddyEcosystem.tools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);
    expect(readOnly.sort()).toEqual([
      'godaddy_check_domain_availability',
      'godaddy_check_domains_availability',
      'godaddy_get_domain',
      'godaddy_get_nameservers',
      'godaddy_list_dns_records',
      'godaddy_list_domains',
      'godaddy_suggest_domains',
    ]);
    const destructive = godaddyEcosystem.tools.filter((t) => t.annotations.destructiveHint).map((t) => t.name);
    expect(destructive.sort()).toEqual([
      'godaddy_delete_dns_records',
      'godaddy_replace_dns_records',
      'godaddy_replace_dns_records_of_type',
      'godaddy_replace_dns_zone',
      'godaddy_update_nameservers',
    ]);
  });
});
