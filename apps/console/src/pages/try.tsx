/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { field, render, type ConsoleC, type ConsoleContext } from '../context.js';
import type { ConsoleTool } from '../deps.js';
import { Csrf, Notice } from '../layout.js';
import { roleIn, type ConsoleEnv } from '../session.js';
import { argumentsFrom, SchemaFields } from '../schema-form.js';

function ToolForm(props: { c: ConsoleC; tool: ConsoleTool }) {
  const session = props.c.get('session');
  return (
    <form method="post" action={`/console/try/${props.tool.name}`}>
      <fieldset>
        <legend>{props.tool.name}</legend>
        <p class="muted">{props.tool.description}</p>
        <Csrf session={session} />
        <label>Tenant <select name="tenant">{session.memberships.map((m) => <option value={m.tenant.id}>{`${m.tenant.slug} (${m.role})`}</option>)}</select></label>
        <SchemaFields schema={props.tool.inputSchema} />
        <button type="submit">Call</button>
      </fieldset>
    </form>
  );
}

export function tryRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  const find = (name: string | undefined) => ctx.deps.tools().find((t) => t.name === name);

  app.get('/try', (c) => {
    const tools = ctx.deps.tools();
    return render(
      ctx,
      c,
      'Try a tool',
      <table>
        <thead><tr><th>Tool</th><th>Ecosystem</th><th>Kind</th><th>Description</th></tr></thead>
        <tbody>{tools.map((t) => <tr><td><a href={`/console/try/${t.name}`}>{t.name}</a></td><td>{t.ecosystem}</td><td>{t.readOnly ? 'read' : 'write'}</td><td>{t.description?.split('\n')[0]}</td></tr>)}</tbody>
      </table>,
    );
  });

  app.get('/try/:tool', (c) => {
    const tool = find(c.req.param('tool'));
    if (!tool) return render(ctx, c, 'Not found', <p>No such tool; see <a href="/console/try">the list</a>.</p>, 404);
    return render(ctx, c, `Try ${tool.name}`, <ToolForm c={c} tool={tool} />);
  });

  app.post('/try/:tool', async (c) => {
    const tool = find(c.req.param('tool'));
    if (!tool) return render(ctx, c, 'Not found', <p>No such tool.</p>, 404);
    const session = c.get('session');
    const body = await c.req.parseBody();
    const tenantId = field(body, 'tenant');
    const role = roleIn(session, tenantId);
    if (!role) return render(ctx, c, `Try ${tool.name}`, <><Notice tone="bad">Choose one of your tenants.</Notice><ToolForm c={c} tool={tool} /></>, 400);
    const parsed = argumentsFrom(tool.inputSchema, body);
    if ('error' in parsed) return render(ctx, c, `Try ${tool.name}`, <><Notice tone="bad">{parsed.error}</Notice><ToolForm c={c} tool={tool} /></>, 400);
    // A viewer's call is read-only, like a viewer's OAuth token: the call path refuses write tools.
    const result = await ctx.deps.callTool({ tenantId, userId: session.userId, readOnly: role === 'viewer', name: tool.name, args: parsed.args });
    // The text is compact JSON for models; a person reads the structured result indented.
    const text = result.structuredContent && !result.isError ? JSON.stringify(result.structuredContent, null, 2) : result.content.map((part) => part.text ?? JSON.stringify(part)).join('\n');
    return render(
      ctx,
      c,
      `Try ${tool.name}`,
      <>
        <h2 class={result.isError ? 'status-bad' : 'status-ok'}>{result.isError ? 'Error' : 'Result'}</h2>
        <pre id="result">{text}</pre>
        <p class="muted">Recorded in the audit trail like any call.</p>
        <ToolForm c={c} tool={tool} />
      </>,
    );
  });
}
