/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { csrf } from 'hono/csrf';
import { loadAssets } from './assets.js';
import type { ConsoleContext } from './context.js';
import type { ConsoleDeps } from './deps.js';
import { approvalRoutes } from './pages/approvals.js';
import { auditRoutes } from './pages/audit.js';
import { chartRoutes } from './pages/charts.js';
import { connectionRoutes } from './pages/connections.js';
import { loginRoutes } from './pages/login.js';
import { oidcRoutes } from './pages/oidc.js';
import { tenantRoutes } from './pages/tenants.js';
import { tryRoutes } from './pages/try.js';
import { requireSession, type ConsoleEnv } from './session.js';

/** Scripts and styles only from this origin's files: no inline script or style, no eval, no framing. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const YEAR = 'public, max-age=31536000, immutable';

export class ConsoleConfigurationError extends Error {
  constructor(field: string, fix: string) {
    super(`Console: ${field} ${fix}`);
    this.name = 'ConsoleConfigurationError';
  }
}

/** The admin console, to be mounted at `/console` (its links and cookie path say so). */
export function createConsole(deps: ConsoleDeps): Hono {
  if (Buffer.byteLength(deps.sessionSecret) < 32) throw new ConsoleConfigurationError('sessionSecret', 'must be at least 32 bytes (set AUTH_SECRET to openssl rand -base64 32)');
  const assets = loadAssets();
  const ctx: ConsoleContext = { deps, assets: { htmx: assets.htmx.path, css: assets.css.path } };
  const app = new Hono<ConsoleEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.use('/assets/*', compress());
  app.get('/assets/:file', (c) => {
    const asset = assets.byPath.get(`/console/assets/${c.req.param('file')}`);
    if (!asset) return c.text('Not found', 404);
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': YEAR });
  });
  // Every form post must come from this origin (the Origin header), besides its token.
  app.use('*', csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === deps.publicOrigin?.() }));
  loginRoutes(app, ctx);
  oidcRoutes(app, ctx);
  app.use('*', requireSession(deps));
  app.get('/', (c) => c.redirect('/console/tenants', 303));
  tenantRoutes(app, ctx);
  connectionRoutes(app, ctx);
  auditRoutes(app, ctx);
  chartRoutes(app, ctx);
  approvalRoutes(app, ctx);
  tryRoutes(app, ctx);
  return new Hono().route('/', app);
}
