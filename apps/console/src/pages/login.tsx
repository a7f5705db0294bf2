/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { authenticateUser, membershipsOf } from '@enterprise-mcp/authorization';
import type { ConsoleContext } from '../context.js';
import { Notice, Page } from '../layout.js';
import { endSession, startSession, type ConsoleEnv } from '../session.js';

function LoginForm(props: { ctx: ConsoleContext; error?: string; email?: string }) {
  return (
    <Page title="Sign in" assets={props.ctx.assets}>
      <div class="login">
        {props.error && <Notice tone="bad">{props.error}</Notice>}
        <form method="post" action="/console/login">
          <label>
            Email <input name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
          </label>
          <label>
            Password <input name="password" type="password" autocomplete="current-password" required />
          </label>
          <button type="submit">Sign in</button>
        </form>
        {props.ctx.deps.oidc && <p><a href="/console/login/oidc">{props.ctx.deps.oidc.label}</a></p>}
        <p class="muted">The users of the authorization server (enterprise-mcp users create) with a role in a tenant.</p>
      </div>
    </Page>
  );
}

/** Login needs no CSRF token (there is no session yet): the Origin check and SameSite=Strict cover it. */
export function loginRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/login', (c) => c.html(<LoginForm ctx={ctx} />));
  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body['email'] === 'string' ? body['email'] : '';
    const password = typeof body['password'] === 'string' ? body['password'] : '';
    const user = email && password ? await authenticateUser(ctx.deps.prisma, email, password) : undefined;
    if (!user) return c.html(<LoginForm ctx={ctx} email={email} error="Wrong email or password." />, 401);
    if (!(await membershipsOf(ctx.deps.prisma, user.id)).length) {
      return c.html(<LoginForm ctx={ctx} email={email} error="This user has no role in any tenant: an admin adds one with enterprise-mcp users add-membership --tenant <slug> --role viewer." />, 403);
    }
    await startSession(c, ctx.deps, user.id);
    return c.redirect('/console/tenants', 303);
  });
  app.post('/logout', async (c) => {
    await endSession(c, ctx.deps);
    return c.redirect('/console/login', 303);
  });
}
