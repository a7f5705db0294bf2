import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '@enterprise-mcp/database';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { argumentsHash, createApprovalStore } from '../approvals/index.js';

const BIN = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));

let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'emcp-approvals-cli-'));
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

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd: dataDir, timeout: 150_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The CLI's database, opened only between CLI runs (PGlite serves one process). */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('enterprise-mcp approvals', () => {
  it('sets approval rules on tenants and keys, lists held calls, and records who denied one and why', async () => {
    expect((await cli('tenants', 'create', '--slug', 'acme', '--name', 'Acme', '--require-approval', 'destructive')).code).toBe(0);
    const key = await cli('keys', 'create', '--tenant', 'acme', '--name', 'agent', '--require-approval', 'cloudflare_purge_*', '--json');
    expect(JSON.parse(key.stdout).record.approvalTools).toEqual(['cloudflare_purge_*']);
    const keyId = JSON.parse(key.stdout).record.id as string;
    const id = await withDb(async (db) => {
      const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { slug: 'acme' } });
      expect(tenant.settings).toEqual({ approvalTools: ['destructive'] });
      const args = { zoneId: 'z1' };
      const store = createApprovalStore(db.prisma, { ttlMs: 60_000 });
      const binding = { tenantId: tenant.id, apiKeyId: keyId, userId: null, ecosystem: 'cloudflare', toolName: 'cloudflare_purge_cache', argumentsHash: argumentsHash(args) };
      return (await store.request(binding, args, null)).id;
    });

    const listed = await cli('approvals', 'list', '--tenant', 'acme', '--status', 'pending', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, status: 'pending', toolName: 'cloudflare_purge_cache', arguments: { zoneId: 'z1' } })]);

    const denied = await cli('approvals', 'deny', id, '--reason', 'change freeze', '--by', 'ops@example.com');
    expect(denied).toMatchObject({ code: 0, stdout: expect.stringContaining(`Denied ${id}`) });
    await withDb(async (db) => {
      expect(await db.prisma.toolApproval.findUnique({ where: { id } })).toMatchObject({ status: 'denied', decidedBy: 'ops@example.com', reason: 'change freeze', decidedAt: expect.any(Date) });
      const rows = await db.prisma.toolExecution.findMany({ where: { errorCode: 'approval_denied' } });
      expect(rows).toEqual([expect.objectContaining({ toolName: 'cloudflare_purge_cache', status: 'denied', apiKeyId: keyId, arguments: { approvalId: id, decidedBy: 'ops@example.com', reason: 'change freeze' } })]);
    });

    const late = await cli('approvals', 'approve', id);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain(`Approval ${id} is denied by ops@example.com`);
  }, 600_000);
});
