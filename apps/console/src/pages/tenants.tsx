/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { createApiKey, listApiKeys, revokeApiKey } from '@enterprise-mcp/tenancy';
import { field, forbidden, list, notMember, render, tenantOf, type ConsoleContext } from '../context.js';
import { Csrf, Notice, when } from '../layout.js';
import { mayChange, roleIn, type ConsoleEnv } from '../session.js';

export function tenantRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/tenants', (c) => {
    const session = c.get('session');
    return render(
      ctx,
      c,
      'Tenants',
      session.memberships.length ? (
        <table>
          <thead>
            <tr><th>Tenant</th><th>Slug</th><th>Status</th><th>Your role</th><th></th></tr>
          </thead>
          <tbody>
            {session.memberships.map((m) => (
              <tr>
                <td>{m.tenant.name}</td>
                <td><code>{m.tenant.slug}</code></td>
                <td>{m.tenant.status}</td>
                <td>{m.role}</td>
                <td>
                  <a href={`/console/tenants/${m.tenant.id}/keys`}>API keys</a> · <a href={`/console/tenants/${m.tenant.id}/connections`}>Connections</a> ·{' '}
                  <a href={`/console/audit?tenant=${m.tenant.id}`}>Audit</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>You are not a member of any active tenant. An operator adds you with enterprise-mcp users add-membership.</p>
      ),
    );
  });

  app.get('/tenants/:tenant/keys', async (c) => {
    const tenant = tenantOf(c);
    if (!tenant) return notMember(ctx, c);
    return keysPage(ctx, c, tenant.id);
  });

  app.post('/tenants/:tenant/keys', async (c) => {
    const tenant = tenantOf(c);
    if (!tenant) return notMember(ctx, c);
    const session = c.get('session');
    if (!mayChange(session, tenant.id)) return forbidden(ctx, c, 'creating an API key');
    const body = await c.req.parseBody();
    try {
      const { key, record } = await createApiKey(ctx.deps.prisma, {
        tenantId: tenant.id,
        name: field(body, 'name'),
        tools: list(field(body, 'tools')),
        ecosystems: list(field(body, 'ecosystems')),
        readOnly: body['readOnly'] === 'on',
      });
      return keysPage(ctx, c, tenant.id, { created: { key, name: record.name } });
    } catch (error) {
      return keysPage(ctx, c, tenant.id, { error: error instanceof Error ? error.message : String(error) }, 400);
    }
  });

  app.post('/tenants/:tenant/keys/:key/revoke', async (c) => {
    const tenant = tenantOf(c);
    if (!tenant) return notMember(ctx, c);
    if (!mayChange(c.get('session'), tenant.id)) return forbidden(ctx, c, 'revoking an API key');
    const keys = await listApiKeys(ctx.deps.prisma, { tenantId: tenant.id });
    const key = keys.find((k) => k.id === c.req.param('key'));
    if (!key) return keysPage(ctx, c, tenant.id, { error: 'No such key in this tenant.' }, 404);
    await revokeApiKey(ctx.deps.prisma, key.id);
    return keysPage(ctx, c, tenant.id, { revoked: key.name });
  });
}

interface KeysNotice {
  created?: { key: string; name: string };
  revoked?: string;
  error?: string;
}

async function keysPage(ctx: ConsoleContext, c: Parameters<typeof tenantOf>[0], tenantId: string, notice: KeysNotice = {}, status: 200 | 400 | 404 = 200) {
  const session = c.get('session');
  const keys = await listApiKeys(ctx.deps.prisma, { tenantId });
  const canChange = mayChange(session, tenantId);
  const tenant = session.memberships.find((m) => m.tenant.id === tenantId)!.tenant;
  return render(
    ctx,
    c,
    `API keys · ${tenant.name}`,
    <>
      {notice.created && (
        <Notice>
          <p>{`Key "${notice.created.name}" created. Copy it now: it is shown this once and never again.`}</p>
          <p class="secret" id="new-key">{notice.created.key}</p>
        </Notice>
      )}
      {notice.revoked && <Notice>{`Key "${notice.revoked}" revoked: it stops working within the key cache's lifetime.`}</Notice>}
      {notice.error && <Notice tone="bad">{notice.error}</Notice>}
      <table id="keys">
        <thead>
          <tr><th>Name</th><th>Key</th><th>Scope</th><th>Created</th><th>Last used</th><th>State</th><th></th></tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr data-key={k.id}>
              <td>{k.name}</td>
              <td><code>{k.masked}</code></td>
              <td>
                {k.readOnly ? 'read-only' : 'read and write'}
                {k.ecosystems.length ? ` · ${k.ecosystems.join(', ')}` : ''}
                {k.tools.length ? ` · ${k.tools.join(', ')}` : ''}
              </td>
              <td>{when(k.createdAt)}</td>
              <td>{when(k.lastUsedAt)}</td>
              <td>{k.revokedAt ? <span class="status-bad">revoked</span> : <span class="status-ok">active</span>}</td>
              <td>
                {canChange && !k.revokedAt && (
                  <form class="inline" method="post" action={`/console/tenants/${tenantId}/keys/${k.id}/revoke`}>
                    <Csrf session={session} />
                    <button class="danger" type="submit">Revoke</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canChange ? (
        <form method="post" action={`/console/tenants/${tenantId}/keys`}>
          <fieldset>
            <legend>New API key</legend>
            <Csrf session={session} />
            <label>Name <input name="name" required placeholder="claude-desktop" /></label>
            <label>Ecosystems (empty: all the tenant's) <input name="ecosystems" placeholder="cloudflare, quickbooks" /></label>
            <label>Tools or globs (empty: all) <input name="tools" placeholder="cloudflare_list_*" /></label>
            <label><input type="checkbox" name="readOnly" /> Read-only</label>
            <button type="submit">Create key</button>
          </fieldset>
        </form>
      ) : (
        <p class="muted">{`Your role here is ${roleIn(session, tenantId)}: creating and revoking keys needs admin.`}</p>
      )}
    </>,
    status,
  );
}
