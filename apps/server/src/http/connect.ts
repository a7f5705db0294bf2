/**
 * The browser side of OAuth connections:
 * - `GET /connect/:ecosystem` (API key): a one-time link for the key's tenant
 *   (`?connection=<id>` reconnects one; `?levels=read,draft` asks for those
 *   permission levels only; `?redirect=1` redirects to the link);
 * - `GET /connect/start/:ticket`: spends the link and sends the browser to the
 *   provider, with the flow's state in a cookie that binds it to this browser;
 * - `GET /oauth/callback/:ecosystem`: the provider's redirect; stores the
 *   connection and says "Connected to QuickBooks company <name>", and which
 *   requested permission levels were not granted (a scope left unticked).
 * Pages escape everything they show and carry no secret; errors are pages too.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { isEmcpError, type EmcpError } from '@enterprise-mcp/core';
import type { CompletedConnection, Vault } from '@enterprise-mcp/vault';
import type { KeyVerifier, TenantInfo } from '../data-plane/types.js';
import type { ServerLogger } from '../logger.js';
import { requireCaller, type OAuthGate, type Verified } from './auth.js';
import { originGuard, type OriginPolicy } from './guards.js';

export interface ConnectRoutesOptions {
  vault: Vault;
  verifier: KeyVerifier;
  /** MCP authorization: a signed-in user's token opens the connect flow as an API key does. */
  authorization?: OAuthGate;
  logger: ServerLogger;
  origin: OriginPolicy;
  /** The public URL is https: the state cookie is then Secure. */
  secureCookies: () => boolean;
}

type Env = { Variables: { requestId: string; auth: Verified } };

const STATE_COOKIE = 'emcp_oauth_state';
const CALLBACK_PATH = '/oauth/callback';

export function connectRoutes(options: ConnectRoutesOptions): Hono<Env> {
  const app = new Hono<Env>();
  const { vault, logger } = options;
  app.use('/connect/*', originGuard(options.origin));
  app.use(`${CALLBACK_PATH}/*`, originGuard(options.origin));

  app.get('/connect/start/:ticket', async (c) => {
    try {
      const redirect = await vault.beginAuthorization(c.req.param('ticket'));
      setCookie(c, STATE_COOKIE, redirect.state, {
        path: CALLBACK_PATH,
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secureCookies(),
        maxAge: Math.max(1, Math.floor((redirect.expiresAt.getTime() - Date.now()) / 1000)),
      });
      c.header('Cache-Control', 'no-store');
      return c.redirect(redirect.url, 302);
    } catch (error) {
      return errorPage(c, logger, error);
    }
  });

  app.get('/connect/:ecosystem', requireCaller(options.verifier, options.authorization, logger), async (c) => {
    const { tenant, scopes } = c.get('auth');
    const ecosystem = c.req.param('ecosystem');
    const refused = connectRefusal(ecosystem, scopes, tenant);
    if (refused) return c.json({ error: 'permission_denied', message: refused }, 403);
    try {
      const connectionId = c.req.query('connection') || undefined;
      const levels = levelsOf(c.req.query('levels'));
      const link = await vault.createConnectLink({ tenantId: tenant.id, ecosystem, ...(connectionId ? { connectionId } : {}), ...(levels ? { levels } : {}) });
      c.header('Cache-Control', 'no-store');
      if (c.req.query('redirect') === '1') return c.redirect(link.url, 302);
      return c.json({
        url: link.url,
        expiresAt: link.expiresAt.toISOString(),
        ecosystem: link.ecosystem,
        ...(connectionId ? { connection: connectionId } : {}),
        ...(link.levels.length ? { levels: link.levels } : {}),
      });
    } catch (error) {
      if (!isEmcpError(error)) throw error;
      return c.json({ error: error.code, message: error.toToolMessage() }, statusOf(error));
    }
  });

  app.get(`${CALLBACK_PATH}/:ecosystem`, async (c) => {
    const browserState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: CALLBACK_PATH, secure: options.secureCookies() });
    c.header('Cache-Control', 'no-store');
    try {
      const done = await vault.completeAuthorization(c.req.param('ecosystem'), new URL(c.req.url).searchParams, browserState);
      const name = done.connection.displayName ?? Object.values(done.connection.externalIds).join(', ');
      const title = `Connected to ${done.ecosystemName} ${done.accountKind} ${name}`;
      return c.html(
        page(
          title,
          html`<h1 id="result">${title}</h1>
            <p>${done.reconnected ? 'The connection was renewed and keeps its id' : 'Connection id'} <code>${done.connection.id}</code>.
              Your AI assistant can use it now; you can close this window.</p>
            ${levelsParagraphs(done)}`,
        ),
      );
    } catch (error) {
      return errorPage(c, logger, error);
    }
  });
  return app;
}

/** `?levels=read,draft` as a list; absent or empty: the default levels. */
function levelsOf(query: string | undefined): string[] | undefined {
  const levels = query?.split(/[\s,]+/).map((level) => level.trim().toLowerCase()).filter(Boolean);
  return levels?.length ? levels : undefined;
}

/** The permission levels the connection holds, and the requested ones it does not: a scope was left unticked. */
function levelsParagraphs(done: CompletedConnection) {
  if (!done.connection.levels) return '';
  const held = html`<p id="levels">Permission levels: ${done.connection.levels.length ? done.connection.levels.join(', ') : 'none'}.</p>`;
  if (!done.notGrantedLevels.length) return held;
  return html`${held}<p id="not-granted">Not granted: ${done.notGrantedLevels.join(', ')}. A permission these levels need was left unticked on
    ${done.ecosystemName}'s consent screen; their tools will be refused until the account is connected again with every box ticked.</p>`;
}

/** A request path as the access log may show it: a connect link's secret never is. */
export function loggablePath(path: string): string {
  return path.startsWith('/connect/start/') ? '/connect/start/[redacted]' : path;
}

/** A key may connect accounts of an ecosystem it may use, and only when it may change things. */
function connectRefusal(ecosystem: string, scopes: Verified['scopes'], tenant: TenantInfo): string | undefined {
  if (scopes.readOnly) return 'A read-only API key cannot connect accounts; use a key that may write';
  if (scopes.ecosystems?.length && !scopes.ecosystems.includes(ecosystem)) return `This API key may not use ${ecosystem}`;
  const enabled = tenant.settings?.enabledEcosystems;
  if (enabled && !enabled.includes(ecosystem)) return `${ecosystem} is not enabled for this tenant`;
  return undefined;
}

function statusOf(error: EmcpError): 400 | 404 | 409 | 502 {
  if (error.code === 'not_found') return 404;
  if (error.code === 'credentials_missing' || error.code === 'configuration_invalid') return 409;
  if (error.code === 'validation_failed') return 400;
  return 502;
}

/** An error as a page: what went wrong and what to do; a failure of ours shows only the request id. */
function errorPage(c: Context<Env>, logger: ServerLogger, error: unknown): Response | Promise<Response> {
  if (isEmcpError(error)) {
    logger.warn({ requestId: c.get('requestId'), code: error.code, error: error.message }, 'oauth: connect flow failed');
    return c.html(page('Could not connect', html`<h1 id="result">Could not connect</h1><p id="reason">${error.toToolMessage()}</p>`), statusOf(error));
  }
  logger.error({ err: error, requestId: c.get('requestId') }, 'oauth: connect flow failed in the server');
  return c.html(page('Could not connect', html`<h1 id="result">Could not connect</h1><p id="reason">Internal error (request ${c.get('requestId')})</p>`), 500);
}

function page(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main>${body}</main></body></html>`;
}
