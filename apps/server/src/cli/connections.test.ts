import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrate, openDatabase } from '@enterprise-mcp/database';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { parseCredentialKey } from '@enterprise-mcp/tenancy';
import { connectAccount, createTestVault, startLedgerFake } from '@enterprise-mcp/vault/testing';

const BIN = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));
const KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');

describe('enterprise-mcp connect and connections', () => {
  let dir: string;
  let env: Record<string, string>;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emcp-conn-'));
    env = {
      PATH: process.env['PATH']!,
      DATA_DIR: join(dir, 'data'),
      ENV_FILE: join(dir, 'none.env'),
      CREDENTIALS_ENCRYPTION_KEY: KEY,
      PUBLIC_URL: 'https://mcp.example.com',
      GHL_CLIENT_ID: 'ghl-app',
      GHL_CLIENT_SECRET: 'ghl-secret',
    };
    const admin = testDatabaseUrl();
    if (admin) {
      const fresh = await createFreshDatabase(admin);
      env['DATABASE_URL'] = fresh.url;
      drop = fresh.drop;
    }
  });
  afterAll(async () => {
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (extraEnv: Record<string, string>, ...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('prints a one-time link for the only tenant and the redirect URI to register; several tenants need --tenant', async () => {
    expect((await cli({}, 'tenants', 'create', '--slug', 'acme', '--name', 'Acme')).code).toBe(0);
    const connect = await cli({}, 'connect', 'ghl');
    expect(connect.code).toBe(0);
    expect(connect.stdout).toMatch(/connect ghl for tenant acme:\n\n {2}https:\/\/mcp\.example\.com\/connect\/start\/[\w-]{43}\n/);
    expect(connect.stdout).toContain('redirect URI: https://mcp.example.com/oauth/callback/ghl');
    expect((await cli({}, 'tenants', 'create', '--slug', 'globex', '--name', 'Globex')).code).toBe(0);
    const ambiguous = await cli({}, 'connect', 'ghl');
    expect(ambiguous).toMatchObject({ code: 1, stderr: expect.stringContaining('There are 2 tenants: say which with --tenant (acme, globex)') });
    expect((await cli({}, 'connect', 'ghl', '--tenant', 'globex')).code).toBe(0);
    const unconfigured = await cli({}, 'connect', 'godaddy', '--tenant', 'acme');
    expect(unconfigured.stderr).toContain('GoDaddy is not configured for OAuth connections');
    const noKey = await cli({ CREDENTIALS_ENCRYPTION_KEY: '' }, 'connect', 'ghl');
    expect(noKey).toMatchObject({ code: 78, stderr: expect.stringContaining("CREDENTIALS_ENCRYPTION_KEY: is required to keep GoHighLevel's OAuth tokens") });
  }, 120_000);

  it('asks for the permission levels chosen with --levels, and names a wrong one with the allowed ones', async () => {
    const google = { GOOGLE_CLIENT_ID: 'google-app', GOOGLE_CLIENT_SECRET: 'google-secret', GOOGLE_PERMISSION_LEVELS: 'read,draft,send' };
    const chosen = await cli(google, 'connect', 'google', '--tenant', 'acme', '--levels', 'draft,read');
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('It asks for the permission levels read, draft; leave every box ticked on the consent screen.');
    const refused = await cli(google, 'connect', 'google', '--tenant', 'acme', '--levels', 'read,share');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"share" is not allowed by this deployment (GOOGLE_PERMISSION_LEVELS); allowed: read, draft, send');
  }, 120_000);

  it('lists connections with their warnings, re-encrypts them after a rotation, and disconnects one', async () => {
    const fake = await startLedgerFake();
    const db = await openDatabase({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
    let connectionId: string;
    try {
      await migrate(db);
      const vault = createTestVault({ prisma: db.prisma, fake, keys: parseCredentialKey(KEY) });
      connectionId = (await connectAccount(vault, 'acme-tenant-id', '9130')).connection.id;
      await db.prisma.oAuthConnection.update({ where: { id: connectionId }, data: { refreshHardExpiresAt: new Date(Date.now() + 10 * 86_400_000) } });
    } finally {
      await db.close();
      await fake.close();
    }

    const list = await cli({}, 'connections', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${connectionId}\\s+acme-tenant-id\\s+ledger\\s+Acme Books Ltd\\s+active\\s+companyId=9130`));
    expect(list.stdout).toMatch(new RegExp(`warning: ${connectionId} \\(ledger "Acme Books Ltd"\\): refresh token hard cap in 10 days`));
    expect(list.stdout).not.toMatch(/at-|rt-/);

    const rotated = { CREDENTIALS_ENCRYPTION_KEY: NEW_KEY, CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: KEY };
    expect((await cli(rotated, 'connections', 'reencrypt')).stdout).toContain('Re-encrypted 1 OAuth connection(s) and 0 tenant credential(s)');
    const json = JSON.parse((await cli({ CREDENTIALS_ENCRYPTION_KEY: NEW_KEY }, 'connections', 'list', '--json')).stdout) as Array<{ id: string; keyId: string }>;
    expect(json).toEqual([expect.objectContaining({ id: connectionId, keyId: parseCredentialKey(NEW_KEY).id })]);

    const disconnect = await cli({ CREDENTIALS_ENCRYPTION_KEY: NEW_KEY }, 'connections', 'disconnect', connectionId);
    expect(disconnect.code).toBe(0);
    expect(disconnect.stdout).toContain(`Disconnected ${connectionId} (ledger "Acme Books Ltd"): not revoked at the platform`);
    expect(disconnect.stdout).toContain('its tokens are erased');
    expect((await cli({ CREDENTIALS_ENCRYPTION_KEY: NEW_KEY }, 'connections', 'list')).stdout).toMatch(new RegExp(`${connectionId}.*revoked`));
  }, 120_000);
});
