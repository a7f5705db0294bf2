import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { parseEcosystemConfig } from '@enterprise-mcp/core';
import { answerConsent, ledgerEcosystem, randomCredentialKey, startLedgerFake, type LedgerFake } from '@enterprise-mcp/vault/testing';
import { keyVerifier, verified } from '../../test/support/harness.js';
import { callTool, startOAuthServer } from '../../test/support/connections.js';

const KEY = 'emcp_acme_writer';
const READ_ONLY = 'emcp_acme_reader';
const GLOBEX = 'emcp_globex_writer';

let t: TestDatabase;
let fake: LedgerFake;
let server: Awaited<ReturnType<typeof startOAuthServer>>;

beforeAll(async () => {
  [t, fake] = await Promise.all([openTestDatabase(), startLedgerFake()]);
  server = await startOAuthServer({
    prisma: t.db.prisma,
    fake,
    keys: randomCredentialKey(),
    verifier: keyVerifier({
      [KEY]: verified('acme', 'key-a'),
      [READ_ONLY]: verified('acme', 'key-r', { readOnly: true }),
      [GLOBEX]: verified('globex', 'key-g'),
    }),
  });
});
afterAll(async () => {
  await server.close();
  await Promise.all([t.cleanup(), fake.close()]);
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

/** What a browser does with a link: open it (keeping the state cookie), approve the consent page, follow the redirect back. */
async function connectThroughServer(apiKey: string, account: string, query = ''): Promise<Response> {
  const { url } = (await (await get(`/connect/ledger${query}`, { authorization: `Bearer ${apiKey}` })).json()) as { url: string };
  const start = await fetch(url, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const callback = await answerConsent(start.headers.get('location')!, { account });
  return fetch(callback, { headers: { cookie }, redirect: 'manual' });
}

describe('GET /connect/:ecosystem', () => {
  it('gives a key that may write a one-time link of its tenant, or redirects to it', async () => {
    expect((await get('/connect/ledger')).status).toBe(401);
    const readOnly = await get('/connect/ledger', { authorization: `Bearer ${READ_ONLY}` });
    expect(readOnly.status).toBe(403);
    expect(await readOnly.json()).toMatchObject({ message: expect.stringContaining('read-only API key cannot connect') });

    const answer = await get('/connect/ledger', { authorization: `Bearer ${KEY}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const link = (await answer.json()) as { url: string; expiresAt: string };
    expect(link.url).toMatch(new RegExp(`^${server.url}/connect/start/[\\w-]{43}$`));
    const redirected = await get('/connect/ledger?redirect=1', { authorization: `Bearer ${KEY}` });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toMatch(new RegExp(`^${server.url}/connect/start/`));
    expect((await get('/connect/nope', { authorization: `Bearer ${KEY}` })).status).toBe(404);
  });

  it('sends the browser to the provider once per link, with the redirect URI under the server', async () => {
    const { url } = (await (await get('/connect/ledger', { authorization: `Bearer ${KEY}` })).json()) as { url: string };
    const start = await fetch(url, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.url}/oauth/callback/ledger`);
    expect(start.headers.get('set-cookie')).toMatch(/^emcp_oauth_state=[\w-]+; Max-Age=\d+; Path=\/oauth\/callback; HttpOnly; SameSite=Lax$/);
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('This connect link is unknown, expired or already used');
    // The link's secret never reaches the log, nor does the flow's state.
    const ticket = new URL(url).pathname.split('/').pop()!;
    expect(server.log.text()).not.toContain(ticket);
    expect(server.log.text()).not.toContain(authorize.searchParams.get('state')!);
    expect(server.log.text()).toContain('/connect/start/[redacted]');
  });
});

describe('the callback and the tools', () => {
  it('says which company was connected, escaped, with the security headers, and the tool uses it', async () => {
    const page = await connectThroughServer(KEY, '4620');
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Connected to Ledger company Globex &lt;Holdings&gt; &amp; &quot;Sons&quot;');
    expect(text).not.toMatch(/at-|rt-|code-/);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('set-cookie')).toMatch(/^emcp_oauth_state=; Max-Age=0/);
    expect(await callTool(server.mcpUrl, KEY, 'ledger_get_company')).toEqual({ text: expect.stringContaining('"name":"Globex <Holdings> & \\"Sons\\""'), isError: false });
    const [connection] = await server.vault.list('acme', 'ledger');
    const token = await server.vault.tokenProvider('acme', ledgerEcosystem, parseEcosystemConfig(ledgerEcosystem, fake.config), connection!.id).getToken();
    expect(server.log.text()).not.toContain(token);
    expect(JSON.stringify(server.audit.records)).not.toContain(token);
  });

  it('refuses a callback in a browser without the flow cookie, as a page that names the fix', async () => {
    const { url } = (await (await get('/connect/ledger', { authorization: `Bearer ${KEY}` })).json()) as { url: string };
    const start = await fetch(url, { redirect: 'manual' });
    const callback = await answerConsent(start.headers.get('location')!, { account: '9130' });
    const page = await fetch(callback, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('started in another browser');
  });

  it('chooses the connection: the only one, else the one named by id or name, else a list to choose from', async () => {
    await connectThroughServer(KEY, '9130');
    const [acme, globex] = await server.vault.list('acme', 'ledger').then((all) => ['9130', '4620'].map((id) => all.find((c) => c.externalIds['companyId'] === id)!));
    const ambiguous = await callTool(server.mcpUrl, KEY, 'ledger_get_company');
    expect(ambiguous.isError).toBe(true);
    expect(ambiguous.text).toContain('Ledger has 2 connected accounts for this tenant: say which with the connection argument');
    expect(ambiguous.text).toContain(`${acme!.id} "Acme Books Ltd"`);
    expect((await callTool(server.mcpUrl, KEY, 'ledger_get_company', { connection: 'acme books ltd' })).text).toContain('"id":"9130"');
    expect((await callTool(server.mcpUrl, KEY, 'ledger_get_company', { connection: globex!.id })).text).toContain('"id":"4620"');
    const unknown = await callTool(server.mcpUrl, KEY, 'ledger_get_company', { connection: 'Initech' });
    expect(unknown).toMatchObject({ isError: true, text: expect.stringContaining('connection "Initech" is not a Ledger connection of this tenant') });
    // Another tenant sees none of them and is told where to connect.
    const other = await callTool(server.mcpUrl, GLOBEX, 'ledger_get_company', { connection: acme!.id });
    expect(other.text).toContain('is not a Ledger connection of this tenant; it has: none');
    const none = await callTool(server.mcpUrl, GLOBEX, 'ledger_get_company');
    expect(none.text).toContain(`Ledger has no connected account for this tenant`);
    expect(none.text).toContain(`GET ${server.url}/connect/ledger`);
    const codes = server.audit.records.filter((r) => r.tenantId === 'globex').map((r) => [r.status, r.errorCode]);
    expect(codes).toEqual([['tool_error', 'validation_failed'], ['no_credentials', 'credentials_missing']]);
  });

  it('a refused refresh token asks for a reconnect with the URL; reconnecting through the server keeps the id', async () => {
    const acme = (await server.vault.list('acme', 'ledger')).find((c) => c.externalIds['companyId'] === '9130')!;
    fake.provider.revokeAll();
    await t.db.prisma.oAuthConnection.updateMany({ data: { accessExpiresAt: new Date(Date.now() - 1000) } });
    const refused = await callTool(server.mcpUrl, KEY, 'ledger_get_company', { connection: acme.id });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`needs to be reconnected (invalid_grant: Token invalid)`);
    expect(refused.text).toContain(`${server.url}/connect/ledger?connection=${acme.id}`);
    const again = await callTool(server.mcpUrl, KEY, 'ledger_get_company', { connection: acme.id });
    expect(again.text).toContain(`${server.url}/connect/ledger?connection=${acme.id}`);
    expect(server.audit.records.at(-1)).toMatchObject({ status: 'tool_error', errorCode: 'reconnect_required' });
    // The refresh's own log line names the tool call it happened in, like the call's upstream lines.
    const lines = server.log.lines.map((line) => JSON.parse(line) as { msg: string; requestId?: string; tool?: string });
    const refusedLine = lines.find((line) => line.msg.startsWith('oauth: refresh token refused'));
    expect(refusedLine?.requestId).toEqual(expect.any(String));
    expect(lines.some((line) => line.msg === 'tool call' && line.tool === 'ledger_get_company' && line.requestId === refusedLine!.requestId)).toBe(true);

    const page = await connectThroughServer(KEY, '9130', `?connection=${acme.id}`);
    expect(await page.text()).toContain(`The connection was renewed and keeps its id <code>${acme.id}</code>`);
    expect((await callTool(server.mcpUrl, KEY, 'ledger_get_company', { connection: acme.id })).text).toContain('"id":"9130"');
  });
});
