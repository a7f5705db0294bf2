import { createHash } from 'node:crypto';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A template tag that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
body{margin:0;display:flex;justify-content:center;padding:6vh 1rem;background:Canvas;color:CanvasText}
main{max-width:30rem;width:100%}
h1{font-size:1.35rem;margin:0 0 1rem}
p,li{line-height:1.45}
.card{border:1px solid color-mix(in srgb,CanvasText 20%,transparent);border-radius:.6rem;padding:1.25rem 1.5rem}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input[type=email],input[type=password],select{width:100%;box-sizing:border-box;padding:.55rem;font:inherit;border-radius:.35rem;border:1px solid color-mix(in srgb,CanvasText 35%,transparent)}
button,.button{margin-top:1.1rem;padding:.6rem 1.1rem;font:inherit;border-radius:.35rem;border:1px solid transparent;cursor:pointer;background:#2757d6;color:#fff;text-decoration:none;display:inline-block}
button.secondary{background:transparent;color:inherit;border-color:color-mix(in srgb,CanvasText 35%,transparent)}
.error{color:#c62828;font-weight:600}
.muted{opacity:.75;font-size:.92rem}
code{font-size:.9em;word-break:break-all}
.row{display:flex;gap:.6rem;flex-wrap:wrap}
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * A whole page. Its CSP allows only its own stylesheet, no script at all, and
 * form posts to this server and to `formTargets` (Chromium applies
 * form-action to the redirect that follows a post, which ends at the client).
 */
export function page(title: string, body: Html, formTargets: string[] = []): { body: string; csp: string } {
  const document = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin"><title>${title}</title><style>${new Html(STYLE)}</style></head>
<body><main>${body}</main></body></html>`;
  const targets = ["'self'", ...formTargets.map(cspSource)].join(' ');
  return { body: document.value, csp: `default-src 'none'; style-src ${STYLE_HASH}; form-action ${targets}; frame-ancestors 'none'; base-uri 'none'` };
}

/** A redirect URI as a CSP source: its origin, or its scheme for custom-scheme apps (`cursor:`). */
function cspSource(uri: string): string {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  } catch {
    return "'none'";
  }
}
