import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { createTenant } from '@enterprise-mcp/tenancy';
import { createAuthorization, type Authorization } from './authorization.js';
import { addMembership, createUser } from './users.js';

const PUBLIC_URL = 'https://mcp.example.com';
const REDIRECT = 'http://127.0.0.1:9/cb';

/** Sign-in through an external OIDC provider (a local one: discovery, JWKS, token endpoint issuing ID tokens). */
describe('external OIDC login', () => {
  let t: TestDatabase;
  let idp: Server;
  let issuer = '';
  let key: CryptoKey;
  const codes = new Map<string, { nonce: string; sub: string; email: string; emailVerified: boolean }>();
  const tokenRequests: URLSearchParams[] = [];
  let authz: Authorization;
  let clientId = '';

  beforeAll(async () => {
    t = await openTestDatabase();
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    idp = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', issuer);
      const json = (body: unknown, status = 200) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        return json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['ES256'] });
      }
      if (url.pathname === '/jwks') return json({ keys: [jwk] });
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const grant = codes.get(form.get('code') ?? '');
        if (!grant || form.get('client_secret') !== 'idp-secret') return json({ error: 'invalid_grant' }, 400);
        const idToken = await new SignJWT({ nonce: grant.nonce, email: grant.email, email_verified: grant.emailVerified })
          .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
          .setIssuer(issuer)
          .setSubject(grant.sub)
          .setAudience('emcp-at-idp')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key);
        return json({ access_token: 'idp-access', token_type: 'Bearer', expires_in: 300, id_token: idToken });
      }
      json({ error: 'not_found' }, 404);
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    const tenant = await createTenant(t.db.prisma, { slug: 'sso', name: 'SSO Co' });
    await createUser(t.db.prisma, { email: 'sam@sso.example' });
    await addMembership(t.db.prisma, { user: 'sam@sso.example', tenant: tenant.id, role: 'member' });
    authz = createAuthorization({
      prisma: t.db.prisma,
      publicUrl: () => PUBLIC_URL,
      embedded: { oidc: { issuer, clientId: 'emcp-at-idp', clientSecret: 'idp-secret', label: 'Sign in with Example SSO', allowHttp: true } },
    });
    const registered = await authz.routes.request('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'SSO app', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }) });
    clientId = ((await registered.json()) as { client_id: string }).client_id;
  });
  afterAll(async () => {
    await new Promise((resolve) => idp.close(resolve));
    await t.cleanup();
  });

  /** The login page, its SSO button followed to the provider, and the provider's answer for this person. */
  async function ssoRoundTrip(person: { sub: string; email: string; emailVerified: boolean }) {
    const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: 'c'.repeat(43), code_challenge_method: 'S256', state: 'st' });
    const login = await authz.routes.request(`/authorize?${params}`);
    const page = await login.text();
    expect(page).toContain('Sign in with Example SSO');
    const cookies = [login.headers.get('set-cookie')!.split(';')[0]!];
    const button = /href="([^"]*\/authorize\/oidc\?[^"]+)"/.exec(page)![1]!.replace(/&#38;/g, '&');
    const start = await authz.routes.request(button);
    expect(start.status).toBe(302);
    const atIdp = new URL(start.headers.get('location')!);
    expect(atIdp.origin).toBe(issuer);
    expect(atIdp.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/authorize/oidc/callback`);
    expect(atIdp.searchParams.get('code_challenge_method')).toBe('S256');
    cookies.push(start.headers.get('set-cookie')!.split(';')[0]!);
    const code = `code-${person.sub}`;
    codes.set(code, { nonce: atIdp.searchParams.get('nonce')!, ...person });
    return authz.routes.request(`/authorize/oidc/callback?code=${code}&state=${atIdp.searchParams.get('state')}`, { headers: { cookie: cookies.join('; ') } });
  }

  it('signs in with a verified email, links the user to the provider subject, and shows the consent page', async () => {
    const consent = await ssoRoundTrip({ sub: 'idp-user-1', email: 'SAM@sso.example', emailVerified: true });
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain('Signed in as <strong>sam@sso.example</strong>');
    expect(tokenRequests.at(-1)?.get('code_verifier')).toMatch(/^[\w-]{43,}$/);
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'sam@sso.example' } });
    expect([user.externalIssuer, user.externalSubject]).toEqual([issuer, 'idp-user-1']);
  });

  it('refuses an unverified email and a person with no user here', async () => {
    expect((await ssoRoundTrip({ sub: 'idp-user-2', email: 'sam@sso.example', emailVerified: false })).status).toBe(403);
    const stranger = await ssoRoundTrip({ sub: 'idp-user-3', email: 'nobody@sso.example', emailVerified: true });
    expect(stranger.status).toBe(403);
    expect(await stranger.text()).toContain('no account here matches it');
  });
});
