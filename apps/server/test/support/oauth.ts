import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthClientProvider as OAuthClientProviderV2, OAuthDiscoveryState } from '@modelcontextprotocol/client';
import { addMembership, createUser } from '@enterprise-mcp/authorization';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { createApiKey, createTenant, parseCredentialKey, setTenantCredentials } from '@enterprise-mcp/tenancy';
import { loadConfig } from '../../src/config.js';
import { ecosystems } from '../../src/ecosystems.js';
import { startServer, type StartedServer } from '../../src/server.js';
import { captureLogger } from './harness.js';

/**
 * An MCP client's side of OAuth as an app keeps it (the OAuthClientProvider
 * of either SDK line, whose shapes agree): it stores what the SDK hands it and,
 * instead of opening a browser, remembers the authorization URL for the test to visit.
 */
export class TestOAuthProvider implements OAuthClientProvider, OAuthClientProviderV2 {
  authorizationUrl: URL | undefined;
  private info: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = '';
  private discovered: OAuthDiscoveryState | undefined;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
    private readonly name = 'SDK test client',
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  // Kept so the v2 client can check the callback comes from the authorization server it was sent to.
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovered = state;
  }
  discoveryState() {
    return this.discovered;
  }
  /** What the SDK calls when the server says stored credentials are dead (e.g. a revoked refresh token). */
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery') {
    if (scope === 'all' || scope === 'tokens') this.saved = undefined;
    if (scope === 'all' || scope === 'client') this.info = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = '';
    if (scope === 'all' || scope === 'discovery') this.discovered = undefined;
  }
}

/** A browser's cookie jar for one origin, as much as these pages need. */
class Cookies {
  private readonly jar = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface SignIn {
  email: string;
  password: string;
  /** The tenant to pick on the consent page (by id); default: the one offered first. */
  tenantId?: string;
  decision?: 'allow' | 'deny';
}

export interface SignInResult {
  /** Where the server sent the browser at the end (the client's redirect URI with code or error). */
  location: URL;
  loginPage: string;
  consentPage?: string;
  /** Status of the last page when it was not a redirect. */
  status: number;
}

/**
 * What a person does in a browser, with fetch: open the authorization URL,
 * sign in, pick the tenant and allow. Tests that need a real browser use
 * Chromium (see authorization-browser.test.ts); this drives the same forms.
 */
export async function signInAndConsent(authorizationUrl: URL, person: SignIn): Promise<SignInResult> {
  const cookies = new Cookies();
  const origin = authorizationUrl.origin;
  const first = await fetch(authorizationUrl, { redirect: 'manual' });
  cookies.take(first);
  const loginPage = await first.text();
  if (first.status !== 200) return { location: new URL(first.headers.get('location') ?? authorizationUrl), loginPage, status: first.status };
  const login = await postForm(`${origin}/authorize/login`, cookies, {
    request: field(loginPage, 'request'),
    csrf: field(loginPage, 'csrf'),
    email: person.email,
    password: person.password,
  });
  if (login.status === 303) return { location: new URL(login.headers.get('location')!), loginPage, status: 303 };
  const consentPage = await login.text();
  if (login.status !== 200) return { location: authorizationUrl, loginPage, consentPage, status: login.status };
  const consent = await postForm(`${origin}/authorize/consent`, cookies, {
    ticket: field(consentPage, 'ticket'),
    csrf: field(consentPage, 'csrf'),
    tenant: person.tenantId ?? firstTenant(consentPage),
    decision: person.decision ?? 'allow',
  });
  const body = consent.status === 303 ? '' : await consent.text();
  return { location: new URL(consent.headers.get('location') ?? authorizationUrl), loginPage, consentPage: body || consentPage, status: consent.status };
}

async function postForm(url: string, cookies: Cookies, form: Record<string, string>): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.header(), origin: new URL(url).origin },
    body: new URLSearchParams(form).toString(),
  });
  cookies.take(response);
  return response;
}

function field(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no ${name} field in the page:\n${page.slice(0, 2000)}`);
  return match[1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function firstTenant(page: string): string {
  return /name="tenant" value="([^"]+)"/.exec(page)?.[1] ?? /<option value="([^"]+)"/.exec(page)![1]!;
}

/** An https server on 127.0.0.1 with a throw-away self-signed certificate, serving fixed JSON documents. */
export async function startDocumentHost(documents: Record<string, (origin: string) => unknown>): Promise<{ origin: string; ca: string; fetch: typeof fetch; requests: string[]; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'emcp-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const key = readFileSync(join(dir, 'key.pem'));
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer({ key, cert }, (req, res) => {
    requests.push(req.url ?? '');
    const document = documents[req.url ?? ''];
    res.writeHead(document ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(document ? document(origin) : { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, ca: cert, fetch: fetchTrusting(cert), requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A fetch for GETs that trusts one certificate authority (Node's fetch takes no CA option). */
function fetchTrusting(ca: string): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const req = request(url, { ca, agent: false, method: 'GET', headers: init?.headers as Record<string, string>, signal: init?.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: res.headers as Record<string, string> })));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    })) as typeof fetch;
}

export const OAUTH_PASSWORD = 'correct horse battery staple';
/** The client's redirect URI: nothing listens there; the test reads the code from the Location header. */
export const OAUTH_REDIRECT = 'http://127.0.0.1:9/callback';
export const CLIENT_DOCUMENT_PATH = '/oauth/client.json';

export interface OAuthTestServer {
  server: StartedServer;
  log: ReturnType<typeof captureLogger>;
  /** Tenant A (ana, a member; vic, a viewer) and tenant B (bea), each on its own Cloudflare fake. */
  fakes: { a: CloudflareFake; b: CloudflareFake };
  tenants: { a: string; b: string };
  documents: Awaited<ReturnType<typeof startDocumentHost>>;
  /** The client ID of the metadata document the document host serves. */
  documentClientId: string;
  /** An API key of tenant A, to show keys keep working beside OAuth. */
  apiKey: string;
  close(): Promise<void>;
}

/**
 * The production server with its embedded authorization server on a fresh
 * database (PostgreSQL when TEST_DATABASE_URL is set, else PGlite), two
 * tenants with users, and an https host serving a client ID metadata document.
 */
export async function startOAuthTestServer(): Promise<OAuthTestServer> {
  const [a, b] = await Promise.all([startCloudflareFake(), startCloudflareFake()]);
  const documents = await startDocumentHost({
    [CLIENT_DOCUMENT_PATH]: (origin) => ({
      client_id: `${origin}${CLIENT_DOCUMENT_PATH}`,
      client_name: 'Metadata Document Client',
      redirect_uris: [OAUTH_REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  const adminUrl = testDatabaseUrl();
  const fresh = adminUrl ? await createFreshDatabase(adminUrl) : undefined;
  const credentialsKey = randomBytes(32).toString('base64');
  const config = loadConfig(
    {
      PORT: '0',
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      TENANCY_MODE: 'multi',
      CREDENTIALS_ENCRYPTION_KEY: credentialsKey,
      DATABASE_URL: fresh?.url,
      DATA_DIR: 'memory://',
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: process.env['TEST_REDIS_URL'],
      API_KEY_CACHE_TTL_MS: '0',
    },
    ecosystems,
  );
  const log = captureLogger();
  const server = await startServer(config, log.logger, { metadataDocuments: { fetch: documents.fetch } });
  const prisma = server.dataPlane.db.prisma;
  const key = parseCredentialKey(credentialsKey);
  const suffix = randomBytes(3).toString('hex');
  const tenants = { a: '', b: '' };
  for (const [name, fake] of [['a', a], ['b', b]] as const) {
    const tenant = await createTenant(prisma, { slug: `oauth-${name}-${suffix}`, name: `Tenant ${name.toUpperCase()}` });
    tenants[name] = tenant.id;
    await setTenantCredentials(prisma, tenant.id, 'cloudflare', { apiToken: fake.apiToken, baseUrl: fake.url }, key);
  }
  for (const [email, tenant, role] of [
    ['ana@a.example', 'a', 'member'],
    ['vic@a.example', 'a', 'viewer'],
    ['bea@b.example', 'b', 'member'],
  ] as const) {
    await createUser(prisma, { email, password: OAUTH_PASSWORD });
    await addMembership(prisma, { user: email, tenant: tenants[tenant], role });
  }
  const apiKey = (await createApiKey(prisma, { tenantId: tenants.a, name: 'beside oauth' })).key;
  return {
    server,
    log,
    fakes: { a, b },
    tenants,
    documents,
    documentClientId: `${documents.origin}${CLIENT_DOCUMENT_PATH}`,
    apiKey,
    async close() {
      await server.close();
      await fresh?.drop();
      await Promise.all([a.close(), b.close(), documents.close()]);
    },
  };
}
