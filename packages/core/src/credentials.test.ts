import { describe, expect, it } from '@jest/globals';
import { refreshingToken, staticToken, tokenProviderOf, type AccessToken } from './credentials.js';

/** A token endpoint that counts its calls and answers when told to. */
function tokenEndpoint(lifetimeMs = 3_600_000, clock = { now: 0 }) {
  const calls: Array<(token?: AccessToken) => void> = [];
  let issued = 0;
  const fetchToken = () =>
    new Promise<AccessToken>((resolve) => {
      calls.push((token) => resolve(token ?? { value: `token-${++issued}`, expiresAt: new Date(clock.now + lifetimeMs) }));
    });
  return { fetchToken, calls, answer: (index = calls.length - 1) => calls[index]!() };
}

describe('token providers', () => {
  it('a string is a static token that cannot be refreshed', async () => {
    const provider = tokenProviderOf('pit-123');
    expect(await provider.getToken()).toBe('pit-123');
    expect(provider.invalidate('pit-123')).toBe(false);
    expect(await staticToken('k').getToken()).toBe('k');
  });

  it('shares one fetch among concurrent callers and caches the token until its expiry margin', async () => {
    const clock = { now: 0 };
    const endpoint = tokenEndpoint(3_600_000, clock);
    const provider = refreshingToken(endpoint.fetchToken, { now: () => clock.now, refreshMarginMs: 60_000 });
    const waiting = Promise.all([provider.getToken(), provider.getToken(), provider.getToken()]);
    await Promise.resolve();
    expect(endpoint.calls).toHaveLength(1);
    endpoint.answer();
    expect(await waiting).toEqual(['token-1', 'token-1', 'token-1']);

    clock.now = 3_600_000 - 60_001;
    expect(await provider.getToken()).toBe('token-1');
    clock.now = 3_600_000 - 59_999;
    const renewed = provider.getToken();
    await Promise.resolve();
    expect(endpoint.calls).toHaveLength(2);
    endpoint.answer();
    expect(await renewed).toBe('token-2');
  });

  it('refreshes exactly once when many calls report the same rejected token', async () => {
    const clock = { now: 0 };
    const endpoint = tokenEndpoint(3_600_000, clock);
    const provider = refreshingToken(endpoint.fetchToken, { now: () => clock.now });
    const first = provider.getToken();
    endpoint.answer();
    const token = await first;
    for (let i = 0; i < 5; i++) expect(provider.invalidate(token)).toBe(true);
    const again = Promise.all([provider.getToken(), provider.getToken()]);
    await Promise.resolve();
    expect(endpoint.calls).toHaveLength(2);
    endpoint.answer();
    expect(await again).toEqual(['token-2', 'token-2']);
    // A late 401 for the old token does not throw away the new one.
    provider.invalidate(token);
    expect(await provider.getToken()).toBe('token-2');
    expect(endpoint.calls).toHaveLength(2);
  });

  it('lets an aborted caller stop waiting while the shared fetch completes for the others', async () => {
    const endpoint = tokenEndpoint();
    const provider = refreshingToken(endpoint.fetchToken);
    const controller = new AbortController();
    const abandoned = provider.getToken({ signal: controller.signal });
    const patient = provider.getToken();
    controller.abort(new Error('client went away'));
    await expect(abandoned).rejects.toThrow('client went away');
    endpoint.answer();
    expect(await patient).toBe('token-1');
    await expect(provider.getToken({ signal: controller.signal })).rejects.toThrow('client went away');
  });

  it("hands the fetch the request of the caller that started it, for its log lines", async () => {
    const seen: Array<AbortSignal | undefined> = [];
    const provider = refreshingToken(async (request) => {
      seen.push(request.signal);
      return { value: 'token-1' };
    });
    const [first, second] = [new AbortController(), new AbortController()];
    expect(await Promise.all([provider.getToken({ signal: first.signal }), provider.getToken({ signal: second.signal })])).toEqual(['token-1', 'token-1']);
    expect(seen).toEqual([first.signal]);
  });

  it('passes a failed fetch to every waiting caller and tries again on the next call', async () => {
    let attempt = 0;
    const provider = refreshingToken(async () => {
      attempt++;
      if (attempt === 1) throw new Error('invalid_grant');
      return { value: 'recovered' };
    });
    await expect(Promise.all([provider.getToken(), provider.getToken()])).rejects.toThrow('invalid_grant');
    expect(attempt).toBe(1);
    expect(await provider.getToken()).toBe('recovered');
  });
});
