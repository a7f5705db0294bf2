import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ecosystemVariables, rateLimitApplies, readEcosystemEnv } from '@enterprise-mcp/core';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { CLOUDFLARE_API_BASE_URL } from './client.js';
import { cloudflareEcosystem } from './ecosystem.js';
import { startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());

describe('cloudflareEcosystem auth modes', () => {
  it('reaches the fake with an API token as Authorization: Bearer (token mode)', async () => {
    const outcome = await toolHarness(cloudflareEcosystem, fake, 'token').run('cloudflare_get_zone', { zone: 'example.com' });
    expect(outcome.status).toBe('ok');
    const sent = fake.requests.at(-1)!.headers;
    expect(sent.authorization).toBe(`Bearer ${fake.apiToken}`);
    expect(sent['x-auth-key']).toBeUndefined();
  });

  it('reaches the fake with X-Auth-Email and X-Auth-Key (legacy mode)', async () => {
    const outcome = await toolHarness(cloudflareEcosystem, fake, 'legacy').run('cloudflare_get_zone', { zone: 'example.com' });
    expect(outcome.status).toBe('ok');
    const sent = fake.requests.at(-1)!.headers;
    expect(sent).toMatchObject({ 'x-auth-email': fake.email, 'x-auth-key': fake.apiKey });
    expect(sent.authorization).toBeUndefined();
  });

  it('is refused with Cloudflare 9103 for a wrong email in legacy mode', async () => {
    const configs = { legacy: { ...fake.configs.legacy, email: 'someone@example.net' } };
    const outcome = await toolHarness(cloudflareEcosystem, { configs }, 'legacy').run('cloudflare_list_zones', {});
    expect(outcome.status).toBe('upstream_error');
    expect(outcome.error?.message).toMatch(/^Unknown X-Auth-Key or X-Auth-Email \(Cloudflare 9103\): check that CLOUDFLARE_EMAIL/);
  });
});

describe('cloudflareEcosystem configuration', () => {
  it('reads the token mode from CLOUDFLARE_API_TOKEN and is disabled without credentials', () => {
    expect(readEcosystemEnv(cloudflareEcosystem, {})).toMatchObject({ status: 'disabled' });
    const enabled = readEcosystemEnv(cloudflareEcosystem, { CLOUDFLARE_API_TOKEN: fake.apiToken, CLOUDFLARE_ACCOUNT_ID: fake.accountId });
    expect(enabled).toEqual({
      status: 'enabled',
      config: { mode: 'token', config: { apiToken: fake.apiToken, accountId: fake.accountId }, environment: 'production', baseUrl: CLOUDFLARE_API_BASE_URL },
    });
  });

  it('reads the legacy mode from CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY, and a base URL override', () => {
    const enabled = readEcosystemEnv(cloudflareEcosystem, { CLOUDFLARE_EMAIL: fake.email, CLOUDFLARE_API_KEY: fake.apiKey, CLOUDFLARE_BASE_URL: fake.url });
    expect(enabled).toEqual({
      status: 'enabled',
      config: { mode: 'legacy', config: { email: fake.email, apiKey: fake.apiKey }, environment: 'production', baseUrl: fake.url },
    });
  });

  it('names each bad or missing variable of the chosen mode', () => {
    const token = readEcosystemEnv(cloudflareEcosystem, { CLOUDFLARE_ACCOUNT_ID: 'acct' });
    expect(token.status === 'invalid' && token.error.message).toMatch(
      /CLOUDFLARE_API_TOKEN is required.*CLOUDFLARE_ACCOUNT_ID must be the 32-character hex account id/,
    );
    const legacy = readEcosystemEnv(cloudflareEcosystem, { CLOUDFLARE_AUTH_MODE: 'legacy', CLOUDFLARE_EMAIL: 'not-an-email' });
    expect(legacy.status === 'invalid' && legacy.error.message).toMatch(/CLOUDFLARE_EMAIL must be the email address.*CLOUDFLARE_API_KEY is required/);
  });

  it('keeps the variable names of before and adds the contract ones', () => {
    expect(ecosystemVariables(cloudflareEcosystem).sort()).toEqual(
      ['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_AUTH_MODE', 'CLOUDFLARE_BASE_URL', 'CLOUDFLARE_EMAIL'].sort(),
    );
  });
});

describe('cloudflareEcosystem rate limits', () => {
  it('publishes 1,200 requests per 5 minutes per credential, for every call', () => {
    const [general] = cloudflareEcosystem.rateLimits;
    expect(general).toMatchObject({ points: 1200, durationSeconds: 300, scope: 'credential' });
    expect(rateLimitApplies(general!, 'GET /zones/{zone_id}')).toBe(true);
  });

  it('gives cache purges a budget of their own: the Free plan 5 a minute per credential', () => {
    const purge = cloudflareEcosystem.rateLimits[1]!;
    expect(purge).toMatchObject({ points: 5, durationSeconds: 60, scope: 'credential', perOperation: true });
    expect(rateLimitApplies(purge, 'POST /zones/{zone_id}/purge_cache')).toBe(true);
    expect(rateLimitApplies(purge, 'GET /zones/{zone_id}')).toBe(false);
    expect(rateLimitApplies(purge, 'POST /zones/{zone_id}/dns_records')).toBe(false);
  });
});
