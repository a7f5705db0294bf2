import { readEcosystemEnv } from '@enterprise-mcp/core';
import { describe, expect, it } from '@jest/globals';
import { GoDaddyClient } from './client.js';
import { godaddyEcosystem } from './ecosystem.js';

describe('godaddyEcosystem', () => {
  it('is disabled when no variable is set', () => {
    expect(readEcosystemEnv(godaddyEcosystem, {}).status).toBe('disabled');
  });

  it('reads key, secret and environment, defaulting to production', () => {
    expect(readEcosystemEnv(godaddyEcosystem, { GODADDY_API_KEY: 'k', GODADDY_API_SECRET: 's' })).toEqual({
      status: 'enabled',
      config: { apiKey: 'k', apiSecret: 's', environment: 'production' },
    });
    const ote = readEcosystemEnv(godaddyEcosystem, { GODADDY_API_KEY: 'k', GODADDY_API_SECRET: 's', GODADDY_ENVIRONMENT: 'ote' });
    expect(ote.status === 'enabled' && godaddyEcosystem.createClient(ote.config).baseUrl).toBe('https://api.ote-godaddy.com');
  });

  it('names each variable at fault', () => {
    const result = readEcosystemEnv(godaddyEcosystem, { GODADDY_API_KEY: 'k', GODADDY_ENVIRONMENT: 'staging' });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.error.problems.map((p) => p.variable).sort()).toEqual(['GODADDY_API_SECRET', 'GODADDY_ENVIRONMENT']);
  });

  it('lets GODADDY_BASE_URL override the environment', () => {
    const result = readEcosystemEnv(godaddyEcosystem, {
      GODADDY_API_KEY: 'k',
      GODADDY_API_SECRET: 's',
      GODADDY_BASE_URL: 'http://127.0.0.1:9999',
    });
    expect(result.status === 'enabled' && (godaddyEcosystem.createClient(result.config) as GoDaddyClient).baseUrl).toBe(
      'http://127.0.0.1:9999',
    );
  });

  it('declares GoDaddy\'s per-endpoint limit and honest annotations', () => {
    expect(godaddyEcosystem.rateLimits).toEqual([expect.objectContaining({ points: 60, durationSeconds: 60, scope: 'endpoint' })]);
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
