import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { addMembership, createUser, OidcLogin } from '@enterprise-mcp/authorization';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { createTenant } from '@enterprise-mcp/tenancy';
import { createConsole, MemoryApprovalQueue } from './index.js';

const ORIGIN = 'https://console.test';

/** Console sign-in through an external OIDC provider (a local one: discovery, JWKS, a token endpoint issuing ID tokens). */
describe('console sign-in through the OIDC provider', () => {
  let t: TestDatabase;
  let idp: Server;
  let issuer = '';
  let key: CryptoKey;
  let app: Hono;
  const codes = new Map<string, { nonce: string; sub: string; email: string; emailVerified: boolean }>();

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
        const grant = codes.get(new URLSearchParams(body).get('code') ?? '');
        if (!grant) return json({ error: 'invalid_grant' }, 400);
        const idToken = await new SignJWT({ nonce: grant.nonce, email: grant.email, email_verified: grant.emailVerified })
          .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
          .setIssuer(issuer)
          .setSubject(grant.sub)
          .setAudience('console-at-idp')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key);
        return json({ access_token: 'idp-access', token_type: 'Bearer', expires_in: 300, id_token: idToken });
      }
      json({ error: 'not_found' }, 404);
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    await createTenant(t.db.prisma, { slug: 'sso', name: 'SSO Co' });
    for (const email of ['ops@sso.example', 'norole@sso.example']) await createUser(t.db.prisma, { email });
    await addMembership(t.db.prisma, { user: 'ops@sso.example', tenant: 'sso', role: 'admin' });
    const console = createConsole({
      prisma: t.db.prisma,
      sessionSecret: 'y'.repeat(32),
      secureCookies: () => true,
      publicOrigin: () => ORIGIN,
      tools: () => [],
      callTool: async () => ({ content: [] }),
      approvals: new MemoryApprovalQueue(),
      oidc: new OidcLogin({ issuer, clientId: 'console-at-idp', label: 'Sign in with Example SSO', allowHttp: true }),
    });
    app = new Hono().route('/console', console);
  });
  afterAll(async () => {
    await new Promise((resolve) => idp.close(resolve));
    await t.cleanup();
  });

  /** The button followed to the provider, and the provider's answer for this person; `state` overrides the one sent back. */
  async function roundTrip(person: { sub: string; email: string; emailVerified: boolean }, state?: string) {
    const page = await (await app.request(`${ORIGIN}/console/login`)).text();
    expect(page).toContain('href="/console/login/oidc">Sign in with Example SSO</a>');
    const start = await app.request(`${ORIGIN}/console/login/oidc`);
    expect(start.status).toBe(302);
    const atIdp = new URL(start.headers.get('location')!);
    expect(atIdp.origin).toBe(issuer);
    expect(atIdp.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/console/login/oidc/callback`);
    expect(atIdp.searchParams.get('code_challenge_method')).toBe('S256');
    const flow = start.headers.get('set-cookie')!;
    expect(flow).toMatch(/SameSite=Lax/);
    const code = `code-${person.sub}`;
    codes.set(code, { nonce: atIdp.searchParams.get('nonce')!, ...person });
    return app.request(`${ORIGIN}/console/login/oidc/callback?code=${code}&state=${state ?? atIdp.searchParams.get('state')}`, { headers: { cookie: flow.split(';')[0]! } });
  }

  it('signs in a user whose verified email matches, into a working console session', async () => {
    const done = await roundTrip({ sub: 'idp-ops', email: 'ops@sso.example', emailVerified: true });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/console/tenants');
    const session = done.headers.get('set-cookie')!.split(/,\s*(?=\w+=)/).find((c) => c.startsWith('emcp_console='))!.split(';')[0]!;
    const tenants = await app.request(`${ORIGIN}/console/tenants`, { headers: { cookie: session } });
    expect(tenants.status).toBe(200);
    expect(await tenants.text()).toContain('ops@sso.example');
  });

  it('refuses a wrong state, an unverified email, a stranger and a user without a role', async () => {
    expect((await roundTrip({ sub: 'idp-x', email: 'ops@sso.example', emailVerified: true }, 'forged')).status).toBe(403);
    expect((await roundTrip({ sub: 'idp-y', email: 'norole@sso.example', emailVerified: false })).status).toBe(403);
    expect((await roundTrip({ sub: 'idp-z', email: 'nobody@sso.example', emailVerified: true })).status).toBe(403);
    const norole = await roundTrip({ sub: 'idp-n', email: 'norole@sso.example', emailVerified: true });
    expect(norole.status).toBe(403);
    expect(await norole.text()).toContain('no role in any tenant');
    expect(norole.headers.get('set-cookie') ?? '').not.toMatch(/emcp_console=[^;]/);
  });

  it('refuses a callback without the flow cookie', async () => {
    const res = await app.request(`${ORIGIN}/console/login/oidc/callback?code=x&state=y`);
    expect(res.status).toBe(400);
  });
});
