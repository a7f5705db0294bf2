import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client,
  discoverAuthorizationServerMetadata,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { queryAudit } from '@enterprise-mcp/audit';
import { postMcp } from '../../test/support/harness.js';
import {
  CLIENT_DOCUMENT_PATH,
  OAUTH_PASSWORD,
  OAUTH_REDIRECT,
  signInAndConsent,
  startOAuthTestServer,
  TestOAuthProvider,
  type OAuthTestServer,
} from '../../test/support/oauth.js';

type Era = 'modern' | 'legacy';
const LIST_ZONES = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'cloudflare_list_zones', arguments: {} } };

/**
 * The same MCP authorization dance as authorization.test.ts, driven by the
 * SDK v2 client's own OAuth support (its transport's 401 handling, `auth()`,
 * RFC 9207 `iss` checking in finishAuth, and its refresh on 401), with tool
 * calls in the 2026-07-28 era (server/discover, `_meta` on every request).
 */
describe('MCP authorization with the SDK v2 client', () => {
  let setup: OAuthTestServer;

  beforeAll(async () => {
    setup = await startOAuthTestServer();
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
  });

  const newClient = (era: Era) =>
    new Client({ name: 'oauth-test-v2', version: '2.0.0' }, era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {});
  const transportFor = (provider: TestOAuthProvider) =>
    new StreamableHTTPClientTransport(new URL(setup.server.mcpUrl), { authProvider: provider });

  /** The v2 connect: 401, discovery, registration, the authorization URL; a person signs in; finishAuth checks `iss` and redeems the code. */
  async function authorize(provider: TestOAuthProvider, era: Era) {
    const first = transportFor(provider);
    await expect(newClient(era).connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    const url = provider.authorizationUrl!;
    expect(url.origin + url.pathname).toBe(`${setup.server.url}/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(setup.server.mcpUrl);
    const signedIn = await signInAndConsent(url, { email: 'ana@a.example', password: OAUTH_PASSWORD });
    expect(signedIn.location.origin + signedIn.location.pathname).toBe(OAUTH_REDIRECT);
    expect(signedIn.location.searchParams.get('state')).toBe(url.searchParams.get('state'));
    await first.finishAuth(signedIn.location.searchParams);
    expect(provider.tokens()?.access_token).toMatch(/^emcp_at_/);
    return signedIn;
  }

  async function connected(provider: TestOAuthProvider, era: Era): Promise<Client> {
    const client = newClient(era);
    await client.connect(transportFor(provider));
    expect(client.getProtocolEra()).toBe(era);
    return client;
  }

  /** The access token stops being valid now, as if its hour were up. */
  async function expireAccessToken(accessToken: string) {
    const hash = createHash('sha256').update(accessToken).digest('hex');
    await setup.server.dataPlane.db.prisma.oAuthToken.update({ where: { hash }, data: { expiresAt: new Date(Date.now() - 1000) } });
  }

  it('runs the whole dance with a client ID metadata document: PKCE, token, a 2026-07-28 tool call, refresh on 401, revocation', async () => {
    const provider = new TestOAuthProvider(OAUTH_REDIRECT, setup.documentClientId);
    const signedIn = await authorize(provider, 'modern');
    expect(provider.authorizationUrl!.searchParams.get('client_id')).toBe(setup.documentClientId);
    expect(signedIn.consentPage).toContain('Metadata Document Client');
    expect(setup.documents.requests).toContain(CLIENT_DOCUMENT_PATH);

    const client = await connected(provider, 'modern');
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('cloudflare_create_dns_record');
    expect((await client.callTool({ name: 'cloudflare_list_zones', arguments: {} })).isError).toBeFalsy();
    const fake = setup.fakes.a;
    expect(fake.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${fake.apiToken}`);
    const first = provider.tokens()!;
    expect(fake.requests.some((r) => JSON.stringify(r.headers).includes(first.access_token))).toBe(false);

    await setup.server.dataPlane.audit.flush();
    const [row] = await queryAudit(setup.server.dataPlane.db.prisma, { tenantId: setup.tenants.a, toolName: 'cloudflare_list_zones', limit: 1 });
    const ana = await setup.server.dataPlane.db.prisma.user.findUniqueOrThrow({ where: { email: 'ana@a.example' } });
    expect(row).toMatchObject({ apiKeyId: null, userId: ana.id, oauthClientId: setup.documentClientId, status: 'ok' });

    // The access token expires: the server answers 401, the v2 transport refreshes (rotation) and retries by itself.
    await expireAccessToken(first.access_token);
    expect((await client.callTool({ name: 'cloudflare_list_zones', arguments: {} })).isError).toBeFalsy();
    const second = provider.tokens()!;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const spent = await fetch(`${setup.server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.refresh_token!, client_id: setup.documentClientId }).toString(),
    });
    expect(spent.status).toBe(400);
    expect(await spent.json()).toMatchObject({ error: 'invalid_grant' });

    // Revocation at the endpoint the v2 client discovers: the grant ends and the client must ask the person again.
    const metadata = await discoverAuthorizationServerMetadata(setup.server.url);
    const revocationEndpoint = (metadata as { revocation_endpoint?: string } | undefined)?.revocation_endpoint;
    expect(revocationEndpoint).toBe(`${setup.server.url}/revoke`);
    const revoked = await fetch(revocationEndpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: second.refresh_token!, client_id: setup.documentClientId }).toString(),
    });
    expect(revoked.status).toBe(200);
    const after = await postMcp(setup.server.mcpUrl, LIST_ZONES, { authorization: `Bearer ${second.access_token}` });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
    provider.authorizationUrl = undefined;
    await expect(client.callTool({ name: 'cloudflare_list_zones', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.tokens()).toBeUndefined();
    const askedAgain = provider.authorizationUrl as URL | undefined;
    expect(askedAgain?.searchParams.get('client_id')).toBe(setup.documentClientId);
    await client.close();
  }, 60_000);

  it.each<Era>(['modern', 'legacy'])('registers by DCR (with the application_type v2 sends, no null fields back) and calls a tool in the %s era', async (era) => {
    const provider = new TestOAuthProvider(OAUTH_REDIRECT, undefined, `DCR Client v2 ${era}`);
    await authorize(provider, era);
    const info = provider.clientInformation() as Record<string, unknown>;
    expect(info['client_id']).toMatch(/^emcp_client_/);
    expect(Object.values(info).includes(null)).toBe(false);
    expect(info).toMatchObject({ client_name: `DCR Client v2 ${era}`, redirect_uris: [OAUTH_REDIRECT], token_endpoint_auth_method: 'none' });
    const client = await connected(provider, era);
    expect((await client.callTool({ name: 'cloudflare_list_zones', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it('never logs tokens, codes or passwords', () => {
    const text = setup.log.text();
    expect(text).not.toMatch(/emcp_(at|rt|ac)_[\w-]{20}/);
    expect(text).not.toContain(OAUTH_PASSWORD);
  });
});
