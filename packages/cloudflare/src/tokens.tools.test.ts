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

  it('verifies a user token even when an account id is configured (the usual setup)', async () => {
    h = await startHarness({ client: (fake) => ({ accountId: fake.accountId }) });
    const result = await h.call(verifyToken, {});
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ valid: true, kind: 'user' });
    expect(h.fake.requests.map((r) => r.path)).toEqual(['/user/tokens/verify']);
  });

  it('verifies an account token at /accounts/{id}/tokens/verify after the user endpoint refuses it', async () => {
    h = await startHarness({ client: (fake) => ({ apiToken: fake.accountToken, accountId: fake.accountId }) });
    const result = await h.call(verifyToken, {});
    expect(result.structuredContent).toMatchObject({ valid: true, kind: 'account', accountId: h.fake.accountId });
    expect(h.fake.requests.map((r) => r.path)).toEqual(['/user/tokens/verify', `/accounts/${h.fake.accountId}/tokens/verify`]);
  });

  it('goes straight to the endpoint a stated kind names', async () => {
    h = await startHarness({ client: (fake) => ({ apiToken: fake.accountToken }) });
    const result = await h.call(verifyToken, { kind: 'account', accountId: h.fake.accountId });
    expect(result.structuredContent).toMatchObject({ kind: 'account' });
    expect(h.fake.requests).toHaveLength(1);
    const wrong = await h.call(verifyToken, { kind: 'user' });
    expect(textOf(wrong)).toMatch(/does not recognise this API token \(tried \/user\/tokens\/verify\)/);
  });

  it('reports a disabled token as not valid rather than failing', async () => {
    h = await startHarness();
    h.fake.setTokenStatus(h.fake.apiToken, 'disabled');
    const result = await h.call(verifyToken, { kind: 'user' });
    expect(result.structuredContent).toMatchObject({ valid: false, status: 'disabled' });
  });

  it('maps an unknown token to an authentication error (Cloudflare 1000) whose hint does not send the user back to this tool', async () => {
    h = await startHarness({ client: (fake) => ({ apiToken: 'A'.repeat(40), accountId: fake.accountId }) });
    const result = await h.call(verifyToken, {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Cloudflare does not recognise this API token \(tried \/user\/tokens\/verify and \/accounts\/[0-9a-f]{32}\/tokens\/verify\) \(Cloudflare 1000\): /);
    expect(textOf(result)).toContain('CLOUDFLARE_ACCOUNT_ID');
    expect(textOf(result)).not.toContain('cloudflare_verify_token');
    expect(textOf(result)).not.toContain('A'.repeat(40));
  });

  it('asks for an account id when verifying an account token without one', async () => {
    h = await startHarness();
    const result = await h.call(verifyToken, { kind: 'account' });
    expect(textOf(result)).toMatch(/accountId: pass accountId or set CLOUDFLARE_ACCOUNT_ID/);
  });
});
