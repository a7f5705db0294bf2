import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient, User as UserRow } from '@enterprise-mcp/database';
import type { Tenant } from '@enterprise-mcp/tenancy';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import type { ClientRegistry, Client } from './clients.js';
import { OAuthError } from './errors.js';
import { sameResource, type GrantStore } from './grants.js';
import { authorizationServerMetadata, protectedResourceMetadata } from './metadata.js';
import type { OidcLogin } from './oidc-login.js';
import { consentPage, errorPage, loginPage, type ClientView, type TenantChoice } from './pages/views.js';
import { grantableScopes, parseScopes } from './scopes.js';
import type { AuthorizationRequest, Tickets } from './tickets.js';
import { authenticateUser, membershipsOf, userForExternalLogin, type MembershipRecord } from './users.js';

/** One line per tool group a tenant's token would reach, for the consent page. */
export type DescribeAccess = (tenant: Tenant, scopes: string[]) => string[];

export interface EmbeddedServer {
  prisma: PrismaClient;
  clients: ClientRegistry;
  grants: GrantStore;
  tickets: Tickets;
  oidc?: OidcLogin;
  describeAccess?: DescribeAccess;
}

export interface RouteOptions {
  /** `<PUBLIC_URL>` without trailing slash: the issuer and the base of every absolute URL. */
  origin: () => string;
  /** `<origin>/mcp`. */
  resource: () => string;
  /** The authorization servers named in the protected-resource metadata. */
  authorizationServers: () => string[];
  mcpPath: string;
  /** Present when this server is its own authorization server. */
  embedded?: EmbeddedServer;
}

const CSRF_COOKIE = 'emcp_csrf';
const OIDC_COOKIE = 'emcp_oidc';
const SMALL_BODY = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: 'invalid_request', error_description: 'Request body too large' }, 413) });

/**
 * The authorization routes: RFC 9728 metadata always; with the embedded
 * server also RFC 8414 metadata, /authorize (login and consent pages),
 * /token, /register and /revoke.
 */
export function authorizationRoutes(options: RouteOptions): Hono {
  const app = new Hono();
  const open = cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type', 'Mcp-Protocol-Version'], maxAge: 600 });
  const prm = (c: Context) => c.json(protectedResourceMetadata({ resource: options.resource(), authorizationServers: options.authorizationServers() }));
  app.use('/.well-known/*', open);
  app.get('/.well-known/oauth-protected-resource', prm);
  app.get(`/.well-known/oauth-protected-resource${options.mcpPath}`, prm);
  const embedded = options.embedded;
  if (embedded) mountEmbedded(app, options, embedded, open);
  return app;
}

function mountEmbedded(app: Hono, options: RouteOptions, as: EmbeddedServer, open: ReturnType<typeof cors>): void {
  const metadata = (c: Context) => c.json(authorizationServerMetadata(options.origin(), { registration: as.clients.dynamicRegistration }));
  app.get('/.well-known/oauth-authorization-server', metadata);
  app.get('/.well-known/openid-configuration', metadata);
  const secureCookies = () => options.origin().startsWith('https://');

  for (const path of ['/token', '/register', '/revoke']) app.use(path, open, SMALL_BODY);
  app.post('/token', (c) =>
    oauthJson(c, async () => {
      const form = await formOf(c);
      const client = await as.clients.authenticate(form, c.req.header('authorization'));
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code') return as.grants.redeemCode(client, form);
      if (grantType === 'refresh_token') return as.grants.refresh(client, form);
      throw new OAuthError('unsupported_grant_type', `grant_type must be authorization_code or refresh_token, not "${grantType ?? ''}"`);
    }),
  );
  app.post('/register', (c) =>
    oauthJson(c, async () => {
      const body = await c.req.json().catch(() => {
        throw new OAuthError('invalid_client_metadata', 'The body must be a JSON object of client metadata (RFC 7591)');
      });
      return as.clients.register(body);
    }, 201),
  );
  app.post('/revoke', (c) =>
    oauthJson(c, async () => {
      const form = await formOf(c);
      const client = await as.clients.authenticate(form, c.req.header('authorization'));
      const token = form.get('token');
      if (!token) throw new OAuthError('invalid_request', 'token is required');
      await as.grants.revoke(client, token);
      return {};
    }),
  );

  app.get('/authorize', async (c) => {
    const checked = await checkAuthorizationRequest(as, options, new URL(c.req.url).searchParams);
    if ('page' in checked) return htmlResponse(c, errorPage(checked.page.title, checked.page.message), 400);
    if ('redirect' in checked) return c.redirect(checked.redirect, 302);
    const csrf = randomBytes(24).toString('base64url');
    setCookie(c, CSRF_COOKIE, csrf, { path: '/authorize', httpOnly: true, sameSite: 'Strict', secure: secureCookies(), maxAge: 1800 });
    const signed = await as.tickets.sign('request', checked.request);
    return htmlResponse(c, loginPage({ client: checked.view, request: signed, csrf, oidc: oidcButton(as, signed) }));
  });

  app.post('/authorize/login', SMALL_BODY, async (c) => {
    const form = await formOf(c);
    const refused = csrfProblem(c, form, options.origin());
    if (refused) return htmlResponse(c, errorPage('Request refused', refused), 403);
    const request = await as.tickets.open<AuthorizationRequest>('request', form.get('request'));
    if (!request) return htmlResponse(c, errorPage('Sign-in expired', 'This sign-in page has expired; start again from your app.'), 400);
    const client = await as.clients.find(request.clientId);
    if (!client) return htmlResponse(c, errorPage('Unknown app', 'The app asking for access is no longer known.'), 400);
    const view = viewOf(client, request);
    const email = form.get('email') ?? '';
    const user = await authenticateUser(as.prisma, email, form.get('password') ?? '');
    if (!user) {
      const again = await as.tickets.sign('request', request);
      return htmlResponse(c, loginPage({ client: view, request: again, csrf: form.get('csrf')!, email, error: 'The email or password is wrong.', oidc: oidcButton(as, again) }), 401);
    }
    return afterLogin(c, as, options, client, request, user, form.get('csrf')!);
  });

  app.post('/authorize/consent', SMALL_BODY, async (c) => {
    const form = await formOf(c);
    const refused = csrfProblem(c, form, options.origin());
    if (refused) return htmlResponse(c, errorPage('Request refused', refused), 403);
    const ticket = await as.tickets.open<{ request: AuthorizationRequest; userId: string }>('consent', form.get('ticket'));
    if (!ticket) return htmlResponse(c, errorPage('Consent expired', 'This page has expired; start again from your app.'), 400);
    const { request, userId } = ticket;
    if (form.get('decision') !== 'allow') return c.redirect(callbackUrl(options.origin(), request, { error: 'access_denied', error_description: 'The user denied access' }), 303);
    const membership = (await membershipsOf(as.prisma, userId)).find((m) => m.tenant.id === form.get('tenant'));
    // The tenant comes from the form: only one the user belongs to may be granted (tenant isolation).
    if (!membership) return htmlResponse(c, errorPage('Not allowed', 'Your account is not a member of that tenant.'), 403);
    return grantAndReturn(c, as, options, request, userId, membership);
  });

  app.get('/authorize/oidc', async (c) => {
    const oidc = as.oidc;
    const request = await as.tickets.open<AuthorizationRequest>('request', c.req.query('request'));
    if (!oidc || !request) return htmlResponse(c, errorPage('Sign-in expired', 'This sign-in page has expired; start again from your app.'), 400);
    const start = await oidc.start(`${options.origin()}/authorize/oidc/callback`);
    const cookie = await as.tickets.sign('oidc', { request, state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier });
    setCookie(c, OIDC_COOKIE, cookie, { path: '/authorize/oidc', httpOnly: true, sameSite: 'Lax', secure: secureCookies(), maxAge: 600 });
    return c.redirect(start.url, 302);
  });

  app.get('/authorize/oidc/callback', async (c) => {
    const pending = await as.tickets.open<{ request: AuthorizationRequest; state: string; nonce: string; codeVerifier: string }>('oidc', getCookie(c, OIDC_COOKIE));
    deleteCookie(c, OIDC_COOKIE, { path: '/authorize/oidc' });
    const csrf = getCookie(c, CSRF_COOKIE);
    if (!as.oidc || !pending || !csrf) return htmlResponse(c, errorPage('Sign-in expired', 'This sign-in has expired; start again from your app.'), 400);
    const redirectUri = `${options.origin()}/authorize/oidc/callback`;
    // The callback URL as this server published it, never as the request's Host header says.
    const here = new URL(`${redirectUri}${new URL(c.req.url).search}`);
    const identity = await as.oidc.finish(here, redirectUri, pending).catch(() => undefined);
    const user = identity && (await userForExternalLogin(as.prisma, identity));
    if (!user) return htmlResponse(c, errorPage('Sign-in failed', 'The sign-in did not succeed, or no account here matches it. Ask an administrator to create your user.'), 403);
    const client = await as.clients.find(pending.request.clientId);
    if (!client) return htmlResponse(c, errorPage('Unknown app', 'The app asking for access is no longer known.'), 400);
    return afterLogin(c, as, options, client, pending.request, user, csrf);
  });
}

type CheckedRequest = { page: { title: string; message: string } } | { redirect: string } | { request: AuthorizationRequest; view: ClientView };

/**
 * RFC 6749 §4.1.2.1: an unknown client or a redirect URI that is not
 * registered is shown to the user, never redirected to; other errors go back
 * to the client with `iss` (RFC 9207).
 */
async function checkAuthorizationRequest(as: EmbeddedServer, options: RouteOptions, params: URLSearchParams): Promise<CheckedRequest> {
  const clientId = params.get('client_id') ?? '';
  const client = await as.clients.find(clientId);
  if (!client) return { page: { title: 'Unknown app', message: `The app (client_id "${clientId.slice(0, 200)}") is not registered here and has no client metadata document this server could fetch.` } };
  const redirectUri = as.clients.redirectFor(client, params.get('redirect_uri'));
  if (!redirectUri) return { page: { title: 'Redirect not allowed', message: 'The redirect URI in this request is not one the app registered, so this server will not send you there.' } };
  const state = params.get('state') ?? undefined;
  const partial = { clientId, redirectUri, state, scopes: [], codeChallenge: '', resource: options.resource() };
  const fail = (error: string, description: string) => ({ redirect: callbackUrl(options.origin(), partial, { error, error_description: description }) });
  if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be "code"');
  const challenge = params.get('code_challenge');
  if (!challenge || params.get('code_challenge_method') !== 'S256' || !/^[\w-]{43,128}$/.test(challenge)) return fail('invalid_request', 'PKCE is required: code_challenge with code_challenge_method=S256');
  const resources = params.getAll('resource');
  if (resources.some((r) => !sameResource(r, options.resource()))) return fail('invalid_target', `This server issues tokens for ${options.resource()} only`);
  const request: AuthorizationRequest = { clientId, redirectUri, ...(state ? { state } : {}), scopes: parseScopes(params.get('scope')), codeChallenge: challenge, resource: options.resource() };
  return { request, view: viewOf(client, request) };
}

async function afterLogin(c: Context, as: EmbeddedServer, options: RouteOptions, client: Client, request: AuthorizationRequest, user: UserRow, csrf: string): Promise<Response> {
  const memberships = await membershipsOf(as.prisma, user.id);
  if (!memberships.length) return htmlResponse(c, errorPage('No access', 'Your account is not a member of any tenant on this server; ask an administrator to add you.'), 403);
  const only = memberships.length === 1 ? memberships[0]! : undefined;
  if (only && (await consentCovers(as.prisma, user.id, client.id, only, request))) return grantAndReturn(c, as, options, request, user.id, only);
  const tenants: TenantChoice[] = memberships.map((m) => {
    const scopes = grantableScopes(request.scopes, m.role);
    return { id: m.tenant.id, name: m.tenant.name, slug: m.tenant.slug, role: m.role, scopes, access: as.describeAccess?.(m.tenant as Tenant, scopes) ?? [] };
  });
  const ticket = await as.tickets.sign('consent', { request, userId: user.id });
  return htmlResponse(c, consentPage({ client: viewOf(client, request), user: user.email, ticket, csrf, tenants }));
}

async function grantAndReturn(c: Context, as: EmbeddedServer, options: RouteOptions, request: AuthorizationRequest, userId: string, membership: MembershipRecord): Promise<Response> {
  const scopes = grantableScopes(request.scopes, membership.role);
  if (!scopes.length) return c.redirect(callbackUrl(options.origin(), request, { error: 'invalid_scope', error_description: 'Your role in this tenant grants none of the requested scopes' }), 303);
  const ids = { userId, clientId: request.clientId, tenantId: membership.tenant.id };
  await as.prisma.oAuthConsent.upsert({ where: { userId_clientId_tenantId: ids }, create: { ...ids, scopes }, update: { scopes } });
  const code = await as.grants.issueCode({ ...ids, scopes, resource: request.resource, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge });
  return c.redirect(callbackUrl(options.origin(), request, { code }), 303);
}

async function consentCovers(prisma: PrismaClient, userId: string, clientId: string, membership: MembershipRecord, request: AuthorizationRequest): Promise<boolean> {
  const consent = await prisma.oAuthConsent.findUnique({ where: { userId_clientId_tenantId: { userId, clientId, tenantId: membership.tenant.id } } });
  return !!consent && grantableScopes(request.scopes, membership.role).every((s) => consent.scopes.includes(s));
}

/** The client's redirect URI with the answer, `state` and RFC 9207 `iss`. */
function callbackUrl(issuer: string, request: Pick<AuthorizationRequest, 'redirectUri' | 'state'>, answer: Record<string, string>): string {
  const url = new URL(request.redirectUri);
  for (const [name, value] of Object.entries(answer)) url.searchParams.set(name, value);
  if (request.state) url.searchParams.set('state', request.state);
  url.searchParams.set('iss', issuer);
  return url.href;
}

function viewOf(client: Client, request: AuthorizationRequest): ClientView {
  return { name: client.name, id: client.id, kind: client.kind, redirectUri: request.redirectUri, ...(client.clientUri ? { clientUri: client.clientUri } : {}) };
}

function oidcButton(as: EmbeddedServer, signedRequest: string) {
  return as.oidc ? { label: as.oidc.label, url: `/authorize/oidc?request=${encodeURIComponent(signedRequest)}` } : undefined;
}

/**
 * Double-submit CSRF check (the cookie set with the login page must come
 * back in the form) plus the Origin header, when the browser sends one.
 */
function csrfProblem(c: Context, form: URLSearchParams, origin: string): string | undefined {
  const sentOrigin = c.req.header('origin');
  if (sentOrigin && sentOrigin !== new URL(origin).origin) return 'This form was posted from another site.';
  const cookie = getCookie(c, CSRF_COOKIE) ?? '';
  const field = form.get('csrf') ?? '';
  if (!cookie || cookie.length !== field.length || !timingSafeEqual(Buffer.from(cookie), Buffer.from(field))) return 'The form could not be verified (cookies must be enabled); start again from your app.';
  return undefined;
}

async function formOf(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
  return new URLSearchParams(await c.req.text());
}

async function oauthJson(c: Context, run: () => Promise<object>, status = 200): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  try {
    return c.json(await run(), status as 200);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    if (error.oauthError === 'invalid_client' && /^Basic/i.test(c.req.header('authorization') ?? '')) c.header('WWW-Authenticate', 'Basic realm="enterprise-mcp"');
    return c.json(error.toJSON(), error.httpStatus as 400);
  }
}

function htmlResponse(c: Context, rendered: { body: string; csp: string }, status = 200): Response {
  c.header('Content-Security-Policy', rendered.csp);
  c.header('Cache-Control', 'no-store');
  // Browsers send "Origin: null" on posts from a no-referrer page; same-origin keeps the Origin check possible and still leaks nothing to other sites.
  c.header('Referrer-Policy', 'same-origin');
  return c.html(rendered.body, status as 200);
}
