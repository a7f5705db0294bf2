import { describe, expect, it } from '@jest/globals';
import { parseEcosystemConfig } from '@enterprise-mcp/core';
import { oauthParty, tokenSetOf } from './protocol.js';
import { ledgerEcosystem } from './testing/index.js';

const NOW = Date.UTC(2026, 11, 2);
const answer = (fields: Record<string, unknown>) => ({ access_token: 'at', token_type: 'bearer' as const, ...fields }) as Parameters<typeof tokenSetOf>[0];

describe('token responses', () => {
  it("reads QuickBooks' extra lifetimes: the rolling refresh expiry and the hard cap", () => {
    const set = tokenSetOf(answer({ expires_in: 3600, refresh_token: 'rt', x_refresh_token_expires_in: 8_726_400, x_refresh_token_hard_expires_in: 156_032_154, scope: 'a b' }), NOW);
    expect(set).toMatchObject({ accessToken: 'at', refreshToken: 'rt', scopes: ['a', 'b'] });
    expect(set.expiresAt).toEqual(new Date(NOW + 3_600_000));
    expect(set.refreshExpiresAt).toEqual(new Date(NOW + 8_726_400_000));
    expect(set.refreshHardExpiresAt).toEqual(new Date(NOW + 156_032_154_000));
  });

  it('keeps the old refresh token and its lifetimes when a refresh sends none (no rotation), but not a rotated-away lifetime', () => {
    const previous = { refreshToken: 'rt-old', refreshExpiresAt: new Date(NOW + 1000), refreshHardExpiresAt: new Date(NOW + 2000), scopes: ['a'] };
    expect(tokenSetOf(answer({ expires_in: 60 }), NOW, previous)).toMatchObject(previous);
    const rotated = tokenSetOf(answer({ refresh_token: 'rt-new', x_refresh_token_hard_expires_in: 0 }), NOW, previous);
    expect(rotated).toMatchObject({ refreshToken: 'rt-new', refreshExpiresAt: undefined, refreshHardExpiresAt: previous.refreshHardExpiresAt });
  });
});

describe('endpoints', () => {
  const resolved = (oauthBaseUrl?: string) => parseEcosystemConfig(ledgerEcosystem, { clientId: 'id', clientSecret: 'secret', ...(oauthBaseUrl ? { oauthBaseUrl } : {}) });

  it('allows plain http only for loopback fakes', () => {
    expect(oauthParty(ledgerEcosystem, resolved()).insecureLoopback).toBe(false);
    expect(oauthParty(ledgerEcosystem, resolved('http://127.0.0.1:4010')).insecureLoopback).toBe(true);
    expect(oauthParty(ledgerEcosystem, resolved('http://oauth.internal:4010')).insecureLoopback).toBe(false);
  });

  it('names the app variables when the client id or secret is missing', () => {
    const incomplete = { ...resolved(), config: { clientId: 'id' } } as ReturnType<typeof resolved>;
    expect(() => oauthParty(ledgerEcosystem, incomplete)).toThrow(/LEDGER_CLIENT_ID and LEDGER_CLIENT_SECRET are required/);
  });
});
