/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { ToolExecutionStatus } from '@enterprise-mcp/core';
import type { Prisma, ToolExecution } from '@enterprise-mcp/database';
import { notMember, render, type ConsoleC, type ConsoleContext } from '../context.js';
import { when } from '../layout.js';
import { visibleTenantIds, type ConsoleEnv } from '../session.js';

const STATUSES: ToolExecutionStatus[] = ['ok', 'tool_error', 'denied', 'rate_limited', 'upstream_error', 'timeout', 'cancelled', 'no_credentials'];
const POLL = 'every 5s';

export interface AuditFilters {
  tenant?: string;
  key?: string;
  user?: string;
  tool?: string;
  status?: ToolExecutionStatus;
  /** Hours back from now. */
  hours?: number;
}

export function filtersOf(c: ConsoleC): AuditFilters {
  const q = (name: string) => c.req.query(name)?.trim() || undefined;
  const status = q('status');
  const hours = Number(q('hours'));
  return {
    tenant: q('tenant'),
    key: q('key'),
    user: q('user'),
    tool: q('tool'),
    status: STATUSES.includes(status as ToolExecutionStatus) ? (status as ToolExecutionStatus) : undefined,
    hours: hours > 0 ? hours : undefined,
  };
}

/** Always within the session's tenants: a filter may narrow the rows, never widen them. */
export function auditWhere(tenantIds: string[], f: AuditFilters): Prisma.ToolExecutionWhereInput {
  const tenants = f.tenant ? tenantIds.filter((id) => id === f.tenant) : tenantIds;
  return {
    tenantId: { in: tenants },
    ...(f.key ? { apiKeyId: f.key } : {}),
    ...(f.user ? { userId: f.user } : {}),
    ...(f.tool ? (f.tool.endsWith('*') ? { toolName: { startsWith: f.tool.slice(0, -1) } } : { toolName: f.tool }) : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.hours ? { timestamp: { gt: new Date(Date.now() - f.hours * 3_600_000) } } : {}),
  };
}

function Rows(props: { rows: ToolExecution[] }) {
  return (
    <>
      {props.rows.map((r) => (
        <tr data-id={r.id}>
          <td>{when(r.timestamp)}</td>
          <td><a href={`/console/audit/${r.id}`}>{r.toolName}</a></td>
          <td class={r.status === 'ok' ? 'status-ok' : 'status-bad'}>{r.status}</td>
          <td>{`${r.durationMs} ms`}</td>
          <td><code>{r.apiKeyId ?? r.userId ?? '—'}</code></td>
          <td>{r.clientName ?? '—'}</td>
        </tr>
      ))}
      {!props.rows.length && (
        <tr><td colspan={6} class="muted">No calls match these filters yet.</td></tr>
      )}
    </>
  );
}

export function auditRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  const rows = (c: ConsoleC) =>
    ctx.deps.prisma.toolExecution.findMany({ where: auditWhere(visibleTenantIds(c.get('session')), filtersOf(c)), orderBy: [{ timestamp: 'desc' }, { id: 'desc' }], take: 100 });

  app.get('/audit/rows', async (c) => c.html(<Rows rows={await rows(c)} />));

  app.get('/audit', async (c) => {
    const f = filtersOf(c);
    const session = c.get('session');
    const query = new URLSearchParams(Object.entries(f).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]]))).toString();
    return render(
      ctx,
      c,
      'Audit trail',
      <>
        <form class="filters" method="get" action="/console/audit">
          <label>Tenant <select name="tenant"><option value="">all yours</option>{session.memberships.map((m) => <option value={m.tenant.id} selected={f.tenant === m.tenant.id}>{m.tenant.slug}</option>)}</select></label>
          <label>Last <select name="hours">{[['', 'any time'], ['1', '1 hour'], ['24', '24 hours'], ['168', '7 days']].map(([v, l]) => <option value={v} selected={String(f.hours ?? '') === v}>{l}</option>)}</select></label>
          <label>Key id <input name="key" value={f.key ?? ''} size={12} /></label>
          <label>User id <input name="user" value={f.user ?? ''} size={12} /></label>
          <label>Tool <input name="tool" value={f.tool ?? ''} placeholder="cloudflare_*" size={16} /></label>
          <label>Status <select name="status"><option value="">any</option>{STATUSES.map((s) => <option selected={f.status === s}>{s}</option>)}</select></label>
          <button type="submit">Filter</button>
        </form>
        <table>
          <thead><tr><th>Time</th><th>Tool</th><th>Status</th><th>Duration</th><th>Key / user</th><th>Client</th></tr></thead>
          <tbody id="audit-rows" hx-get={`/console/audit/rows?${query}`} hx-trigger={POLL} hx-swap="innerHTML">
            <Rows rows={await rows(c)} />
          </tbody>
        </table>
        <p class="muted">Refreshes every 5 seconds.</p>
      </>,
    );
  });

  app.get('/audit/:id', async (c) => {
    const row = await ctx.deps.prisma.toolExecution.findUnique({ where: { id: c.req.param('id') } });
    if (!row || !visibleTenantIds(c.get('session')).includes(row.tenantId)) return notMember(ctx, c);
    const facts: Array<[string, string]> = [
      ['Time', when(row.timestamp)],
      ['Tenant', row.tenantId],
      ['Tool', `${row.ecosystem} · ${row.toolName}`],
      ['Status', row.status + (row.errorCode ? ` (${row.errorCode})` : '')],
      ['Error', row.errorMessage ?? '—'],
      ['Duration', `${row.durationMs} ms${row.cached ? ' (from the cache)' : ''}`],
      ['API key', row.apiKeyId ?? '—'],
      ['User / OAuth client', `${row.userId ?? '—'} / ${row.oauthClientId ?? '—'}`],
      ['Client', `${row.clientName ?? '—'} ${row.clientVersion ?? ''}`],
      ['Request id', row.requestId ?? '—'],
      ['traceparent', row.traceparent ?? '—'],
      ["Platform's request ids", row.upstreamRequestIds.join(', ') || '—'],
    ];
    return render(
      ctx,
      c,
      `Call ${row.toolName}`,
      <>
        <table><tbody>{facts.map(([k, v]) => <tr><th>{k}</th><td><code>{v}</code></td></tr>)}</tbody></table>
        <h2>Arguments (secrets redacted when the call was recorded)</h2>
        <pre>{JSON.stringify(row.arguments, null, 2)}</pre>
      </>,
    );
  });
}
