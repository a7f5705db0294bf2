/**
 * Permission levels per connection, through the server: a Google account is
 * connected with chosen levels (`GET /connect/google?levels=…`), the consent
 * page may leave a scope unticked, and a tool runs on a connection only when
 * both the key and the connection hold its level. Refusals come before any
 * Google call, with the reconnect link that asks for the missing level.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEcosystemConfig, type AnyEcosystem } from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { googleEcosystem, SCOPES } from '@enterprise-mcp/google';
import { startFake as startGoogleFake } from '@enterprise-mcp/google/testing';
import { createVault, type Vault } from '@enterprise-mcp/vault';
import { answerConsent, randomCredentialKey } from '@enterprise-mcp/vault/testing';
import { PublicUrl } from '../public-url.js';
import { callTool } from '../../test/support/connections.js';
import { keyVerifier, MemoryAudit, startTestServer, verified } from '../../test/support/harness.js';

const KEYS = { all: 'emcp_conn_levels_all', reader: 'emcp_conn_levels_reader' };
const ADA = 'ada@example.com';
const BOB = 'bob@example.com';
const DRAFT = { to: ['carol@example.com'], subject: 'Hello', body: 'A draft' };

let t: TestDatabase;
let google: Awaited<ReturnType<typeof startGoogleFake>>;
let vault: Vault;
let server: Awaited<ReturnType<typeof startTestServer>>;
const audit = new MemoryAudit();

beforeAll(async () => {
  [t, google] = await Promise.all([openTestDatabase(), startGoogleFake()]);
  // This deployment allows three of Google's levels.
  const config = { mode: 'oauth', ...google.configs.oauth, oauthBaseUrl: google.oauthBaseUrl, levels: 'read,draft,send' };
  const publicUrl = new PublicUrl(undefined, '127.0.0.1', 0);
  vault = createVault({
    prisma: t.db.prisma,
    keys: randomCredentialKey(),
    ecosystems: [googleEcosystem as AnyEcosystem],
    resolveConfig: async (_tenant, ecosystem) => parseEcosystemConfig(ecosystem, config),
    publicUrl: () => publicUrl.get(),
  });
  server = await startTestServer({
    ecosystems: [googleEcosystem as AnyEcosystem],
    verifier: keyVerifier({ [KEYS.all]: verified('acme', 'key-all'), [KEYS.reader]: verified('acme', 'key-reader', { permissions: { google: ['read'] } }) }),
    credentials: { configFor: async () => config },
    vault,
    publicUrl,
    audit,
    settings: { API_CACHE_TTL_SECONDS: 0 },
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await vault?.close();
  await Promise.all([t?.cleanup(), google?.close()]);
});

/** The whole flow over HTTP without a browser: the link, the start (its state cookie), Google's consent page, the callback page's texts. */
async function connectGoogle(query: string, account: string, untick: string[] = []): Promise<Record<'result' | 'levels' | 'notGranted', string | undefined>> {
  const answer = await fetch(`${server.url}/connect/google?${query}`, { headers: { authorization: `Bearer ${KEYS.all}` } });
  expect(answer.status).toBe(200);
  const { url } = (await answer.json()) as { url: string };
  const start = await fetch(url, { redirect: 'manual' });
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const callback = await answerConsent(start.headers.get('location')!, { account, untick });
  const page = await (await fetch(callback, { headers: { cookie } })).text();
  const text = (id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(page)?.[1]?.replace(/\s+/g, ' ').trim();
  return { result: text('result'), levels: text('levels'), notGranted: text('not-granted') };
}

const connectionOf = async (email: string) => (await vault.list('acme', 'google')).find((connection) => connection.externalIds['email'] === email)!;
const draftCalls = () => google.requests.filter((request) => request.path.endsWith('/drafts')).length;

describe('permission levels per connection', () => {
  it('refuses a level that is unknown or that the deployment does not allow, naming it and the allowed ones', async () => {
    const unknown = await fetch(`${server.url}/connect/google?levels=read,admin`, { headers: { authorization: `Bearer ${KEYS.all}` } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('"admin" is not a Google Workspace permission level; allowed: read, draft, send');
    const notAllowed = await fetch(`${server.url}/connect/google?levels=share`, { headers: { authorization: `Bearer ${KEYS.all}` } });
    expect(((await notAllowed.json()) as { message: string }).message).toContain('"share" is not allowed by this deployment (GOOGLE_PERMISSION_LEVELS)');
  });

  it('refuses a draft tool on a read-only connection before any Google call, with the reconnect that asks for draft, audited as denied', async () => {
    expect(await connectGoogle('levels=read', ADA)).toMatchObject({ result: `Connected to Google Workspace account ${ADA}`, levels: 'Permission levels: read.' });
    const ada = await connectionOf(ADA);
    expect(ada).toMatchObject({ levels: ['read'] });
    const before = draftCalls();
    const refused = await callTool(server.mcpUrl, KEYS.all, 'google_create_draft', { ...DRAFT, connection: ada.id });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`google_create_draft needs the "draft" permission level: Google Workspace connection "${ADA}" (${ada.id}) does not hold the "draft" permission level (it holds: read)`);
    expect(refused.text).toContain(`${server.url}/connect/google?connection=${ada.id}&levels=read,draft`);
    expect(refused.text).toContain(`enterprise-mcp connect google --tenant acme --connection ${ada.id} --levels read,draft`);
    expect(draftCalls()).toBe(before);
    expect(audit.records.at(-1)).toMatchObject({ toolName: 'google_create_draft', status: 'denied', errorCode: 'permission_denied' });
    // Its read tools work.
    expect(await callTool(server.mcpUrl, KEYS.all, 'google_list_labels', { connection: ada.id })).toEqual({ isError: false, text: expect.stringContaining('INBOX') });
  }, 60_000);

  it('runs the same key on a read+draft connection of the same tenant; a key without draft is still refused there', async () => {
    await connectGoogle('levels=read,draft', BOB);
    const bob = await connectionOf(BOB);
    expect(bob.levels).toEqual(['read', 'draft']);
    expect((await connectionOf(ADA)).levels).toEqual(['read']);
    const before = draftCalls();
    expect(await callTool(server.mcpUrl, KEYS.all, 'google_create_draft', { ...DRAFT, connection: bob.id })).toMatchObject({ isError: false });
    expect(draftCalls()).toBe(before + 1);
    const reader = await callTool(server.mcpUrl, KEYS.reader, 'google_create_draft', { ...DRAFT, connection: bob.id });
    expect(reader).toEqual({ isError: true, text: expect.stringContaining('is not available with this API key') });
  }, 60_000);

  it('says on the result page which requested level was not granted when a scope is left unticked', async () => {
    const page = await connectGoogle(`connection=${(await connectionOf(BOB)).id}&levels=read,draft,send`, BOB, [SCOPES.gmailSend]);
    expect(page.levels).toBe('Permission levels: read, draft.');
    expect(page.notGranted).toMatch(/^Not granted: send\. A permission these levels need was left unticked on Google Workspace's consent screen/);
    expect((await connectionOf(BOB)).levels).toEqual(['read', 'draft']);
  }, 60_000);

  it('reconnects the read-only connection with draft added (incremental): the same id, its levels widened, the draft tool runs', async () => {
    const ada = await connectionOf(ADA);
    const page = await connectGoogle(`connection=${ada.id}&levels=read,draft`, ADA);
    expect(page.levels).toBe('Permission levels: read, draft.');
    const after = await connectionOf(ADA);
    expect(after).toMatchObject({ id: ada.id, levels: ['read', 'draft'] });
    expect((await vault.list('acme', 'google')).map((connection) => connection.id).sort()).toEqual([ada.id, (await connectionOf(BOB)).id].sort());
    expect(await callTool(server.mcpUrl, KEYS.all, 'google_create_draft', { ...DRAFT, connection: ada.id })).toMatchObject({ isError: false });
  }, 60_000);

  it("gives Google's own 403 insufficientPermissions the same guidance", async () => {
    // A grant without gmail.compose on a connection whose record says draft: only Google can refuse it. Disconnecting
    // revokes the grant first, so include_granted_scopes brings no earlier scope back.
    await vault.disconnect('acme', (await connectionOf(BOB)).id);
    await connectGoogle('levels=read', BOB);
    const bob = await connectionOf(BOB);
    await t.db.prisma.oAuthConnection.update({ where: { id: bob.id }, data: { permissionLevels: ['read', 'draft'] } });
    const refused = await callTool(server.mcpUrl, KEYS.all, 'google_create_draft', { ...DRAFT, connection: bob.id });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('This Google connection lacks the "draft" permission');
    expect(refused.text).toContain(`${server.url}/connect/google?connection=${bob.id}&levels=read,draft`);
    expect(audit.records.at(-1)).toMatchObject({ toolName: 'google_create_draft', errorCode: 'permission_denied' });
  }, 60_000);
});
