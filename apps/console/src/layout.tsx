/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { Session } from './session.js';

export interface PageAssets {
  htmx: string;
  css: string;
}

const NAV: Array<[string, string]> = [
  ['/console/tenants', 'Tenants'],
  ['/console/audit', 'Audit'],
  ['/console/charts', 'Charts'],
  ['/console/approvals', 'Approvals'],
  ['/console/try', 'Try a tool'],
];

/** htmx's own inline indicator styles would need 'unsafe-inline' under the CSP: they are turned off. */
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false });

export function Page(props: { title: string; assets: PageAssets; session?: Session; children?: Child }) {
  const { session } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} · Enterprise MCP console`}</title>
        <link rel="stylesheet" href={props.assets.css} />
        <script src={props.assets.htmx} defer></script>
      </head>
      <body hx-headers={session ? JSON.stringify({ 'x-csrf-token': session.csrf }) : undefined}>
        {session && (
          <header>
            <strong>Enterprise MCP</strong>
            <nav>
              {NAV.map(([href, label]) => (
                <a href={href}>{label}</a>
              ))}
            </nav>
            <span class="who">{session.email}</span>
            <form class="inline" method="post" action="/console/logout">
              <input type="hidden" name="csrf" value={session.csrf} />
              <button class="secondary" type="submit">Sign out</button>
            </form>
          </header>
        )}
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function Csrf(props: { session: Session }) {
  return <input type="hidden" name="csrf" value={props.session.csrf} />;
}

export function Notice(props: { tone?: 'bad'; children?: Child }) {
  return <div class={props.tone === 'bad' ? 'notice bad' : 'notice'}>{props.children}</div>;
}

export function when(date: Date | null | undefined): string {
  return date ? date.toISOString().replace('T', ' ').slice(0, 19) + 'Z' : '—';
}
