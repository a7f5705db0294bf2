import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Hono } from 'hono';
import { addMembership, createUser, removeMembership } from '@enterprise-mcp/authorization';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { createApiKey, createTenant, listApiKeys } from '@enterprise-mcp/tenancy';
import { createConsole, MemoryApprovalQueue, type ConsoleDeps, type ConsoleTool } from './index.js';
import { callSeries, ecosystemLatency, toolTotals } from './pages/charts.js';
import { sessionHash } from './session.js';

const PASSWORD = 'correct horse battery';
const ORIGIN = 'http://console.test';
let t: TestDatabase;
let app: Hono;
let approvals: MemoryApprovalQueue;
let calls: Array<Parameters<ConsoleDeps['callTool']>[0]>;
let acme: string;
let other: string;

const TOOLS: ConsoleTool[] = [
  {
    name: 'demo_search',
    ecosystem: 'demo',
    readOnly: true,
    description: 'Search things',
    inputSchema: {
      type: 'object',
      required: ['query'],
      properties: { query: { type: 'string' }, limit: { type: 'integer' }, exact: { type: 'boolean' }, sort: { enum: ['asc', 'desc'] }, tags: { type: 'array', items: { type: 'string' } }, filter: { type: 'object' } },
    },
  },
  { name: 'demo_lookup', ecosystem: 'demo', readOnly: true, description: 'Look one up', inputSchema: { type: 'object', properties: {} } },
];

beforeAll(async () => {
  t = await openTestDatabase();
  const prisma = t.db.prisma;
  acme = (await createTenant(prisma, { slug: 'acme', name: 'Acme' })).id;
  other = (await createTenant(prisma, { slug: 'other', name: 'Other' })).id;
  for (const [email, role] of [['admin@acme.test', 'admin'], ['viewer@acme.test', 'viewer']] as const) {
    await createUser(prisma, { email, password: PASSWORD });
    await addMembership(prisma, { user: email, tenant: 'acme', role });
  }
});
afterAll(() => t.cleanup());

beforeEach(async () => {
  approvals = new MemoryApprovalQueue();
  calls = [];
  const console = createConsole({
    prisma: t.db.prisma,
    sessionSecret: 'x'.repeat(32),
    secureCookies: () => true,
    tools: () => TOOLS,
    callTool: async (request) => {
      calls.push(request);
      if (request.name === 'demo_lookup') return { content: [{ type: 'text', text: '{"id":7,"tags":["a"]}' }], structuredContent: { id: 7, tags: ['a'] } };
      return { content: [{ type: 'text', text: 'found 3' }] };
    },
    approvals,
  });
  app = new Hono().route('/console', console);
});

async function login(email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await app.request(`${ORIGIN}/console/login`, { method: 'POST', headers: { origin: ORIGIN }, body: form({ email, password: PASSWORD }) });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await get('/console/tenants', cookie)).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
}

function prisma() {
  return t.db.prisma;
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

function get(path: string, cookie: string) {
  return app.request(`${ORIGIN}${path}`, { headers: { cookie } });
}

function post(path: string, session: { cookie: string; csrf?: string }, values: Record<string, string> = {}, origin = ORIGIN) {
  return app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { cookie: session.cookie, origin }, body: form({ ...(session.csrf ? { csrf: session.csrf } : {}), ...values }) });
}

describe('login and session', () => {
  it('refuses a wrong password and sends pages without a session to the login form', async () => {
    const wrong = await app.request(`${ORIGIN}/console/login`, { method: 'POST', headers: { origin: ORIGIN }, body: form({ email: 'admin@acme.test', password: 'not the password' }) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const anonymous = await app.request(`${ORIGIN}/console/tenants`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login');
  });

  it('sets an HttpOnly, Secure, SameSite=Strict cookie scoped to /console and a strict CSP', async () => {
    const res = await app.request(`${ORIGIN}/console/login`, { method: 'POST', headers: { origin: ORIGIN }, body: form({ email: 'admin@acme.test', password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('rejects a tampered cookie', async () => {
    const { cookie } = await login('admin@acme.test');
    const forged = `${cookie.slice(0, -2)}${cookie.endsWith('A') ? 'B' : 'A'}${cookie.slice(-1)}`;
    expect((await get('/console/tenants', forged)).status).toBe(303);
  });

  it('stores only the SHA-256 of the session id', async () => {
    const { cookie } = await login('admin@acme.test');
    const id = decodeURIComponent(cookie.split('=')[1]!);
    const rows = await t.db.prisma.consoleSession.findMany();
    expect(rows.some((r) => r.idHash === id)).toBe(false);
    expect(rows.some((r) => r.idHash === sessionHash(id))).toBe(true);
  });

  it('refuses the old cookie after sign-out, even a copy of it', async () => {
    const { cookie, csrf } = await login('admin@acme.test');
    const copy = cookie;
    const out = await post('/console/logout', { cookie, csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/emcp_console=;.*Max-Age=0/);
    const again = await get('/console/tenants', copy);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/console/login');
    const poll = await app.request(`${ORIGIN}/console/audit/rows`, { headers: { cookie: copy, 'hx-request': 'true' } });
    expect(poll.status).toBe(401);
    expect(poll.headers.get('hx-redirect')).toBe('/console/login');
  });

  it('refuses an expired session', async () => {
    const { cookie } = await login('admin@acme.test');
    expect((await get('/console/tenants', cookie)).status).toBe(200);
    const idHash = sessionHash(decodeURIComponent(cookie.split('=')[1]!));
    await t.db.prisma.consoleSession.update({ where: { idHash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await get('/console/tenants', cookie)).status).toBe(303);
  });

  it('a removed membership ends access to that tenant at once, and the last one ends the session', async () => {
    await createUser(prisma(), { email: 'leaver@acme.test', password: PASSWORD });
    await addMembership(prisma(), { user: 'leaver@acme.test', tenant: 'acme', role: 'admin' });
    await addMembership(prisma(), { user: 'leaver@acme.test', tenant: 'other', role: 'viewer' });
    const { cookie } = await login('leaver@acme.test');
    expect((await get(`/console/tenants/${other}/keys`, cookie)).status).toBe(200);
    await removeMembership(prisma(), { user: 'leaver@acme.test', tenant: 'other' });
    expect((await get(`/console/tenants/${other}/keys`, cookie)).status).toBe(404);
    expect((await get(`/console/tenants/${acme}/keys`, cookie)).status).toBe(200);
    await removeMembership(prisma(), { user: 'leaver@acme.test', tenant: 'acme' });
    expect((await get('/console/tenants', cookie)).status).toBe(303);
    const row = await t.db.prisma.consoleSession.findUnique({ where: { idHash: sessionHash(decodeURIComponent(cookie.split('=')[1]!)) } });
    expect(row?.revokedAt).toBeInstanceOf(Date);
    await addMembership(prisma(), { user: 'leaver@acme.test', tenant: 'acme', role: 'admin' });
    expect((await get('/console/tenants', cookie)).status).toBe(303);
  });

  it('does not sign in a user without a role in any tenant', async () => {
    await createUser(prisma(), { email: 'nobody@acme.test', password: PASSWORD });
    const res = await app.request(`${ORIGIN}/console/login`, { method: 'POST', headers: { origin: ORIGIN }, body: form({ email: 'nobody@acme.test', password: PASSWORD }) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('add-membership');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('shows only the tenants the user is a member of', async () => {
    const { cookie } = await login('admin@acme.test');
    const page = await (await get('/console/tenants', cookie)).text();
    expect(page).toContain('acme');
    expect(page).not.toContain('>other<');
    expect((await get(`/console/tenants/${other}/keys`, cookie)).status).toBe(404);
  });

  it('serves htmx and the stylesheet under content-hashed paths with a year of cache', async () => {
    const { cookie } = await login('admin@acme.test');
    const page = await (await get('/console/tenants', cookie)).text();
    const src = /<script src="(\/console\/assets\/htmx\.[0-9a-f]{12}\.js)"/.exec(page)![1]!;
    const asset = await app.request(`${ORIGIN}${src}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('max-age=31536000');
    expect(await asset.text()).toContain('htmx');
    expect(page).not.toMatch(/<script>(?!<\/script>)/);
  });
});

describe('API keys', () => {
  it('creates a key shown once, then revokes it', async () => {
    const admin = await login('admin@acme.test');
    const created = await post(`/console/tenants/${acme}/keys`, admin, { name: 'ci-bot', ecosystems: 'cloudflare', readOnly: 'on' });
    expect(created.status).toBe(200);
    const secret = /id="new-key">(emcp_[^<]+)</.exec(await created.text())![1]!;
    const [key] = (await listApiKeys(t.db.prisma, { tenantId: acme })).filter((k) => k.name === 'ci-bot');
    expect(key).toMatchObject({ readOnly: true, ecosystems: ['cloudflare'], revokedAt: null });
    expect(await (await get(`/console/tenants/${acme}/keys`, admin.cookie)).text()).not.toContain(secret);

    const revoked = await post(`/console/tenants/${acme}/keys/${key!.id}/revoke`, admin);
    expect(revoked.status).toBe(200);
    expect((await listApiKeys(t.db.prisma, { tenantId: acme })).find((k) => k.id === key!.id)?.revokedAt).toBeInstanceOf(Date);
  });

  it('refuses a form without the csrf token or from another origin', async () => {
    const admin = await login('admin@acme.test');
    const before = (await listApiKeys(t.db.prisma, { tenantId: acme })).length;
    expect((await post(`/console/tenants/${acme}/keys`, { cookie: admin.cookie }, { name: 'no-token' })).status).toBe(403);
    expect((await post(`/console/tenants/${acme}/keys`, admin, { name: 'cross-site' }, 'https://evil.test')).status).toBe(403);
    expect((await listApiKeys(t.db.prisma, { tenantId: acme })).length).toBe(before);
  });

  it('lets a viewer look but not create', async () => {
    const viewer = await login('viewer@acme.test');
    const page = await (await get(`/console/tenants/${acme}/keys`, viewer.cookie)).text();
    expect(page).not.toContain('Create key');
    const before = (await listApiKeys(t.db.prisma, { tenantId: acme })).length;
    expect((await post(`/console/tenants/${acme}/keys`, viewer, { name: 'sneaky' })).status).toBe(403);
    expect((await listApiKeys(t.db.prisma, { tenantId: acme })).length).toBe(before);
  });
});

describe('audit trail and charts', () => {
  let billingKey: string;
  let adminId: string;
  beforeAll(async () => {
    billingKey = (await createApiKey(t.db.prisma, { tenantId: acme, name: 'billing-bot' })).record.id;
    await createApiKey(t.db.prisma, { tenantId: other, name: 'other-bot' });
    adminId = (await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@acme.test' } })).id;
    const now = Date.now();
    const row = (tenantId: string, toolName: string, status: 'ok' | 'upstream_error', durationMs: number, ago: number) => ({
      id: `${toolName}-${tenantId}-${ago}`,
      timestamp: new Date(now - ago),
      tenantId,
      ecosystem: 'demo',
      toolName,
      status,
      durationMs,
      arguments: { query: 'invoices', apiToken: '[REDACTED]' },
      upstreamRequestIds: ['cf-ray-123'],
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    await t.db.prisma.toolExecution.createMany({
      data: [
        { ...row(acme, 'demo_search', 'ok', 10, 60_000), apiKeyId: billingKey },
        { ...row(acme, 'demo_search', 'ok', 30, 120_000), userId: adminId },
        row(acme, 'demo_delete', 'upstream_error', 200, 90_000),
        row(other, 'demo_secret_tool', 'ok', 5, 60_000),
        // One slow call in the last hour, three fast ones three hours earlier: the worst bucket is not the window.
        row(acme, 'demo_list', 'ok', 100, 600_000),
        ...[0, 1, 2].map((n) => row(acme, 'demo_list', 'ok', 10, 3 * 3_600_000 + n * 1000)),
      ],
    });
  });

  it('shows key names and user emails instead of ids, and filters by them', async () => {
    const { cookie } = await login('viewer@acme.test');
    const all = await (await get('/console/audit/rows', cookie)).text();
    expect(all).toContain('key billing-bot');
    expect(all).toContain('admin@acme.test');
    expect(all).not.toContain(billingKey);
    expect(all).not.toContain(adminId);
    const byKey = await (await get('/console/audit/rows?key=Billing-Bot', cookie)).text();
    expect(byKey.match(/<tr data-id=/g)).toHaveLength(1);
    expect(byKey).toContain(`demo_search-${acme}-60000`);
    const byUser = await (await get('/console/audit/rows?user=ADMIN@acme.test', cookie)).text();
    expect(byUser.match(/<tr data-id=/g)).toHaveLength(1);
    expect(byUser).toContain(`demo_search-${acme}-120000`);
    expect(await (await get('/console/audit/rows?key=other-bot', cookie)).text()).toContain('No calls match');
    expect(await (await get('/console/audit/rows?user=nobody@else.test', cookie)).text()).toContain('No calls match');
    const page = await (await get('/console/audit', cookie)).text();
    expect(page).toContain('<option value="billing-bot">');
    expect(page).not.toContain('other-bot');
    const detail = await (await get(`/console/audit/demo_search-${acme}-60000`, cookie)).text();
    expect(detail).toContain(`billing-bot (${billingKey})`);
    expect(detail).toContain(`acme (${acme})`);
  });

  it('lists only the member tenants rows, and filters by status and tool', async () => {
    const { cookie } = await login('viewer@acme.test');
    const all = await (await get('/console/audit/rows', cookie)).text();
    expect(all).toContain('demo_search');
    expect(all).not.toContain('demo_secret_tool');
    const errors = await (await get('/console/audit/rows?status=upstream_error', cookie)).text();
    expect(errors).toContain('demo_delete');
    expect(errors).not.toContain('demo_search');
    expect(await (await get(`/console/audit/rows?tenant=${other}`, cookie)).text()).not.toContain('demo_secret_tool');
    const page = await (await get('/console/audit?tool=demo_*', cookie)).text();
    expect(page).toContain('hx-trigger="every 5s"');
  });

  it('shows a row with redacted arguments, request ids and traceparent; not another tenant row', async () => {
    const { cookie } = await login('viewer@acme.test');
    const detail = await (await get(`/console/audit/demo_delete-${acme}-90000`, cookie)).text();
    expect(detail).toContain('[REDACTED]');
    expect(detail).toContain('cf-ray-123');
    expect(detail).toContain('00-0af7651916cd43dd8448eb211c80319c');
    expect((await get(`/console/audit/demo_secret_tool-${other}-60000`, cookie)).status).toBe(404);
  });

  it('aggregates calls, errors and percentiles per bucket in SQL', async () => {
    const points = await callSeries(t.db.prisma, [acme], new Date(Date.now() - 3_600_000), '1 hour');
    const search = points.filter((p) => p.toolName === 'demo_search');
    expect(search.reduce((n, p) => n + p.calls, 0)).toBe(2);
    const del = points.find((p) => p.toolName === 'demo_delete')!;
    expect(del).toMatchObject({ calls: 1, errors: 1, p50: 200 });
    expect(points.some((p) => p.toolName === 'demo_secret_tool')).toBe(false);
    const { cookie } = await login('viewer@acme.test');
    const page = await (await get('/console/charts?window=1h', cookie)).text();
    expect(page).toContain('<polyline');
    expect(page).toMatch(/demo_delete<\/td><td>demo<\/td><td>1<\/td><td>1<\/td>/);
  });
});

describe('per-tool percentiles', () => {
  it('are taken over all the rows of the window, not the worst bucket', async () => {
    const totals = await toolTotals(t.db.prisma, [acme], new Date(Date.now() - 24 * 3_600_000));
    const list = totals.find((r) => r.toolName === 'demo_list')!;
    expect(list).toMatchObject({ calls: 4, errors: 0, p50: 10 });
    expect(list.p95).toBeCloseTo(86.5);
    expect(totals.some((r) => r.toolName === 'demo_secret_tool')).toBe(false);
    const { cookie } = await login('viewer@acme.test');
    const page = await (await get('/console/charts?window=24h', cookie)).text();
    expect(page).toContain('demo_list</td><td>demo</td><td>4</td><td>0</td><td>10 ms</td><td>87 ms</td>');
  });

  it("draw an ecosystem's p95 from all its tools' rows", async () => {
    const [all] = await ecosystemLatency(t.db.prisma, [acme], new Date(Date.now() - 24 * 3_600_000), '36500 days');
    // 10, 10, 10, 10, 30, 100, 200: the 95th percentile lies between 100 and 200.
    expect(all?.ecosystem).toBe('demo');
    expect(all?.p95).toBeCloseTo(170);
  });
});

describe('approvals', () => {
  it('an admin approves a pending call; a viewer cannot', async () => {
    const item = approvals.add({ tenantId: acme, ecosystem: 'demo', toolName: 'demo_delete', arguments: { id: 42 } });
    const foreign = approvals.add({ tenantId: other, ecosystem: 'demo', toolName: 'demo_delete', arguments: {} });
    const viewer = await login('viewer@acme.test');
    expect(await (await get('/console/approvals', viewer.cookie)).text()).not.toContain(foreign.id);
    expect((await post(`/console/approvals/${item.id}/approve`, viewer)).status).toBe(403);
    expect((await approvals.get(item.id))?.status).toBe('pending');

    const admin = await login('admin@acme.test');
    expect((await get(`/console/approvals/${foreign.id}`, admin.cookie)).status).toBe(404);
    const page = await (await get(`/console/approvals/${item.id}`, admin.cookie)).text();
    expect(page).toContain('&quot;id&quot;: 42');
    expect((await post(`/console/approvals/${item.id}/approve`, admin)).status).toBe(200);
    const decided = await approvals.get(item.id);
    expect(decided).toMatchObject({ status: 'approved', decidedBy: expect.any(String) });
    expect((await post(`/console/approvals/${item.id}/deny`, admin)).status).toBe(400);
  });
});

describe('try a tool', () => {
  it('builds a form from the input schema and calls the tool with typed arguments', async () => {
    const viewer = await login('viewer@acme.test');
    const page = await (await get('/console/try/demo_search', viewer.cookie)).text();
    expect(page).toContain('name="f.query"');
    expect(page).toContain('type="number"');
    expect(page).toContain('type="checkbox" name="f.exact"');
    expect(page).toContain('<option>desc</option>');
    const res = await post('/console/try/demo_search', viewer, { tenant: acme, 'f.query': 'invoices', 'f.limit': '5', 'f.exact': 'on', 'f.sort': 'desc', 'f.tags': 'a\nb', 'f.filter': '{"paid":true}' });
    expect(await res.text()).toContain('found 3');
    expect(calls).toEqual([{ tenantId: acme, userId: expect.any(String), readOnly: true, name: 'demo_search', args: { query: 'invoices', limit: 5, exact: true, sort: 'desc', tags: ['a', 'b'], filter: { paid: true } } }]);
  });

  it('shows a structured result indented, for a person to read', async () => {
    const viewer = await login('viewer@acme.test');
    const page = await (await post('/console/try/demo_lookup', viewer, { tenant: acme })).text();
    expect(page).toContain('{\n  &quot;id&quot;: 7,\n  &quot;tags&quot;: [\n    &quot;a&quot;\n  ]\n}');
  });

  it('says which field is wrong instead of calling', async () => {
    const viewer = await login('viewer@acme.test');
    const res = await post('/console/try/demo_search', viewer, { tenant: acme, 'f.query': 'x', 'f.filter': '{oops' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('filter: not valid JSON');
    expect((await post('/console/try/demo_search', viewer, { tenant: other, 'f.query': 'x' })).status).toBe(400);
    expect(calls).toEqual([]);
  });
});
