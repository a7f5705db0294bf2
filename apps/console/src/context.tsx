/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ConsoleDeps } from './deps.js';
import { Page, type PageAssets } from './layout.js';
import { roleIn, type ConsoleEnv, type Session } from './session.js';

export interface ConsoleContext {
  deps: ConsoleDeps;
  assets: PageAssets;
}

export type ConsoleC = Context<ConsoleEnv>;

export function render(ctx: ConsoleContext, c: ConsoleC, title: string, body: Child, status: 200 | 400 | 403 | 404 = 200) {
  return c.html(
    <Page title={title} assets={ctx.assets} session={c.get('session')}>
      {body}
    </Page>,
    status,
  );
}

/** The tenant in the path, if the session is a member there; else a 404 that says nothing about whether it exists. */
export function tenantOf(c: ConsoleC): Session['memberships'][number]['tenant'] | undefined {
  const session = c.get('session');
  const id = c.req.param('tenant');
  return id && roleIn(session, id) ? session.memberships.find((m) => m.tenant.id === id)!.tenant : undefined;
}

export function notMember(ctx: ConsoleContext, c: ConsoleC) {
  return render(ctx, c, 'Not found', <p>No such tenant among yours. Your tenants are listed under <a href="/console/tenants">Tenants</a>.</p>, 404);
}

export function forbidden(ctx: ConsoleContext, c: ConsoleC, what: string) {
  return render(ctx, c, 'Not allowed', <p>{`Your role in this tenant may look but not change: ${what} needs the admin role (enterprise-mcp users add-membership --role admin).`}</p>, 403);
}

export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

export function list(value: string): string[] {
  return value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}
