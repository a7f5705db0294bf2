import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAuditWriter } from '@enterprise-mcp/audit';
import { openDatabase, readMigrations, type Database } from '@enterprise-mcp/database';
import { createFreshDatabase, needsPostgres, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { createKeyVerifier } from '@enterprise-mcp/tenancy';

const BIN = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'emcp-cli-'));
  env = { PATH: process.env['PATH']!, DATA_DIR: join(dataDir, 'data'), ENV_FILE: join(dataDir, 'none.env') };
  const admin = testDatabaseUrl();
  if (admin) {
    const fresh = await createFreshDatabase(admin);
    env['DATABASE_URL'] = fresh.url;
    dropDatabase = fresh.drop;
  }
});
afterAll(async () => {
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});

// Each run starts a process that loads the sources through tsx (seconds of CPU each): generous on a loaded 2-core machine.
const SPAWN_TIMEOUT_MS = 90_000;

function cli(...args: string[]): Promise<Run> {
  return cliWithInput(undefined, ...args);
}

function cliWithInput(input: string | undefined, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env, cwd: dataDir, timeout: SPAWN_TIMEOUT_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** The same database the CLI uses, opened only between CLI runs (PGlite serves one process). */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('enterprise-mcp CLI', () => {
  it('has --help on every command', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const group of ['tenants', 'keys', 'users', 'audit', 'db']) expect(top.stdout).toContain(group);
    const create = await cli('keys', 'create', '--help');
    expect(create.code).toBe(0);
    expect(create.stdout).toMatch(/--tools <globs>[\s\S]*--read-only[\s\S]*--expires <when>/);
  }, 240_000);

  it('rejects bad input with exit code 64 and a message naming the flag and what it expects', async () => {
    const missing = await cli('keys', 'create', '--tenant', 'acme');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");
    const expires = await cli('keys', 'create', '--tenant', 'acme', '--name', 'x', '--expires', 'soon');
    expect(expires.code).toBe(64);
    expect(expires.stderr).toContain("option '--expires <when>' argument 'soon' is invalid. expects a duration such as 90d");
    const since = await cli('audit', 'query', '--since', 'yesterday-ish');
    expect(since.stderr).toContain("option '--since <when>' argument 'yesterday-ish' is invalid");
  }, 240_000);

  it('migrates, manages tenants and keys end to end, and the keys verify', async () => {
    expect((await cli('db', 'migrate')).stdout).toContain(`Applied ${readMigrations().length} migration(s)`);
    expect((await cli('db', 'migrate')).stdout).toContain('up to date');

    const created = await cli('tenants', 'create', '--slug', 'acme', '--name', 'Acme Corp', '--ecosystems', 'cloudflare');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Created tenant acme \(/) });
    const bad = await cli('tenants', 'create', '--slug', 'Bad Slug', '--name', 'x');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('slug: lowercase letters, digits and dashes');

    const key = await cli('keys', 'create', '--tenant', 'acme', '--name', 'desk', '--tools', 'cloudflare_*', '--read-only', '--expires', '90d', '--json');
    expect(key.code).toBe(0);
    const { key: secret, record } = JSON.parse(key.stdout) as { key: string; record: { id: string; prefix: string } };
    expect(secret).toMatch(/^emcp_[0-9a-f]{12}_[0-9a-f]{64}$/);

    const listed = await cli('keys', 'list', '--tenant', 'acme');
    expect(listed.stdout).toMatch(/KEY\s+NAME\s+STATE/);
    expect(listed.stdout).toContain(`emcp_${record.prefix}_…  desk  active  cloudflare_*`);
    expect(listed.stdout).not.toContain(secret.slice(18));

    await withDb(async (db) => {
      const verifier = createKeyVerifier(db.prisma);
      expect(await verifier.verify(secret)).toMatchObject({ ok: true, tenant: { slug: 'acme' }, scopes: { tools: ['cloudflare_*'], readOnly: true } });
      await verifier.close();
    });

    const levelled = await cli('keys', 'create', '--tenant', 'acme', '--name', 'mail', '--permissions', 'google:read,google:draft', '--permissions', 'amazon:personal_data', '--json');
    const levelledKey = (JSON.parse(levelled.stdout) as { key: string }).key;
    const unknownLevel = await cli('keys', 'create', '--tenant', 'acme', '--name', 'x', '--permissions', 'google:admin,nowhere:read');
    expect(unknownLevel.code).toBe(1);
    expect(unknownLevel.stderr).toContain('"google:admin": Google Workspace has the levels read, organize, draft, send, write, share, delete');
    expect(unknownLevel.stderr).toContain('"nowhere:read": no ecosystem "nowhere"');
    await withDb(async (db) => {
      const verifier = createKeyVerifier(db.prisma);
      expect(await verifier.verify(levelledKey)).toMatchObject({ ok: true, scopes: { permissions: { google: ['read', 'draft'], amazon: ['personal_data'] } } });
      await verifier.close();
    });

    expect((await cli('keys', 'revoke', record.prefix)).stdout).toContain('Revoked API key "desk"');
    expect((await cli('tenants', 'suspend', 'acme')).stdout).toBe('Suspended tenant acme.\n');
    const tenants = await cli('tenants', 'list');
    expect(tenants.stdout).toMatch(/acme\s+Acme Corp\s+suspended\s+cloudflare/);
    await withDb(async (db) => {
      const verifier = createKeyVerifier(db.prisma);
      expect(await verifier.verify(secret)).toEqual({ ok: false, reason: 'revoked' });
      await verifier.close();
    });

    const missing = await cli('tenants', 'suspend', 'nobody');
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('No tenant with id or slug "nobody"') });
  }, 240_000);

  it('creates users with a password from stdin, manages their tenant memberships, and the password signs in', async () => {
    await cli('tenants', 'create', '--slug', 'users-co', '--name', 'Users Co');
    const created = await cliWithInput('a password long enough\n', 'users', 'create', '--email', 'Ana@Example.com', '--password-stdin', '--tenant', 'users-co', '--role', 'viewer');
    expect(created).toMatchObject({ stderr: '', code: 0, stdout: expect.stringMatching(/^Created user ana@example\.com \(.+\) as viewer of users-co\.$/m) });
    const short = await cliWithInput('short\n', 'users', 'create', '--email', 'bob@example.com', '--password-stdin');
    expect(short).toMatchObject({ code: 1, stderr: expect.stringContaining('password: must be at least 12 characters') });
    const badRole = await cli('users', 'add-membership', 'ana@example.com', '--tenant', 'users-co', '--role', 'owner');
    expect(badRole).toMatchObject({ code: 64, stderr: expect.stringContaining('expects one of: viewer, member') });
    expect((await cli('users', 'add-membership', 'ana@example.com', '--tenant', 'users-co', '--role', 'member')).stdout).toBe('ana@example.com is now member of users-co.\n');
    const listed = await cli('users', 'list', '--tenant', 'users-co');
    expect(listed.stdout).toMatch(/ana@example\.com\s+-\s+password\s+users-co:member/);
    expect(listed.stdout).not.toContain('scrypt');
    await withDb(async (db) => {
      const row = await db.prisma.user.findUniqueOrThrow({ where: { email: 'ana@example.com' } });
      expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(row.passwordHash).not.toContain('a password long enough');
    });
    expect((await cli('users', 'delete', 'ana@example.com')).stdout).toBe('Deleted user ana@example.com.\n');
  }, 150_000);

  it('queries the audit trail as a table or JSON lines, with filters', async () => {
    const tenantId = await withDb(async (db) => {
      const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { slug: 'acme' } });
      const audit = createAuditWriter(db.prisma);
      const base = { tenantId: tenant.id, ecosystem: 'cloudflare', arguments: {}, durationMs: 40 };
      audit.record({ ...base, id: 'e1', timestamp: new Date(Date.now() - 5_000), toolName: 'cloudflare_list_zones', status: 'ok', cached: true, upstreamRequestIds: ['up-e1-a', 'up-e1-b'] });
      audit.record({ ...base, id: 'e2', timestamp: new Date(Date.now() - 4_000), toolName: 'cloudflare_purge_cache', status: 'denied', errorCode: 'PERMISSION_DENIED', errorMessage: 'read-only key' });
      audit.record({ ...base, id: 'e3', timestamp: new Date(Date.now() - 48 * 3600_000), toolName: 'cloudflare_list_zones', status: 'ok' });
      await audit.close();
      return tenant.id;
    });

    const tableRun = await cli('audit', 'query', '--since', '24h', '--tenant', 'acme');
    expect(tableRun.code).toBe(0);
    const lines = tableRun.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+TENANT\s+TOOL\s+STATUS\s+MS\s+CACHED\s+ERROR/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/)[2])).toEqual(['cloudflare_purge_cache', 'cloudflare_list_zones']);
    expect(tableRun.stdout).toContain('PERMISSION_DENIED: read-only key');
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/)[5])).toEqual(['-', 'yes']);
    expect(lines[0]).toMatch(/REQUEST\s+UPSTREAM REQUESTS$/);
    expect(lines.at(-1)).toMatch(/up-e1-a up-e1-b$/);

    const cached = await cli('audit', 'query', '--since', '7d', '--tenant', 'acme', '--cached', '--json');
    expect(cached.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ id: 'e1', upstreamRequestIds: ['up-e1-a', 'up-e1-b'] })]);
    const uncached = await cli('audit', 'query', '--since', '7d', '--tenant', 'acme', '--no-cached', '--json');
    expect(uncached.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['e2', 'e3']);

    const json = await cli('audit', 'query', '--since', '7d', '--status', 'ok', '--tool', 'cloudflare_*', '--json');
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['e1', 'e3']);

    const tail = await cli('audit', 'tail', '-n', '2', '--json');
    expect(tail.stdout.trim().split('\n').map((l) => JSON.parse(l).tenantId)).toEqual([tenantId, tenantId]);
    expect(tail.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['e1', 'e2']);
  }, 120_000);

  it('prints stored control characters escaped in tables and exactly in JSON', async () => {
    const forged = 'notes_x\n2026-01-01 00:00:00Z  acme  notes_delete_all  ok  \u001b[2J';
    await withDb(async (db) => {
      const audit = createAuditWriter(db.prisma);
      audit.record({ id: 'forged', timestamp: new Date(), tenantId: 'forged-tenant', ecosystem: 'notes', toolName: forged, arguments: {}, status: 'denied', durationMs: 0 });
      await audit.close();
    });
    const shown = await cli('audit', 'query', '--tenant', 'forged-tenant');
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('notes_x\\n2026-01-01 00:00:00Z  acme  notes_delete_all  ok  \\x1b[2J');
    expect(shown.stdout).not.toContain('\u001b');
    const json = await cli('audit', 'query', '--tenant', 'forged-tenant', '--json');
    expect(JSON.parse(json.stdout).toolName).toBe(forged);
  }, 120_000);
});

// Following needs a second process writing to the same database: PostgreSQL only (PGlite serves
// one process), so without TEST_DATABASE_URL this is reported as skipped.
needsPostgres.describe('enterprise-mcp audit tail --follow', () => {
  it('prints executions recorded after it started, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'audit', 'tail', '-n', '1', '--follow', '--json'], { env, cwd: dataDir });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!out.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out.trim().split('\n')).toHaveLength(1);

    await withDb(async (db) => {
      const audit = createAuditWriter(db.prisma);
      audit.record({ id: 'followed', timestamp: new Date(), tenantId: 'x', ecosystem: 'ghl', toolName: 'ghl_get_contact', arguments: {}, status: 'ok', durationMs: 3 });
      await audit.close();
    });
    while (!out.includes('"followed"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toMatchObject({ id: 'followed', toolName: 'ghl_get_contact' });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 90_000);
});
