/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { field, forbidden, notMember, render, tenantOf, type ConsoleC, type ConsoleContext } from '../context.js';
import { Csrf, Notice, when } from '../layout.js';
import { mayChange, type ConsoleEnv } from '../session.js';

const SOON_MS = 14 * 24 * 3_600_000;

async function page(ctx: ConsoleContext, c: ConsoleC, tenantId: string, notice?: { link?: string; text?: string; error?: string }) {
  const session = c.get('session');
  const tenant = session.memberships.find((m) => m.tenant.id === tenantId)!.tenant;
  const connections = ctx.deps.connections;
  if (!connections) return render(ctx, c, `Connections · ${tenant.name}`, <p>OAuth connections are off on this server (set CREDENTIALS_ENCRYPTION_KEY to store their tokens).</p>);
  const rows = await connections.list(tenantId);
  const canChange = mayChange(session, tenantId);
  const action = (path: string, label: string, extra?: Record<string, string>, danger?: boolean) => (
    <form class="inline" method="post" action={`/console/tenants/${tenantId}/connections/${path}`}>
      <Csrf session={session} />
      {Object.entries(extra ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button class={danger ? 'danger' : 'secondary'} type="submit">{label}</button>
    </form>
  );
  return render(
    ctx,
    c,
    `Connections · ${tenant.name}`,
    <>
      {notice?.link && <Notice><p>{notice.text}</p><p><a href={notice.link} id="connect-link">{notice.link}</a></p><p class="muted">Works once, for 10 minutes.</p></Notice>}
      {notice?.text && !notice.link && <Notice>{notice.text}</Notice>}
      {notice?.error && <Notice tone="bad">{notice.error}</Notice>}
      <table>
        <thead><tr><th>Platform</th><th>Account</th><th>Status</th><th>Access until</th><th>Refresh until</th><th>Warnings</th><th></th></tr></thead>
        <tbody>
          {rows.map((r) => {
            const soon = r.refreshExpiresAt && r.refreshExpiresAt.getTime() - Date.now() < SOON_MS;
            return (
              <tr>
                <td>{r.ecosystem}</td>
                <td>{r.displayName ?? r.name}</td>
                <td class={r.status === 'active' ? 'status-ok' : 'status-bad'}>{r.status}{r.lastError ? ` (${r.lastError})` : ''}</td>
                <td>{when(r.accessExpiresAt)}</td>
                <td class={soon ? 'warn' : ''}>{when(r.refreshExpiresAt)}{soon ? ' (soon)' : ''}</td>
                <td class="warn">{r.warnings.join('; ')}</td>
                <td>{canChange && r.status !== 'revoked' && <>{action('reconnect', 'Reconnect', { ecosystem: r.ecosystem, connection: r.id })} {action('disconnect', 'Disconnect', { connection: r.id }, true)}</>}</td>
              </tr>
            );
          })}
          {!rows.length && <tr><td colspan={7} class="muted">No connected accounts yet.</td></tr>}
        </tbody>
      </table>
      {canChange && (
        <p>{connections.ecosystems().map((e) => <>{action('connect', `Connect ${e}`, { ecosystem: e })} </>)}</p>
      )}
    </>,
  );
}

export function connectionRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/tenants/:tenant/connections', (c) => {
    const tenant = tenantOf(c);
    return tenant ? page(ctx, c, tenant.id) : notMember(ctx, c);
  });
  app.post('/tenants/:tenant/connections/:action{connect|reconnect|disconnect}', async (c) => {
    const tenant = tenantOf(c);
    if (!tenant) return notMember(ctx, c);
    if (!mayChange(c.get('session'), tenant.id) || !ctx.deps.connections) return forbidden(ctx, c, 'changing a connection');
    const body = await c.req.parseBody();
    const connection = field(body, 'connection');
    try {
      if (c.req.param('action') === 'disconnect') {
        await ctx.deps.connections.disconnect(tenant.id, connection);
        return page(ctx, c, tenant.id, { text: 'Disconnected: its tokens are erased.' });
      }
      const ecosystem = field(body, 'ecosystem');
      const link = await ctx.deps.connections.connectLink({ tenantId: tenant.id, ecosystem, ...(connection ? { connectionId: connection } : {}) });
      return page(ctx, c, tenant.id, { link: link.url, text: `Open this link to ${connection ? 'reconnect' : 'connect'} ${ecosystem}:` });
    } catch (error) {
      return page(ctx, c, tenant.id, { error: error instanceof Error ? error.message : String(error) });
    }
  });
}
