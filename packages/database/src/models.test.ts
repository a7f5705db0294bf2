import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openTestDatabase, describeEachDatabase, type TestDatabase } from './testing/index.js';


// The query from the original plan; it must run exactly as written.
const LAST_24H = `SELECT tool_name, status, duration_ms, timestamp FROM tool_executions WHERE timestamp > NOW() - INTERVAL '24 hours' ORDER BY timestamp DESC;`;

describeEachDatabase('every model round-trips on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase({ kind });
  });
  afterAll(() => t.cleanup());

  it('tenants: create, read, update, delete', async () => {
    const { prisma } = t.db;
    const created = await prisma.tenant.create({ data: { id: 'tn_1', slug: 'acme', name: 'Acme', settings: { enabledEcosystems: ['cloudflare'] } } });
    expect(created).toMatchObject({ status: 'active', settings: { enabledEcosystems: ['cloudflare'] } });
    await prisma.tenant.update({ where: { id: 'tn_1' }, data: { status: 'suspended' } });
    expect(await prisma.tenant.findUnique({ where: { slug: 'acme' } })).toMatchObject({ status: 'suspended' });
    await prisma.tenant.delete({ where: { id: 'tn_1' } });
    expect(await prisma.tenant.count()).toBe(0);
  });

  it('api_keys and tenant_credentials: arrays, bytes, cascade on tenant delete', async () => {
    const { prisma } = t.db;
    await prisma.tenant.create({ data: { id: 'tn_2', slug: 'globex', name: 'Globex' } });
    await prisma.apiKey.create({
      data: { id: 'key_1', tenantId: 'tn_2', name: 'ci', prefix: 'abc', secretHash: 'f'.repeat(64), allowedTools: ['cloudflare_*'], readOnly: true },
    });
    const key = await prisma.apiKey.update({ where: { prefix: 'abc' }, data: { lastUsedAt: new Date(), allowedEcosystems: ['ghl'] } });
    expect(key).toMatchObject({ allowedTools: ['cloudflare_*'], allowedEcosystems: ['ghl'], readOnly: true, revokedAt: null });
    const bytes = new Uint8Array([0, 1, 2, 255]);
    await prisma.tenantCredential.create({
      data: { id: 'cred_1', tenantId: 'tn_2', ecosystem: 'cloudflare', ciphertext: bytes, iv: bytes, authTag: bytes, keyId: 'k1' },
    });
    const cred = await prisma.tenantCredential.findUnique({ where: { tenantId_ecosystem: { tenantId: 'tn_2', ecosystem: 'cloudflare' } } });
    expect([...cred!.ciphertext]).toEqual([0, 1, 2, 255]);
    await expect(
      prisma.tenantCredential.create({ data: { id: 'cred_2', tenantId: 'tn_2', ecosystem: 'cloudflare', ciphertext: bytes, iv: bytes, authTag: bytes, keyId: 'k1' } }),
    ).rejects.toThrow(/Unique constraint/);
    await prisma.tenant.delete({ where: { id: 'tn_2' } });
    expect(await prisma.apiKey.count()).toBe(0);
    expect(await prisma.tenantCredential.count()).toBe(0);
  });

  it('tool_executions: the verbatim last-24-hours query sees recent rows newest first', async () => {
    const { prisma } = t.db;
    const now = Date.now();
    await prisma.toolExecution.createMany({
      data: [
        { id: 'ex_old', timestamp: new Date(now - 25 * 3600_000), tenantId: 'tn', ecosystem: 'cloudflare', toolName: 'cloudflare_list_zones', status: 'ok', durationMs: 5 },
        { id: 'ex_1', timestamp: new Date(now - 60_000), tenantId: 'tn', ecosystem: 'cloudflare', toolName: 'cloudflare_list_zones', status: 'ok', durationMs: 12, arguments: { zone: 'a' } },
        { id: 'ex_2', timestamp: new Date(now - 1_000), tenantId: 'tn', ecosystem: 'ghl', toolName: 'ghl_get_contact', status: 'upstream_error', errorCode: 'UPSTREAM_UNAVAILABLE', durationMs: 300 },
      ],
    });
    const rows = await t.db.withSession((s) => s.query(LAST_24H));
    expect(rows.map((r) => [r['tool_name'], r['status'], r['duration_ms']])).toEqual([
      ['ghl_get_contact', 'upstream_error', 300],
      ['cloudflare_list_zones', 'ok', 12],
    ]);
    expect(rows[0]!['timestamp']).toBeInstanceOf(Date);
    await prisma.toolExecution.update({ where: { id: 'ex_1' }, data: { resultSize: 10 } });
    await prisma.toolExecution.deleteMany({ where: { id: { in: ['ex_old', 'ex_1', 'ex_2'] } } });
    expect(await prisma.toolExecution.count()).toBe(0);
  });
});
