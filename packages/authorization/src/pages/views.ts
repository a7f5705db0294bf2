import { html, page, type Html } from './html.js';
import { SCOPE_DESCRIPTIONS } from '../scopes.js';

export interface ClientView {
  name: string;
  id: string;
  kind: 'metadata_document' | 'dynamic';
  redirectUri: string;
  clientUri?: string;
}

function clientLine(client: ClientView): Html {
  const host = hostOf(client.kind === 'metadata_document' ? client.id : client.redirectUri);
  return html`<p><strong>${client.name}</strong> ${client.kind === 'metadata_document' ? html`(published by <code>${host}</code>)` : html`(registered itself; it will return to <code>${host}</code>)`} wants to use this server's tools.</p>`;
}

export function loginPage(input: { client: ClientView; request: string; csrf: string; error?: string; email?: string; oidc?: { label: string; url: string } }) {
  const body = html`<h1>Sign in to Enterprise MCP</h1>
<div class="card">
${clientLine(input.client)}
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<form method="post" action="/authorize/login">
<input type="hidden" name="request" value="${input.request}">
<input type="hidden" name="csrf" value="${input.csrf}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${input.email ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
${input.oidc ? html`<p class="muted">or</p><a class="button" href="${input.oidc.url}">${input.oidc.label}</a>` : ''}
</div>`;
  return page('Sign in', body);
}

export interface TenantChoice {
  id: string;
  name: string;
  slug: string;
  role: string;
  scopes: string[];
  /** What the tools of this tenant are, one line each (ecosystems and counts). */
  access: string[];
}

export function consentPage(input: { client: ClientView; user: string; ticket: string; csrf: string; tenants: TenantChoice[] }) {
  const single = input.tenants.length === 1 ? input.tenants[0] : undefined;
  const body = html`<h1>Allow access?</h1>
<div class="card">
${clientLine(input.client)}
<p>Signed in as <strong>${input.user}</strong>.</p>
<form method="post" action="/authorize/consent">
<input type="hidden" name="ticket" value="${input.ticket}">
<input type="hidden" name="csrf" value="${input.csrf}">
${
  single
    ? html`<input type="hidden" name="tenant" value="${single.id}"><p>Tenant: <strong>${single.name}</strong> (<code>${single.slug}</code>, your role: ${single.role})</p>`
    : html`<label for="tenant">Tenant</label><select id="tenant" name="tenant">${input.tenants.map((t) => html`<option value="${t.id}">${t.name} (${t.slug}, ${t.role})</option>`)}</select>`
}
${input.tenants.map(
  (t) => html`<section data-tenant="${t.slug}"><p>${single ? 'It will be able to:' : html`In <strong>${t.name}</strong> it will be able to:`}</p>
<ul>${t.scopes.map((s) => html`<li>${SCOPE_DESCRIPTIONS[s] ?? s} <code>${s}</code></li>`)}</ul>
${t.access.length ? html`<p class="muted">Tools: ${t.access.join('; ')}</p>` : ''}</section>`,
)}
<p class="muted">Every tool call is recorded in the tenant's audit trail with your name and this client. After you allow, you go back to <code>${hostOf(input.client.redirectUri)}</code>.</p>
<div class="row"><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button></div>
</form>
</div>`;
  return page('Allow access?', body, [input.client.redirectUri]);
}

export function errorPage(title: string, message: string) {
  return page(title, html`<h1>${title}</h1><div class="card"><p class="error" role="alert">${message}</p><p class="muted">You can close this window.</p></div>`);
}

function hostOf(uri: string): string {
  try {
    const url = new URL(uri);
    return url.host || url.protocol;
  } catch {
    return uri;
  }
}
