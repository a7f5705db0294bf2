/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { ToolExecutionStatus } from '@enterprise-mcp/core';
import type { Prisma, PrismaClient, ToolExecution } from '@enterprise-mcp/database';
import { notMember, render, type ConsoleC, type ConsoleContext } from '../context.js';
import { when } from '../layout.js';
import { visibleTenantIds, type ConsoleEnv } from '../session.js';

const STATUSES: ToolExecutionStatus[] = ['ok', 'tool_error', 'denied', 'rate_limited', 'upstream_error', 'timeout', 'cancelled', 'no_credentials'];
const POLL = 'every 5s';

export interface AuditFilters {
  tenant?: string;
  /** A key's name (or id). */
  key?: string;
  /** A user's email (or id). */
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

/** The ids a key name or user email stands for: audit rows keep ids, people type names. */
export interface ResolvedNames {
  apiKeyIds?: string[];
  userIds?: string[];
}

export async function resolveNames(prisma: PrismaClient, tenantIds: string[], f: AuditFilters): Promise<ResolvedNames> {
  const keys = f.key ? await prisma.apiKey.findMany({ where: { tenantId: { in: tenantIds }, OR: [{ name: { equals: f.key, mode: 'insensitive' } }, { id: f.key }] }, select: { id: true } }) : undefined;
  const users = f.user ? await prisma.user.findMany({ where: { OR: [{ email: f.user.toLowerCase() }, { id: f.user }] }, select: { id: true } }) : undefined;
  return { apiKeyIds: keys?.map((k) => k.id), userIds: users?.map((u) => u.id) };
}

/** Always within the session's tenants: a filter may narrow the rows, never widen them. */
export function auditWhere(tenantIds: string[], f: AuditFilters, names: ResolvedNames = {}): Prisma.ToolExecutionWhereInput {
  const tenants = f.tenant ? tenantIds.filter((id) => id === f.tenant) : tenantIds;
  return {
    tenantId: { in: tenants },
    ...(f.key ? { apiKeyId: { in: names.apiKeyIds ?? [] } } : {}),
    ...(f.user ? { userId: { in: names.userIds ?? [] } } : {}),
    ...(f.tool ? (f.tool.endsWith('*') ? { toolName: { startsWith: f.tool.slice(0, -1) } } : { toolName: f.tool }) : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.hours ? { timestamp: { gt: new Date(Date.now() - f.hours * 3_600_000) } } : {}),
  };
}

/** Key names and user emails for the ids of these rows, in two queries. */
export interface Names {
  keys: Map<string, string>;
  users: Map<string, string>;
}

async function namesOf(prisma: PrismaClient, rows: Array<Pick<ToolExecution, 'apiKeyId' | 'userId'>>): Promise<Names> {
  const keyIds = [...new Set(rows.flatMap((r) => (r.apiKeyId ? [r.apiKeyId] : [])))];
  const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const [keys, users] = await Promise.all([
    keyIds.length ? prisma.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } }) : [],
    userIds.length ? prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
  ]);
  return { keys: new Map(keys.map((k) => [k.id, k.name])), users: new Map(users.map((u) => [u.id, u.email])) };
}

/** A key or user that was deleted since keeps its id in the trail. */
function who(r: Pick<ToolExecution, 'apiKeyId' | 'userId'>, names: Names): string {
  if (r.apiKeyId) return `key ${names.keys.get(r.apiKeyId) ?? r.apiKeyId}`;
  if (r.userId) return names.users.get(r.userId) ?? r.userId;
  return '—';
}

function Rows(props: { rows: ToolExecution[]; names: Names }) {
  return (
    <>
      {props.rows.map((r) => (
        <tr data-id={r.id}>
          <td>{when(r.timestamp)}</td>
          <td><a href={`/console/audit/${r.id}`}>{r.toolName}</a></td>
          <td class={r.status === 'ok' ? 'status-ok' : 'status-bad'}>{r.status}</td>
          <td>{`${r.durationMs} ms`}</td>
          <td>{who(r, props.names)}</td>
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
  const prisma = ctx.deps.prisma;
  const rows = async (c: ConsoleC) => {
    const tenantIds = visibleTenantIds(c.get('session'));
    const f = filtersOf(c);
    const found = await prisma.toolExecution.findMany({ where: auditWhere(tenantIds, f, await resolveNames(prisma, tenantIds, f)), orderBy: [{ timestamp: 'desc' }, { id: 'desc' }], take: 100 });
    return <Rows rows={found} names={await namesOf(prisma, found)} />;
  };

  app.get('/audit/rows', async (c) => c.html(await rows(c)));

  app.get('/audit', async (c) => {
    const f = filtersOf(c);
    const session = c.get('session');
    const tenantIds = visibleTenantIds(session);
    const [keys, members] = await Promise.all([
      prisma.apiKey.findMany({ where: { tenantId: { in: tenantIds } }, select: { name: true }, orderBy: { name: 'asc' } }),
      prisma.user.findMany({ where: { memberships: { some: { tenantId: { in: tenantIds } } } }, select: { email: true }, orderBy: { email: 'asc' } }),
    ]);
    const keyNames = [...new Set(keys.map((k) => k.name))];
    const emails = members.map((u) => u.email);
    const query = new URLSearchParams(Object.entries(f).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]]))).toString();
    return render(
      ctx,
      c,
      'Audit trail',
      <>
        <form class="filters" method="get" action="/console/audit">
          <label>Tenant <select name="tenant"><option value="">all yours</option>{session.memberships.map((m) => <option value={m.tenant.id} selected={f.tenant === m.tenant.id}>{m.tenant.slug}</option>)}</select></label>
          <label>Last <select name="hours">{[['', 'any time'], ['1', '1 hour'], ['24', '24 hours'], ['168', '7 days']].map(([v, l]) => <option value={v} selected={String(f.hours ?? '') === v}>{l}</option>)}</select></label>
          <label>Key <input name="key" value={f.key ?? ''} list="key-names" placeholder="name" size={14} /></label>
          <label>User <input name="user" value={f.user ?? ''} list="user-emails" placeholder="email" size={18} /></label>
          <datalist id="key-names">{keyNames.map((n) => <option value={n} />)}</datalist>
          <datalist id="user-emails">{emails.map((e) => <option value={e} />)}</datalist>
          <label>Tool <input name="tool" value={f.tool ?? ''} placeholder="cloudflare_*" size={16} /></label>
          <label>Status <select name="status"><option value="">any</option>{STATUSES.map((s) => <option selected={f.status === s}>{s}</option>)}</select></label>
          <button type="submit">Filter</button>
        </form>
        <table>
          <thead><tr><th>Time</th><th>Tool</th><th>Status</th><th>Duration</th><th>Key / user</th><th>Client</th></tr></thead>
          <tbody id="audit-rows" hx-get={`/console/audit/rows?${query}`} hx-trigger={POLL} hx-swap="innerHTML">
            {await rows(c)}
          </tbody>
        </table>
        <p class="muted">Refreshes every 5 seconds.</p>
      </>,
    );
  });

  app.get('/audit/:id', async (c) => {
    const row = await ctx.deps.prisma.toolExecution.findUnique({ where: { id: c.req.param('id') } });
    if (!row || !visibleTenantIds(c.get('session')).includes(row.tenantId)) return notMember(ctx, c);
    const names = await namesOf(prisma, [row]);
    const tenant = c.get('session').memberships.find((m) => m.tenant.id === row.tenantId)!.tenant;
    const named = (id: string | null, name: string | undefined) => (id ? (name ? `${name} (${id})` : id) : '—');
    const facts: Array<[string, string]> = [
      ['Time', when(row.timestamp)],
      ['Tenant', `${tenant.slug} (${row.tenantId})`],
      ['Tool', `${row.ecosystem} · ${row.toolName}`],
      ['Status', row.status + (row.errorCode ? ` (${row.errorCode})` : '')],
      ['Error', row.errorMessage ?? '—'],
      ['Duration', `${row.durationMs} ms${row.cached ? ' (from the cache)' : ''}`],
      ['API key', named(row.apiKeyId, row.apiKeyId ? names.keys.get(row.apiKeyId) : undefined)],
      ['User / OAuth client', `${named(row.userId, row.userId ? names.users.get(row.userId) : undefined)} / ${row.oauthClientId ?? '—'}`],
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
