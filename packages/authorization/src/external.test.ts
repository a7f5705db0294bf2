import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { createTenant, suspendTenant } from '@enterprise-mcp/tenancy';
import { createAuthorization, type Authorization } from './authorization.js';

const ISSUER = 'https://idp.example.com/realms/acme';
const PUBLIC_URL = 'https://mcp.example.com';

/** AUTH_MODE=external: an external authorization server's JWTs, verified against its (here local) JWKS. */
describe('an external authorization server', () => {
  let t: TestDatabase;
  let authz: Authorization;
  let key: CryptoKey;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    t = await openTestDatabase();
    await createTenant(t.db.prisma, { slug: 'acme', name: 'Acme' });
    await createTenant(t.db.prisma, { slug: 'paused', name: 'Paused' });
    await suspendTenant(t.db.prisma, 'paused');
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    authz = createAuthorization({
      prisma: t.db.prisma,
      publicUrl: () => PUBLIC_URL,
      external: { issuer: ISSUER, keys: createLocalJWKSet({ keys: [jwk] }), scopeMap: { 'mcp.admin': 'mcp:write' } },
    });
  });
  afterAll(() => t?.cleanup());

  const token = (claims: JWTPayload, options: { signWith?: CryptoKey; expiresIn?: string } = {}) =>
    new SignJWT({ sub: 'user-7', tenant: 'acme', scope: 'mcp:read', client_id: 'claude', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
      .setAudience((claims.aud as string) ?? `${PUBLIC_URL}/mcp`)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.signWith ?? key);

  it('maps a valid token to its tenant, user, client and scopes', async () => {
    const result = await authz.verifier.verify(await token({ scope: 'mcp:read mcp.admin' }));
    expect(result).toMatchObject({ ok: true, principal: { tenant: { slug: 'acme' }, userId: 'user-7', clientId: 'claude', scopes: ['mcp:read', 'mcp:write'] } });
  });

  it('reads Entra/Okta-style `scp` lists too', async () => {
    const result = await authz.verifier.verify(await token({ scope: undefined, scp: ['mcp:read'] }));
    expect(result).toMatchObject({ ok: true, principal: { scopes: ['mcp:read'] } });
  });

  it('refuses a token for another audience, from another issuer, signed by another key, or expired', async () => {
    expect(await authz.verifier.verify(await token({ aud: 'https://other.example.com/mcp' }))).toEqual({ ok: false, reason: 'wrong_audience' });
    expect(await authz.verifier.verify(await token({ iss: 'https://evil.example.com' }))).toEqual({ ok: false, reason: 'wrong_audience' });
    expect(await authz.verifier.verify(await token({}, { signWith: otherKey }))).toEqual({ ok: false, reason: 'unknown' });
    expect(await authz.verifier.verify(await token({}, { expiresIn: '-2m' }))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tokens whose tenant is unknown, missing or suspended', async () => {
    expect(await authz.verifier.verify(await token({ tenant: 'nobody' }))).toEqual({ ok: false, reason: 'unknown_tenant' });
    expect(await authz.verifier.verify(await token({ tenant: undefined }))).toEqual({ ok: false, reason: 'unknown_tenant' });
    expect(await authz.verifier.verify(await token({ tenant: 'paused' }))).toEqual({ ok: false, reason: 'tenant_suspended' });
  });

  it('names the external issuer in the protected-resource metadata and serves no authorization endpoints itself', async () => {
    const prm = await (await authz.routes.request('/.well-known/oauth-protected-resource/mcp')).json();
    expect(prm).toMatchObject({ resource: `${PUBLIC_URL}/mcp`, authorization_servers: [ISSUER] });
    expect((await authz.routes.request('/.well-known/oauth-authorization-server')).status).toBe(404);
    expect((await authz.routes.request('/token', { method: 'POST' })).status).toBe(404);
    expect(authz.challenge({ error: 'invalid_token' })).toBe(`Bearer error="invalid_token", scope="mcp:read mcp:write", resource_metadata="${PUBLIC_URL}/.well-known/oauth-protected-resource/mcp"`);
  });
});
