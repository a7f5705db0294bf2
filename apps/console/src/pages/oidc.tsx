/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { membershipsOf, userForExternalLogin, type OidcStart } from '@enterprise-mcp/authorization';
import type { ConsoleContext } from '../context.js';
import { Notice, Page } from '../layout.js';
import { startSession, type ConsoleEnv } from '../session.js';

const FLOW_COOKIE = 'emcp_console_oidc';
const FLOW_PATH = '/console/login/oidc';

function origin(ctx: ConsoleContext, c: Context): string {
  return ctx.deps.publicOrigin?.() ?? new URL(c.req.url).origin;
}

function Failed(props: { ctx: ConsoleContext; message: string }) {
  return (
    <Page title="Sign-in failed" assets={props.ctx.assets}>
      <div class="login">
        <Notice tone="bad">{props.message}</Notice>
        <p><a href="/console/login">Back to sign-in</a></p>
      </div>
    </Page>
  );
}

/**
 * The provider's authorization code flow (PKCE, state, nonce: oidc-login.ts). The flow's secrets wait in a
 * signed cookie for the callback; SameSite=Lax because the provider's redirect back is a cross-site navigation.
 */
export function oidcRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  const oidc = ctx.deps.oidc;
  if (!oidc) return;
  const redirectUri = (c: Context) => `${origin(ctx, c)}${FLOW_PATH}/callback`;
  const fail = (c: Context, message: string, status: 400 | 403 | 502) => c.html(<Failed ctx={ctx} message={message} />, status);

  app.get('/login/oidc', async (c) => {
    const start = await oidc.start(redirectUri(c)).catch(() => undefined);
    if (!start) return fail(c, 'The sign-in provider (AUTH_OIDC_ISSUER) could not be reached or published no usable configuration; try again, or sign in with a password.', 502);
    const flow: Omit<OidcStart, 'url'> = { state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier };
    await setSignedCookie(c, FLOW_COOKIE, JSON.stringify(flow), ctx.deps.sessionSecret, { path: FLOW_PATH, httpOnly: true, secure: ctx.deps.secureCookies(), sameSite: 'Lax', maxAge: 600 });
    return c.redirect(start.url, 302);
  });

  app.get('/login/oidc/callback', async (c) => {
    const raw = await getSignedCookie(c, ctx.deps.sessionSecret, FLOW_COOKIE);
    deleteCookie(c, FLOW_COOKIE, { path: FLOW_PATH });
    if (!raw) return fail(c, 'This sign-in expired or was started in another browser; sign in again.', 400);
    const flow = JSON.parse(raw) as Omit<OidcStart, 'url'>;
    // The callback URL as this server published it, never as the request's Host header says.
    const here = new URL(`${redirectUri(c)}${new URL(c.req.url).search}`);
    const identity = await oidc.finish(here, redirectUri(c), flow).catch(() => undefined);
    const user = identity && (await userForExternalLogin(ctx.deps.prisma, identity));
    if (!user) return fail(c, 'The sign-in did not succeed, or no user here matches it (a verified email of a user made with enterprise-mcp users create).', 403);
    if (!(await membershipsOf(ctx.deps.prisma, user.id)).length) return fail(c, 'This user has no role in any tenant: an admin adds one with enterprise-mcp users add-membership.', 403);
    await startSession(c, ctx.deps, user.id);
    return c.redirect('/console/tenants', 303);
  });
}
