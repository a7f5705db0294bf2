import { afterEach, describe, expect, it } from '@jest/globals';
import { startHarness, textOf, type Harness } from './test-harness.js';
import { verifyToken } from './tokens.tools.js';

let h: Harness;
afterEach(() => h?.close());

describe('cloudflare_verify_token', () => {
  it('verifies a user token at /user/tokens/verify', async () => {
    h = await startHarness();
    const result = await h.call(verifyToken, {});
    const token = h.fake.state.tokens.get(h.fake.apiToken)!;
    expect(result.structuredContent).toEqual({
      valid: true,
      id: token.id,
      status: 'active',
      kind: 'user',
      message: 'This API Token is valid and active',
    });
    const sent = h.fake.requests.at(-1)!;
    expect(sent.path).toBe('/user/tokens/verify');
    expect(sent.headers.authorization).toBe(`Bearer ${h.fake.apiToken}`);
  });

  it('verifies an account token at /accounts/{id}/tokens/verify, using the configured account id', async () => {
    h = await startHarness({ client: (fake) => ({ apiToken: fake.accountToken, accountId: fake.accountId }) });
    const result = await h.call(verifyToken, {});
    expect(result.structuredContent).toMatchObject({ valid: true, kind: 'account', accountId: h.fake.accountId });
    expect(h.fake.requests.at(-1)!.path).toBe(`/accounts/${h.fake.accountId}/tokens/verify`);
  });

  it('reports a disabled token as not valid rather than failing', async () => {
    h = await startHarness();
    h.fake.setTokenStatus(h.fake.apiToken, 'disabled');
    const result = await h.call(verifyToken, { kind: 'user' });
    expect(result.structuredContent).toMatchObject({ valid: false, status: 'disabled' });
  });

  it('maps an unknown token to an authentication error (Cloudflare 1000)', async () => {
    h = await startHarness({ client: { apiToken: 'A'.repeat(40) } });
    const result = await h.call(verifyToken, {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Invalid API Token \(Cloudflare 1000\): check that CLOUDFLARE_API_TOKEN/);
    expect(textOf(result)).not.toContain('A'.repeat(40));
  });

  it('asks for an account id when verifying an account token without one', async () => {
    h = await startHarness();
    const result = await h.call(verifyToken, { kind: 'account' });
    expect(textOf(result)).toMatch(/accountId: pass accountId or set CLOUDFLARE_ACCOUNT_ID/);
  });
});
