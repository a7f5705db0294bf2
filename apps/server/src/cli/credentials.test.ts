import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '@enterprise-mcp/database';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { getTenant, getTenantCredentials, parseCredentialKey } from '@enterprise-mcp/tenancy';

const BIN = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));
const KEY = randomBytes(32).toString('base64');

describe('enterprise-mcp credentials', () => {
  let dir: string;
  let env: Record<string, string>;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emcp-cred-'));
    env = { PATH: process.env['PATH']!, DATA_DIR: join(dir, 'data'), ENV_FILE: join(dir, 'none.env'), CREDENTIALS_ENCRYPTION_KEY: KEY };
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
      execFile(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: dir, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('stores a tenant platform credentials encrypted, from the ecosystem variables, and lists them without values', async () => {
    expect((await cli({}, 'tenants', 'create', '--slug', 'acme', '--name', 'Acme')).code).toBe(0);
    const token = `cf-token-${randomBytes(6).toString('hex')}`;
    const set = await cli({ CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4' }, 'credentials', 'set', '--tenant', 'acme', '--ecosystem', 'cloudflare');
    expect(set).toMatchObject({ code: 0, stdout: expect.stringContaining('Stored Cloudflare credentials for tenant acme') });
    expect(set.stdout).not.toContain(token);

    const db = await openDatabase({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
    try {
      const tenant = await getTenant(db.prisma, 'acme');
      expect(await getTenantCredentials(db.prisma, tenant.id, 'cloudflare', parseCredentialKey(KEY))).toEqual({
        mode: 'token',
        apiToken: token,
        environment: 'production',
        baseUrl: 'http://127.0.0.1:9/client/v4',
      });
      const stored = await db.prisma.tenantCredential.findFirstOrThrow({ where: { tenantId: tenant.id } });
      expect(Buffer.from(stored.ciphertext).toString('utf8')).not.toContain(token);
    } finally {
      await db.close();
    }

    const list = await cli({}, 'credentials', 'list');
    expect(list.stdout).toMatch(/acme\s+cloudflare/);
    expect(list.stdout).not.toContain(token);
    // Four CLI processes, each starting PGlite: seconds apiece on a loaded machine.
  }, 90_000);

  it('names the variables to set when the ecosystem has none, and refuses unknown ecosystems', async () => {
    const missing = await cli({}, 'credentials', 'set', '--tenant', 'acme', '--ecosystem', 'godaddy');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('GODADDY_API_KEY');
    const unknown = await cli({}, 'credentials', 'set', '--tenant', 'acme', '--ecosystem', 'nope');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('is not served here');
  });
});
