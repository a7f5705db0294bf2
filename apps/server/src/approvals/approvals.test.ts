/**
 * Human approval for risky calls, end to end through POST /mcp with the SDK
 * client: a held call answers "pending" with an id and a console link; only a
 * decision made outside MCP (the CLI or the queue the console calls) lets
 * that exact call run, once.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { connectClient, keyVerifier, MemoryAudit, memoryCredentials, startTestServer, verified } from '../../test/support/harness.js';
import { PublicUrl } from '../public-url.js';
import { ApprovalStateError, type ApprovalStore } from './index.js';

const BIN = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));
const KEY_A = 'emcp_approvals_a';
const KEY_A2 = 'emcp_approvals_a_second';
const KEY_B = 'emcp_approvals_b';
const KEY_C = 'emcp_approvals_c';
const PUBLIC = 'https://mcp.example.com';
const APPROVAL_ID = /apr_[0-9a-f]{24}/;

// On PostgreSQL an operator approves with the real CLI, a process of its own (tens of seconds on a loaded 2-core machine).
jest.setTimeout(180_000);

let t: TestDatabase;
let fake: NotesFake;
let audit: MemoryAudit;
let server: Awaited<ReturnType<typeof startTestServer>>;
let waiting: Awaited<ReturnType<typeof startTestServer>>;
let store: ApprovalStore;
const clients: Client[] = [];

async function client(key: string, url = server.mcpUrl): Promise<Client> {
  const connected = await connectClient(url, { authorization: `Bearer ${key}` });
  clients.push(connected);
  return connected;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as Array<{ text: string }>).map((part) => part.text).join('');
}

function idIn(text: string): string {
  const id = APPROVAL_ID.exec(text)?.[0];
  if (!id) throw new Error(`no approval id in: ${text}`);
  return id;
}

function notesOf(token: string): string[] {
  return (fake.notesByToken.get(token) ?? []).map((note) => note.text);
}

/** Approves as an operator would: the real CLI on PostgreSQL (a second process); on PGlite, which one process holds, the same queue in-process. */
async function approveAsOperator(id: string): Promise<string> {
  if (!t.url) return (await store.approve(id, 'cli:jest')).decidedBy!;
  const env = { PATH: process.env['PATH']!, DATABASE_URL: t.url, ENV_FILE: '/nonexistent.env' };
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, 'approvals', 'approve', id, '--by', 'ops@example.com'], { env, timeout: 150_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  expect(out).toMatchObject({ code: 0, stdout: expect.stringContaining(`Approved ${id}`) });
  return 'ops@example.com';
}

beforeAll(async () => {
  t = await openTestDatabase();
  fake = await startNotesFake(['tok-a', 'tok-b', 'tok-c']);
  audit = new MemoryAudit();
  const options = {
    ecosystems: [notesEcosystem],
    audit,
    verifier: keyVerifier({
      [KEY_A]: verified('tenant-a', 'key-a', {}, { approvalTools: ['destructive'] }),
      [KEY_A2]: verified('tenant-a', 'key-a2', {}, { approvalTools: ['destructive'] }),
      [KEY_B]: verified('tenant-b', 'key-b', {}, { approvalTools: ['destructive'] }),
      // No tenant rule: the key's own list holds its read tool.
      [KEY_C]: verified('tenant-c', 'key-c', { approvalTools: ['notes_list_*'] }),
    }),
    credentials: memoryCredentials({
      'tenant-a': { notes: { apiToken: 'tok-a', baseUrl: fake.url } },
      'tenant-b': { notes: { apiToken: 'tok-b', baseUrl: fake.url } },
      'tenant-c': { notes: { apiToken: 'tok-c', baseUrl: fake.url } },
    }),
    approvalsDb: t.db.prisma,
    publicUrl: new PublicUrl(PUBLIC, '127.0.0.1', 0),
  };
  server = await startTestServer({ ...options, settings: { APPROVAL_TTL_MS: 60_000 } });
  waiting = await startTestServer({ ...options, settings: { APPROVAL_TTL_MS: 60_000, APPROVAL_WAIT_MS: 10_000 } });
  store = server.runtime.approvals!;
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server?.close();
  await waiting?.close();
  await fake?.close();
  await t?.cleanup();
});

describe('human approval for risky calls', () => {
  it('holds a call the rules name: a pending result with the id, the console link, the expiry and how to call again', async () => {
    const a = await client(KEY_A);
    const before = Date.now();
    const held = await a.callTool({ name: 'notes_create_note', arguments: { text: 'held' } });
    expect(held.isError).toBe(true);
    const text = textOf(held);
    const id = idIn(text);
    expect(text).toContain(`${PUBLIC}/console/approvals/${id}`);
    expect(text).toContain(`"_approval_id": "${id}"`);
    expect(held._meta).toEqual({ 'io.enterprise-mcp/approval': { id, status: 'pending', url: `${PUBLIC}/console/approvals/${id}`, expiresAt: expect.any(String) } });
    const expiresAt = Date.parse((held._meta as Record<string, { expiresAt: string }>)['io.enterprise-mcp/approval']!.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 59_000);
    expect(notesOf('tok-a')).toEqual([]);
    expect(audit.records.at(-1)).toMatchObject({ tenantId: 'tenant-a', toolName: 'notes_create_note', status: 'denied', errorCode: 'approval_pending' });
    expect(await store.get(id)).toMatchObject({ status: 'pending', tenantId: 'tenant-a', apiKeyId: 'key-a', toolName: 'notes_create_note', arguments: { text: 'held' } });
    // Read tools are not destructive: they run.
    expect((await a.callTool({ name: 'notes_list_notes', arguments: {} })).isError).toBeFalsy();
  });

  it('lists _approval_id (optional) on exactly the tools the caller\'s rules hold', async () => {
    const propertiesOf = async (key: string) =>
      Object.fromEntries((await (await client(key)).listTools()).tools.map((tool) => [tool.name, { properties: Object.keys(tool.inputSchema.properties ?? {}), required: tool.inputSchema.required ?? [] }]));
    const destructive = await propertiesOf(KEY_A);
    expect(destructive['notes_create_note']!.properties).toContain('_approval_id');
    expect(destructive['notes_create_note']!.required).not.toContain('_approval_id');
    expect(destructive['notes_list_notes']!.properties).not.toContain('_approval_id');
    const byName = await propertiesOf(KEY_C);
    expect(byName['notes_list_notes']!.properties).toContain('_approval_id');
    expect(byName['notes_create_note']!.properties).not.toContain('_approval_id');
  });

  it('stays pending when called again before a decision, with the id or without (one approval per exact call)', async () => {
    const a = await client(KEY_A);
    const id = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'again' } })));
    const withId = await a.callTool({ name: 'notes_create_note', arguments: { text: 'again', _approval_id: id } });
    expect(textOf(withId)).toContain('Approval required');
    expect(idIn(textOf(withId))).toBe(id);
    expect(idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'again' } })))).toBe(id);
    expect(notesOf('tok-a')).not.toContain('again');
  });

  it('runs the exact call once after an operator approves it, and refuses a second use', async () => {
    const a = await client(KEY_A);
    const id = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'approved once' } })));
    const decidedBy = await approveAsOperator(id);
    const ran = await a.callTool({ name: 'notes_create_note', arguments: { text: 'approved once', _approval_id: id } });
    expect(ran.isError).toBeFalsy();
    expect(ran.structuredContent).toMatchObject({ text: 'approved once' });
    expect(notesOf('tok-a').filter((text) => text === 'approved once')).toHaveLength(1);
    const [used, call] = audit.records.slice(-2);
    expect(used).toMatchObject({ errorCode: 'approval_used', status: 'ok', toolName: 'notes_create_note', arguments: { approvalId: id, decidedBy } });
    expect(call).toMatchObject({ status: 'ok', toolName: 'notes_create_note', errorCode: null });
    expect(await store.get(id)).toMatchObject({ status: 'used', decidedBy, decidedAt: expect.any(Date) });

    const again = await a.callTool({ name: 'notes_create_note', arguments: { text: 'approved once', _approval_id: id } });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toContain('already used');
    expect(audit.records.at(-1)).toMatchObject({ status: 'denied', errorCode: 'approval_used' });
    expect(notesOf('tok-a').filter((text) => text === 'approved once')).toHaveLength(1);
  });

  it('records the decision itself as an audit row (the CLI into the database trail)', async () => {
    const a = await client(KEY_A);
    const id = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'decision row' } })));
    await approveAsOperator(id);
    const decision = { toolName: 'notes_create_note', status: 'ok', errorCode: 'approval_approved', arguments: expect.objectContaining({ approvalId: id }) };
    if (t.url) {
      const rows = await t.db.prisma.toolExecution.findMany({ where: { errorCode: 'approval_approved', tenantId: 'tenant-a' } });
      expect(rows.map((row) => row.arguments)).toContainEqual(expect.objectContaining({ approvalId: id, decidedBy: 'ops@example.com' }));
    } else {
      expect(audit.records).toContainEqual(expect.objectContaining(decision));
    }
  });

  it('refuses an approved id with changed arguments, and still runs the approved ones', async () => {
    const a = await client(KEY_A);
    const id = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'exact' } })));
    await store.approve(id, 'admin@example.com');
    const changed = await a.callTool({ name: 'notes_create_note', arguments: { text: 'something else', _approval_id: id } });
    expect(changed.isError).toBe(true);
    expect(textOf(changed)).toContain('is for another call');
    expect(audit.records.at(-1)).toMatchObject({ status: 'denied', errorCode: 'approval_invalid' });
    expect(notesOf('tok-a')).not.toContain('something else');
    expect((await a.callTool({ name: 'notes_create_note', arguments: { text: 'exact', _approval_id: id } })).isError).toBeFalsy();
  });

  it("refuses an approval bound to another key of the same tenant, and another tenant's id as unknown", async () => {
    const a = await client(KEY_A);
    const id = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'bound' } })));
    await store.approve(id, 'admin@example.com');
    const otherKey = await (await client(KEY_A2)).callTool({ name: 'notes_create_note', arguments: { text: 'bound', _approval_id: id } });
    expect(textOf(otherKey)).toContain('is for another call');
    const otherTenant = await (await client(KEY_B)).callTool({ name: 'notes_create_note', arguments: { text: 'bound', _approval_id: id } });
    expect(otherTenant.isError).toBe(true);
    expect(textOf(otherTenant)).toContain('no approval with that id for this tenant');
    expect(audit.records.at(-1)).toMatchObject({ tenantId: 'tenant-b', errorCode: 'approval_invalid' });
    expect(notesOf('tok-b')).toEqual([]);
    expect((await a.callTool({ name: 'notes_create_note', arguments: { text: 'bound', _approval_id: id } })).isError).toBeFalsy();
  });

  it('refuses an expired approval, and will not approve one past its time', async () => {
    const a = await client(KEY_A);
    const id = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'late' } })));
    await store.approve(id, 'admin@example.com');
    await t.db.prisma.toolApproval.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await a.callTool({ name: 'notes_create_note', arguments: { text: 'late', _approval_id: id } });
    expect(textOf(late)).toContain('has expired');
    expect(audit.records.at(-1)).toMatchObject({ status: 'denied', errorCode: 'approval_expired' });
    expect(notesOf('tok-a')).not.toContain('late');
    expect((await store.get(id))?.status).toBe('expired');
    expect((await store.list({ tenantIds: ['tenant-a'], status: 'expired' })).map((row) => row.id)).toContain(id);

    const stale = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'stale' } })));
    await t.db.prisma.toolApproval.update({ where: { id: stale }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(store.approve(stale, 'admin@example.com')).rejects.toBeInstanceOf(ApprovalStateError);
  });

  it('refuses a denied call with the reason, and audits the denial', async () => {
    const a = await client(KEY_A);
    const id = idIn(textOf(await a.callTool({ name: 'notes_create_note', arguments: { text: 'no' } })));
    expect(await store.deny(id, 'admin@example.com', 'not during the freeze')).toMatchObject({ status: 'denied', reason: 'not during the freeze' });
    expect(audit.records.at(-1)).toMatchObject({ status: 'denied', errorCode: 'approval_denied', arguments: { approvalId: id, decidedBy: 'admin@example.com', reason: 'not during the freeze' } });
    const refused = await a.callTool({ name: 'notes_create_note', arguments: { text: 'no', _approval_id: id } });
    expect(textOf(refused)).toContain('not during the freeze');
    expect(audit.records.at(-1)).toMatchObject({ status: 'denied', errorCode: 'approval_denied', toolName: 'notes_create_note' });
    await expect(store.approve(id, 'someone@example.com')).rejects.toThrow(/is denied by admin@example.com/);
    expect(notesOf('tok-a')).not.toContain('no');
  });

  it("holds a key's own listed tools, and takes the id from _meta too", async () => {
    const c = await client(KEY_C);
    const id = idIn(textOf(await c.callTool({ name: 'notes_list_notes', arguments: {} })));
    await store.approve(id, 'admin@example.com');
    const ran = await c.callTool({ name: 'notes_list_notes', arguments: {}, _meta: { 'io.enterprise-mcp/approval-id': id } });
    expect(ran.isError).toBeFalsy();
    expect(ran.structuredContent).toEqual({ notes: [] });
    // Not named by the key nor its tenant: runs.
    expect((await c.callTool({ name: 'notes_create_note', arguments: { text: 'free' } })).isError).toBeFalsy();
  });

  it('waits (APPROVAL_WAIT_MS) with progress, and runs as soon as the approval lands', async () => {
    const a = await client(KEY_A, waiting.mcpUrl);
    const progress: string[] = [];
    const call = a.callTool({ name: 'notes_create_note', arguments: { text: 'waited' } }, undefined, { onprogress: (update) => void progress.push(String(update.message)), timeout: 20_000 });
    let pending: string | undefined;
    for (let i = 0; i < 100 && !pending; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pending = (await store.list({ tenantIds: ['tenant-a'], status: 'pending' })).find((row) => (row.arguments as { text?: string }).text === 'waited')?.id;
    }
    expect(notesOf('tok-a')).not.toContain('waited');
    await store.approve(pending!, 'admin@example.com');
    const ran = await call;
    expect(ran.isError).toBeFalsy();
    expect(notesOf('tok-a')).toContain('waited');
    expect(progress[0]).toContain(`waiting for approval ${pending}`);
    expect((await store.get(pending!))?.status).toBe('used');
  }, 30_000);

  it('fails closed: an approval store that cannot answer refuses the call', async () => {
    const broken = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY_A]: verified('tenant-a', 'key-a', {}, { approvalTools: ['notes_create_note'] }) }),
      credentials: memoryCredentials({ 'tenant-a': { notes: { apiToken: 'tok-a', baseUrl: fake.url } } }),
      approvalsDb: { toolApproval: new Proxy({}, { get: () => async () => Promise.reject(new Error('connection refused')) }) } as never,
    });
    try {
      const a = await connectClient(broken.mcpUrl, { authorization: `Bearer ${KEY_A}` });
      const refused = await a.callTool({ name: 'notes_create_note', arguments: { text: 'unguarded' } });
      await a.close();
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('cannot be checked right now');
      expect((broken.audit as MemoryAudit).records.at(-1)).toMatchObject({ status: 'denied', errorCode: 'approval_unavailable' });
      expect(notesOf('tok-a')).not.toContain('unguarded');
    } finally {
      await broken.close();
    }
  });
});
