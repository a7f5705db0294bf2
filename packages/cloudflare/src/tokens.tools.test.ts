import { afterEach, describe, expect, it } from '@jest/globals';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { cloudflareEcosystem } from './ecosystem.js';
import { startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
afterEach(() => fake.close());

/** The harness with the fake's token config, changed as a test needs (another token, an account id). */
async function harness(config: (fake: CloudflareFake) => Record<string, string> = () => ({})) {
  fake = await startFake();
  return toolHarness(cloudflareEcosystem, { configs: { token: { ...fake.configs.token, ...config(fake) } } });
}

describe('cloudflare_verify_token with an API token', () => {
  it('verifies a user token at /user/tokens/verify', async () => {
    const { result } = await (await harness()).run('cloudflare_verify_token', {});
    const token = fake.state.tokens.get(fake.apiToken)!;
    expect(result.structuredContent).toEqual({
      valid: true,
      id: token.id,
      status: 'active',
      kind: 'user',
      checked: 'GET /user/tokens/verify',
      message: 'This API Token is valid and active',
    });
    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe('/user/tokens/verify');
    expect(sent.headers.authorization).toBe(`Bearer ${fake.apiToken}`);
  });

  it('verifies a user token even when an account id is configured (the usual setup)', async () => {
    const outcome = await (await harness((f) => ({ accountId: f.accountId }))).run('cloudflare_verify_token', {});
    expect(outcome.status).toBe('ok');
    expect(outcome.result.structuredContent).toMatchObject({ valid: true, kind: 'user' });
    expect(fake.requests.map((r) => r.path)).toEqual(['/user/tokens/verify']);
  });

  it('verifies an account token at /accounts/{id}/tokens/verify after the user endpoint refuses it', async () => {
    const cf = await harness((f) => ({ apiToken: f.accountToken, accountId: f.accountId }));
    const { result } = await cf.run('cloudflare_verify_token', {});
    expect(result.structuredContent).toMatchObject({ valid: true, kind: 'account', accountId: fake.accountId, checked: `GET /accounts/${fake.accountId}/tokens/verify` });
    expect(fake.requests.map((r) => r.path)).toEqual(['/user/tokens/verify', `/accounts/${fake.accountId}/tokens/verify`]);
  });

  it('goes straight to the endpoint a stated kind names', async () => {
    const cf = await harness((f) => ({ apiToken: f.accountToken }));
    const { result } = await cf.run('cloudflare_verify_token', { kind: 'account', accountId: fake.accountId });
    expect(result.structuredContent).toMatchObject({ kind: 'account' });
    expect(fake.requests).toHaveLength(1);
    const wrong = await cf.run('cloudflare_verify_token', { kind: 'user' });
    expect(wrong.error?.message).toMatch(/does not recognise this API token \(tried \/user\/tokens\/verify\)/);
  });

  it('reports a disabled token as not valid rather than failing', async () => {
    const cf = await harness();
    fake.setTokenStatus(fake.apiToken, 'disabled');
    const { result } = await cf.run('cloudflare_verify_token', { kind: 'user' });
    expect(result.structuredContent).toMatchObject({ valid: false, status: 'disabled' });
  });

  it('maps an unknown token to an authentication error (Cloudflare 1000) whose hint does not send the user back to this tool', async () => {
    const cf = await harness((f) => ({ apiToken: 'A'.repeat(40), accountId: f.accountId }));
    const { status, error } = await cf.run('cloudflare_verify_token', {});
    expect(status).toBe('upstream_error');
    expect(error?.message).toMatch(/^Cloudflare does not recognise this API token \(tried \/user\/tokens\/verify and \/accounts\/[0-9a-f]{32}\/tokens\/verify\) \(Cloudflare 1000\): /);
    expect(error?.message).toContain('CLOUDFLARE_ACCOUNT_ID');
    expect(error?.message).not.toContain('cloudflare_verify_token');
    expect(error?.message).not.toContain('A'.repeat(40));
  });

  it('asks for an account id when verifying an account token without one', async () => {
    const { error } = await (await harness()).run('cloudflare_verify_token', { kind: 'account' });
    expect(error?.message).toMatch(/accountId: pass accountId or set CLOUDFLARE_ACCOUNT_ID/);
  });
});

describe('cloudflare_verify_token with an email and Global API Key (legacy)', () => {
  it('checks the pair with GET /user, not the token endpoints, and says so', async () => {
    fake = await startFake();
    const { result } = await toolHarness(cloudflareEcosystem, fake, 'legacy').run('cloudflare_verify_token', { kind: 'user' });
    expect(result.structuredContent).toEqual({
      valid: true,
      id: fake.state.user.id,
      status: 'active',
      kind: 'global-key',
      checked: 'GET /user',
      email: fake.email,
      message: 'Cloudflare accepts the email and Global API Key (GET /user answered with their user)',
    });
    expect(fake.requests.map((r) => r.path)).toEqual(['/user']);
    expect(fake.requests[0]!.headers).toMatchObject({ 'x-auth-email': fake.email, 'x-auth-key': fake.apiKey });
  });

  it('reports a suspended user as not valid', async () => {
    fake = await startFake();
    fake.setUser({ suspended: true });
    const { result } = await toolHarness(cloudflareEcosystem, fake, 'legacy').run('cloudflare_verify_token', {});
    expect(result.structuredContent).toMatchObject({ valid: false, status: 'suspended', kind: 'global-key' });
  });

  it('maps a wrong key (Cloudflare 9103) to an authentication error naming the legacy variables, never the key', async () => {
    fake = await startFake();
    const wrongKey = 'f'.repeat(37);
    const cf = toolHarness(cloudflareEcosystem, { configs: { legacy: { ...fake.configs.legacy, apiKey: wrongKey } } }, 'legacy');
    const { status, error } = await cf.run('cloudflare_verify_token', {});
    expect(status).toBe('upstream_error');
    expect(error?.message).toMatch(/^Cloudflare does not recognise this email and Global API Key \(tried GET \/user\) \(Cloudflare 9103\): /);
    expect(error?.message).toMatch(/CLOUDFLARE_EMAIL.*CLOUDFLARE_API_KEY/);
    expect(error?.message).not.toContain(wrongKey);
  });
});
