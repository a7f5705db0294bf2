import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEcosystemConfig } from '@enterprise-mcp/core';
import { migrate, openDatabase, type Database } from '@enterprise-mcp/database';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { connectAccount, createTestVault, ledgerEcosystem, randomCredentialKey, startLedgerFake, type LedgerFake } from '../src/testing/index.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The database this test and its child share: a fresh PostgreSQL database, else a PGlite folder (opened by one process at a time). */
async function sharedDatabase(dir: string): Promise<{ open(): Promise<Database>; env: Record<string, string>; drop(): Promise<void> }> {
  const admin = testDatabaseUrl();
  if (admin) {
    const fresh = await createFreshDatabase(admin);
    return { open: () => openDatabase({ databaseUrl: fresh.url, poolSize: 2 }), env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
  }
  const dataDir = join(dir, 'pglite');
  return { open: () => openDatabase({ dataDir }), env: { DATA_DIR: dataDir }, drop: async () => {} };
}

function runChild(env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@enterprise-mcp/source', CHILD], {
      cwd: ROOT,
      env: { PATH: process.env['PATH']!, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

describe('a crash between the provider rotating the refresh token and the database commit', () => {
  let dir: string;
  let fake: LedgerFake;
  let shared: Awaited<ReturnType<typeof sharedDatabase>>;
  const key = randomCredentialKey();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emcp-crash-'));
    fake = await startLedgerFake();
    shared = await sharedDatabase(dir);
  });
  afterAll(async () => {
    await fake.close();
    await shared.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing: a new process replays the journal at start-up and keeps working with the rotated token', async () => {
    const journalDir = join(dir, 'journal');
    let db = await shared.open();
    await migrate(db);
    const { connection } = await connectAccount(createTestVault({ prisma: db.prisma, fake, keys: key }), 'acme', '9130');
    await db.prisma.oAuthConnection.update({ where: { id: connection.id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
    const before = await db.prisma.oAuthConnection.findUniqueOrThrow({ where: { id: connection.id } });
    await db.close();

    const refreshes = fake.provider.stats.refreshes;
    const child = await runChild({
      ...shared.env,
      KEY: Buffer.from(key.key).toString('base64'),
      LEDGER_CONFIG: JSON.stringify(fake.config),
      JOURNAL_DIR: journalDir,
      TENANT: 'acme',
      CONNECTION: connection.id,
    });
    expect(child).toMatchObject({ signal: 'SIGKILL', stdout: 'journaled\n' });
    // The provider rotated (the old refresh token is dead there); the database never heard of it.
    expect(fake.provider.stats.refreshes).toBe(refreshes + 1);
    expect(readdirSync(join(journalDir, 'oauth-refresh-journal'))).toHaveLength(1);

    db = await shared.open();
    try {
      const unchanged = await db.prisma.oAuthConnection.findUniqueOrThrow({ where: { id: connection.id } });
      expect(Buffer.from(unchanged.tokensCiphertext!).equals(Buffer.from(before.tokensCiphertext!))).toBe(true);

      const vault = createTestVault({ prisma: db.prisma, fake, keys: key, journalDir });
      expect(await vault.recover()).toBe(1);
      expect(readdirSync(join(journalDir, 'oauth-refresh-journal'))).toHaveLength(0);
      const resolved = parseEcosystemConfig(ledgerEcosystem, fake.config);
      const token = await vault.tokenProvider('acme', ledgerEcosystem, resolved, connection.id).getToken();
      expect(fake.provider.verifyAccessToken(token)?.account.id).toBe('9130');
      expect(fake.provider.stats.refreshes).toBe(refreshes + 1);

      // The rotated refresh token the dead process was given is the one stored: a later refresh works with it.
      await db.prisma.oAuthConnection.update({ where: { id: connection.id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
      const later = createTestVault({ prisma: db.prisma, fake, keys: key, journalDir });
      const fresh = await later.tokenProvider('acme', ledgerEcosystem, resolved, connection.id).getToken();
      expect(fresh).not.toBe(token);
      expect(fake.provider.verifyAccessToken(fresh)?.account.id).toBe('9130');
      expect(fake.provider.stats.refreshes).toBe(refreshes + 2);
      expect(await later.recover()).toBe(0);
    } finally {
      await db.close();
    }
  }, 90_000);
});
