/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { field, forbidden, notMember, render, type ConsoleC, type ConsoleContext } from '../context.js';
import type { ApprovalStatus, ApprovalSummary } from '../deps.js';
import { Csrf, Notice, when } from '../layout.js';
import { mayChange, visibleTenantIds, type ConsoleEnv } from '../session.js';

const STATUSES: ApprovalStatus[] = ['pending', 'approved', 'denied', 'used', 'expired'];

function Decide(props: { c: ConsoleC; item: ApprovalSummary }) {
  const session = props.c.get('session');
  if (props.item.status !== 'pending' || !mayChange(session, props.item.tenantId)) return null;
  return (
    <>
      <form class="inline" method="post" action={`/console/approvals/${props.item.id}/approve`}>
        <Csrf session={session} />
        <button type="submit">Approve</button>
      </form>{' '}
      <form class="inline" method="post" action={`/console/approvals/${props.item.id}/deny`}>
        <Csrf session={session} />
        <input name="reason" placeholder="reason (optional)" size={18} /> <button class="danger" type="submit">Deny</button>
      </form>
    </>
  );
}

export function approvalRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  const visible = async (c: ConsoleC) => {
    const item = await ctx.deps.approvals.get(c.req.param('id') ?? '');
    return item && visibleTenantIds(c.get('session')).includes(item.tenantId) ? item : undefined;
  };

  app.get('/approvals', async (c) => {
    const asked = c.req.query('status') as ApprovalStatus | undefined;
    const status = asked && STATUSES.includes(asked) ? asked : 'pending';
    const items = await ctx.deps.approvals.list({ tenantIds: visibleTenantIds(c.get('session')), status, limit: 200 });
    return render(
      ctx,
      c,
      'Approvals',
      <>
        <p>{STATUSES.map((s) => (s === status ? <strong>{s} </strong> : <><a href={`/console/approvals?status=${s}`}>{s}</a> </>))}</p>
        <table id="approvals">
          <thead><tr><th>Requested</th><th>Tool</th><th>Tenant</th><th>By</th><th>Expires</th><th>Status</th><th></th></tr></thead>
          <tbody>
            {items.map((item) => (
              <tr data-id={item.id}>
                <td>{when(item.requestedAt)}</td>
                <td><a href={`/console/approvals/${item.id}`}>{item.toolName}</a></td>
                <td><code>{item.tenantId}</code></td>
                <td><code>{item.apiKeyId ?? item.userId ?? '—'}</code></td>
                <td>{when(item.expiresAt)}</td>
                <td>{item.status}</td>
                <td><Decide c={c} item={item} /></td>
              </tr>
            ))}
            {!items.length && <tr><td colspan={7} class="muted">{`Nothing ${status}.`}</td></tr>}
          </tbody>
        </table>
      </>,
    );
  });

  app.get('/approvals/:id', async (c) => {
    const item = await visible(c);
    if (!item) return notMember(ctx, c);
    return render(ctx, c, `Approval for ${item.toolName}`, <ApprovalDetail c={c} item={item} />);
  });

  app.post('/approvals/:id/:decision{approve|deny}', async (c) => {
    const item = await visible(c);
    if (!item) return notMember(ctx, c);
    const session = c.get('session');
    if (!mayChange(session, item.tenantId)) return forbidden(ctx, c, 'deciding an approval');
    const body = await c.req.parseBody();
    try {
      const decided =
        c.req.param('decision') === 'approve'
          ? await ctx.deps.approvals.approve(item.id, session.userId)
          : await ctx.deps.approvals.deny(item.id, session.userId, field(body, 'reason') || undefined);
      return render(ctx, c, `Approval for ${decided.toolName}`, <ApprovalDetail c={c} item={decided} notice={`Marked ${decided.status}.`} />);
    } catch (error) {
      return render(ctx, c, `Approval for ${item.toolName}`, <ApprovalDetail c={c} item={item} error={error instanceof Error ? error.message : String(error)} />, 400);
    }
  });
}

function ApprovalDetail(props: { c: ConsoleC; item: ApprovalSummary; notice?: string; error?: string }) {
  const { item } = props;
  return (
    <>
      {props.notice && <Notice>{props.notice}</Notice>}
      {props.error && <Notice tone="bad">{props.error}</Notice>}
      <table>
        <tbody>
          <tr><th>Status</th><td id="approval-status">{item.status}</td></tr>
          <tr><th>Tool</th><td>{`${item.ecosystem} · ${item.toolName}`}</td></tr>
          <tr><th>Tenant</th><td><code>{item.tenantId}</code></td></tr>
          <tr><th>Requested by</th><td><code>{item.apiKeyId ? `key ${item.apiKeyId}` : `user ${item.userId ?? '—'}`}</code></td></tr>
          <tr><th>Requested / expires</th><td>{`${when(item.requestedAt)} / ${when(item.expiresAt)}`}</td></tr>
          <tr><th>Decided</th><td>{item.decidedBy ? `${item.decidedBy} at ${when(item.decidedAt)}${item.reason ? `: ${item.reason}` : ''}` : '—'}</td></tr>
        </tbody>
      </table>
      <h2>Arguments (exactly what will run)</h2>
      <pre>{JSON.stringify(item.arguments, null, 2)}</pre>
      <Decide c={props.c} item={item} />
    </>
  );
}
