import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { queryAudit } from '@enterprise-mcp/audit';
import type { CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { postMcp } from '../../test/support/harness.js';
import {
  CLIENT_DOCUMENT_PATH,
  OAUTH_PASSWORD as PASSWORD,
  OAUTH_REDIRECT as REDIRECT,
  signInAndConsent,
  startOAuthTestServer,
  TestOAuthProvider,
  type OAuthTestServer,
} from '../../test/support/oauth.js';
import type { StartedServer } from '../server.js';

const LIST_ZONES = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'cloudflare_list_zones', arguments: {} } };

/**
 * The whole MCP authorization dance against the real server: the SDK v1
 * client discovers the metadata, registers (by client ID metadata document
 * and by DCR), runs PKCE, gets tokens, calls a tool, refreshes and is revoked.
 * authorization-v2.test.ts runs the same dance with the SDK v2 client.
 */
describe('MCP authorization with the embedded authorization server', () => {
  let setup: OAuthTestServer;
  let fakeA: CloudflareFake;
  let fakeB: CloudflareFake;
  let documents: OAuthTestServer['documents'];
  let server: StartedServer;
  let log: OAuthTestServer['log'];
  let tenants: OAuthTestServer['tenants'];
  let apiKey = '';

  beforeAll(async () => {
    setup = await startOAuthTestServer();
    ({ server, documents, log, tenants, apiKey } = setup);
    ({ a: fakeA, b: fakeB } = setup.fakes);
  }, 60_000);

  afterAll(async () => {
    await setup?.close();
  });

  /** The SDK's connect: 401, discovery, registration, the authorization URL; a person signs in; the code is exchanged. */
  async function authorize(provider: TestOAuthProvider, person: { email: string; tenantId?: string } = { email: 'ana@a.example' }) {
    const first = new StreamableHTTPClientTransport(new URL(server.mcpUrl), { authProvider: provider });
    await expect(new Client({ name: 'oauth-test', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl).toBeDefined();
    const signedIn = await signInAndConsent(provider.authorizationUrl!, { ...person, password: PASSWORD });
    expect(signedIn.location.origin + signedIn.location.pathname).toBe(REDIRECT);
    const code = signedIn.location.searchParams.get('code');
    expect(signedIn.location.searchParams.get('iss')).toBe(server.url);
    expect(signedIn.location.searchParams.get('state')).toBe(provider.authorizationUrl!.searchParams.get('state'));
    await first.finishAuth(code!);
    return signedIn;
  }

  async function connected(provider: TestOAuthProvider): Promise<Client> {
    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl), { authProvider: provider }));
    return client;
  }

  it('publishes RFC 9728 and RFC 8414 metadata, and answers /mcp without a token with an absolute challenge', async () => {
    const prm = await (await fetch(`${server.url}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(prm).toEqual({
      resource: server.mcpUrl,
      authorization_servers: [server.url],
      scopes_supported: ['mcp:read', 'mcp:write'],
      bearer_methods_supported: ['header'],
      resource_name: 'Enterprise MCP Server',
    });
    expect(await (await fetch(`${server.url}/.well-known/oauth-protected-resource`)).json()).toEqual(prm);
    const as = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(as).toMatchObject({
      issuer: server.url,
      code_challenge_methods_supported: ['S256'],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
      registration_endpoint: `${server.url}/register`,
    });
    expect(as['token_endpoint_auth_methods_supported']).toContain('none');
    // The Host header names another (allowed) name: the challenge still names the configured URL.
    const port = new URL(server.url).port;
    const challenge = await postMcp(server.mcpUrl, LIST_ZONES, { host: `localhost:${port}` });
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toContain(`resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp"`);
    expect(challenge.headers.get('www-authenticate')).toContain('scope="mcp:read mcp:write"');
  });

  it('runs the whole dance with a client ID metadata document: PKCE, token, tool call, refresh, revocation; the audit row names user and client', async () => {
    const clientId = setup.documentClientId;
    const provider = new TestOAuthProvider(REDIRECT, clientId);
    const signedIn = await authorize(provider);
    expect(provider.clientInformation()).toMatchObject({ client_id: clientId });
    expect(signedIn.consentPage).toContain('Metadata Document Client');
    expect(signedIn.consentPage).toContain('Tenant A');
    expect(documents.requests).toContain(CLIENT_DOCUMENT_PATH);

    const client = await connected(provider);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('cloudflare_create_dns_record');
    expect((await client.callTool({ name: 'cloudflare_list_zones', arguments: {} })).isError).toBeFalsy();
    await client.close();
    expect(fakeA.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${fakeA.apiToken}`);
    const first = provider.tokens()!;
    expect(fakeA.requests.some((r) => JSON.stringify(r.headers).includes(first.access_token))).toBe(false);

    await server.dataPlane.audit.flush();
    const [row] = await queryAudit(server.dataPlane.db.prisma, { tenantId: tenants.a, toolName: 'cloudflare_list_zones', limit: 1 });
    const ana = await server.dataPlane.db.prisma.user.findUniqueOrThrow({ where: { email: 'ana@a.example' } });
    expect(row).toMatchObject({ apiKeyId: null, userId: ana.id, oauthClientId: clientId, status: 'ok' });

    // Refresh (rotation): new tokens; the spent refresh token no longer works.
    expect(await auth(provider, { serverUrl: new URL(server.mcpUrl) })).toBe('AUTHORIZED');
    const second = provider.tokens()!;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await postMcp(server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${second.access_token}` })).status).toBe(200);

    // Revocation of the refresh token ends the grant: its access tokens stop working at once.
    const revoked = await fetch(`${server.url}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: second.refresh_token!, client_id: clientId }).toString(),
    });
    expect(revoked.status).toBe(200);
    const after = await postMcp(server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${second.access_token}` });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  }, 60_000);

  it('registers an older client by DCR without null fields, and the SDK completes the same dance', async () => {
    const provider = new TestOAuthProvider(REDIRECT, undefined, 'DCR Client');
    await authorize(provider);
    const info = provider.clientInformation() as Record<string, unknown>;
    expect(info['client_id']).toMatch(/^emcp_client_/);
    expect(Object.values(info).includes(null)).toBe(false);
    expect(info).toMatchObject({ client_name: 'DCR Client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' });
    const client = await connected(provider);
    expect((await client.callTool({ name: 'cloudflare_list_zones', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it('keeps API keys working beside OAuth', async () => {
    const response = await postMcp(server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${apiKey}` });
    expect(response.status).toBe(200);
  });

  describe('refuses', () => {
    let clientId = '';
    const verifier = 'a'.repeat(50);
    const challenge = (async () => {
      const { createHash } = await import('node:crypto');
      return createHash('sha256').update(verifier).digest('base64url');
    })();

    beforeAll(async () => {
      const registered = await fetch(`${server.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Raw client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', logo_uri: null }),
      });
      expect(registered.status).toBe(201);
      clientId = ((await registered.json()) as { client_id: string }).client_id;
    });

    const authorizeUrl = async (extra: Record<string, string> = {}) =>
      new URL(
        `${server.url}/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: await challenge, code_challenge_method: 'S256', state: 's1', resource: server.mcpUrl, ...extra })}`,
      );
    const codeFor = async (email: string, extra: Record<string, string> = {}) => {
      const result = await signInAndConsent(await authorizeUrl(extra), { email, password: PASSWORD });
      return result.location.searchParams.get('code')!;
    };
    const redeem = (code: string) =>
      fetch(`${server.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: REDIRECT, resource: server.mcpUrl }).toString(),
      });

    it('a redirect URI the client did not register, with a page and no redirect', async () => {
      const response = await fetch(await authorizeUrl({ redirect_uri: 'https://evil.example/callback' }), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('not one the app registered');
    });

    it('a registration whose redirect URI is not allowed on this server', async () => {
      const response = await fetch(`${server.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Phisher', redirect_uris: ['https://evil.example/callback'] }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_redirect_uri' });
    });

    it('a resource other than this server (wrong audience)', async () => {
      const response = await fetch(await authorizeUrl({ resource: 'https://other.example/mcp' }), { redirect: 'manual' });
      const location = new URL(response.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('invalid_target');
      expect(location.searchParams.get('iss')).toBe(server.url);
    });

    it('a reused authorization code, revoking what the first use issued', async () => {
      const code = await codeFor('ana@a.example');
      const first = await redeem(code);
      expect(first.status).toBe(200);
      const tokens = (await first.json()) as { access_token: string; scope: string; expires_in: number };
      expect(tokens).toMatchObject({ scope: 'mcp:read mcp:write', expires_in: 3600 });
      expect(first.headers.get('cache-control')).toBe('no-store');
      const again = await redeem(code);
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
      expect((await postMcp(server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${tokens.access_token}` })).status).toBe(401);
    });

    it('an expired access token', async () => {
      const tokens = (await (await redeem(await codeFor('ana@a.example'))).json()) as { access_token: string };
      const { createHash } = await import('node:crypto');
      const hash = createHash('sha256').update(tokens.access_token).digest('hex');
      await server.dataPlane.db.prisma.oAuthToken.update({ where: { hash }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const response = await postMcp(server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${tokens.access_token}` });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('a write tool with a read-only token: 403 insufficient_scope naming every scope needed (step-up)', async () => {
      const tokens = (await (await redeem(await codeFor('ana@a.example', { scope: 'mcp:read' }))).json()) as { access_token: string; scope: string };
      expect(tokens.scope).toBe('mcp:read');
      const write = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'cloudflare_create_dns_record', arguments: { zone: 'example.com', type: 'A', name: 'x', content: '192.0.2.1' } } };
      const response = await postMcp(server.mcpUrl, write, { authorization: `Bearer ${tokens.access_token}` });
      expect(response.status).toBe(403);
      const header = response.headers.get('www-authenticate')!;
      expect(header).toContain('error="insufficient_scope"');
      expect(header).toContain('scope="mcp:read mcp:write"');
      expect(header).toContain(`resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp"`);
      expect((await postMcp(server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${tokens.access_token}` })).status).toBe(200);
    });

    it('write tools to a viewer, whose role cannot grant them (no step-up loop)', async () => {
      const tokens = (await (await redeem(await codeFor('vic@a.example'))).json()) as { access_token: string; scope: string };
      expect(tokens.scope).toBe('mcp:read');
      const write = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'cloudflare_create_dns_record', arguments: { zone: 'example.com', type: 'A', name: 'x', content: '192.0.2.1' } } };
      const response = await postMcp(server.mcpUrl, write, { authorization: `Bearer ${tokens.access_token}` });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('is not available');
    });

    it('a token for a tenant the user is not a member of (tenant isolation)', async () => {
      const result = await signInAndConsent(await authorizeUrl(), { email: 'ana@a.example', password: PASSWORD, tenantId: tenants.b });
      expect(result.status).toBe(403);
      expect(result.consentPage).toContain('not a member of that tenant');
      const bea = (await (await redeem(await codeFor('bea@b.example'))).json()) as { access_token: string };
      const before = fakeA.requests.length;
      expect((await postMcp(server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${bea.access_token}` })).status).toBe(200);
      expect(fakeA.requests.length).toBe(before);
      expect(fakeB.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${fakeB.apiToken}`);
    });

    it('a wrong password, with the same answer as an unknown email', async () => {
      const wrong = await signInAndConsent(await authorizeUrl(), { email: 'ana@a.example', password: 'not the password at all' });
      const unknown = await signInAndConsent(await authorizeUrl(), { email: 'nobody@a.example', password: 'not the password at all' });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.consentPage).toContain('The email or password is wrong.');
      expect(unknown.consentPage).toContain('The email or password is wrong.');
    });

    it('a login form posted without the page cookie (CSRF)', async () => {
      const page = await (await fetch(await authorizeUrl())).text();
      const request = /name="request" value="([^"]+)"/.exec(page)![1]!;
      const response = await fetch(`${server.url}/authorize/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request, csrf: 'guessed', email: 'ana@a.example', password: PASSWORD }).toString(),
      });
      expect(response.status).toBe(403);
    });
  });

  it('never logs tokens, codes or passwords', () => {
    const text = log.text();
    expect(text).not.toMatch(/emcp_(at|rt|ac)_[\w-]{20}/);
    expect(text).not.toContain(PASSWORD);
  });
});
