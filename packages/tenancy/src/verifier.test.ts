import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable, type PrismaClient } from '@enterprise-mcp/database';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { createApiKey, createKeyVerifier, createTenant, revokeApiKey, suspendTenant } from './index.js';

let t: TestDatabase;
let clock = Date.now();
const now = () => clock;

beforeAll(async () => {
  t = await openTestDatabase();
  await createTenant(t.db.prisma, { slug: 'acme', name: 'Acme', settings: { enabledEcosystems: ['cloudflare'] } });
  await createTenant(t.db.prisma, { slug: 'globex', name: 'Globex' });
});
afterAll(() => t.cleanup());

/** The real client, with a count of key lookups that reach the database, and a switch that makes them fail as an unreachable database's do. */
function countingPrisma(): { prisma: PrismaClient; lookups: () => number; down: (value: boolean) => void } {
  let count = 0;
  let isDown = false;
  const real = t.db.prisma;
  const apiKey = {
    findUnique: (args: Parameters<typeof real.apiKey.findUnique>[0]) => {
      count++;
      if (isDown) return Promise.reject(new Error("Can't reach database server at 127.0.0.1:5432"));
      return real.apiKey.findUnique(args);
    },
    updateMany: (args: Parameters<typeof real.apiKey.updateMany>[0]) => real.apiKey.updateMany(args),
  };
  return { prisma: { apiKey } as unknown as PrismaClient, lookups: () => count, down: (value) => void (isDown = value) };
}

describe('createKeyVerifier', () => {
  it('accepts a valid key with its tenant and scopes, from cache while hot', async () => {
    const { key, record } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'desk', tools: ['cloudflare_*'], readOnly: true });
    const { prisma, lookups } = countingPrisma();
    const verifier = createKeyVerifier(prisma, { now });
    const results = await Promise.all([1, 2, 3].map(() => verifier.verify(key)));
    for (const result of results) {
      expect(result).toMatchObject({ ok: true, tenant: { slug: 'acme', settings: { enabledEcosystems: ['cloudflare'] } }, key: { id: record.id } });
    }
    expect(results[0]).toMatchObject({ scopes: { tools: ['cloudflare_*'], readOnly: true } });
    expect(results[0]!.ok && results[0]!.scopes.ecosystems).toBeUndefined();
    await verifier.verify(key);
    expect(lookups()).toBe(1);
    await verifier.close();
  });

  it('answers cached keys during a database outage without waiting for it, refuses others with a typed error, and logs the outage once each way', async () => {
    const { key } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'outage' });
    const { key: other } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'never-seen' });
    const { prisma, lookups, down } = countingPrisma();
    const logs: Array<{ level: string; msg?: string }> = [];
    const at = (level: string) => (_obj: object, msg?: string) => void logs.push({ level, msg });
    const verifier = createKeyVerifier(prisma, { now, cacheTtlMs: 1000, outageGraceMs: 60_000, logger: { debug() {}, info: at('info'), warn: at('warn'), error: at('error') } });
    expect((await verifier.verify(key)).ok).toBe(true);
    down(true);
    clock += 2000;
    expect((await verifier.verify(key)).ok).toBe(true);
    const probesBefore = lookups();
    for (let i = 0; i < 20; i++) expect((await verifier.verify(key)).ok).toBe(true);
    // Within one probe interval, the outage costs no further queries.
    expect(lookups()).toBe(probesBefore);
    const refused = await verifier.verify(other).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'database_unavailable', retryAfterSeconds: expect.any(Number) });
    clock += 60_000;
    expect(isDatabaseUnavailable(await verifier.verify(key).catch((error: unknown) => error))).toBe(true);
    down(false);
    expect((await verifier.verify(key)).ok).toBe(true);
    expect((await verifier.verify(other)).ok).toBe(true);
    expect(logs.filter((l) => l.msg?.startsWith('database unreachable'))).toHaveLength(1);
    expect(logs.filter((l) => l.msg === 'database reachable again')).toHaveLength(1);
    await verifier.close();
  });

  it('says why a key is refused: malformed, unknown, wrong secret', async () => {
    const { key } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'x' });
    const verifier = createKeyVerifier(t.db.prisma, { now });
    expect(await verifier.verify('Bearer nope')).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifier.verify(`emcp_000000000000_${'a'.repeat(64)}`)).toEqual({ ok: false, reason: 'unknown' });
    const wrongSecret = `${key.slice(0, 18)}${'0'.repeat(64)}`;
    expect(await verifier.verify(wrongSecret)).toEqual({ ok: false, reason: 'unknown' });
    await verifier.close();
  });

  it('makes a revocation effective once the cache TTL has passed', async () => {
    const { key, record } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'to-revoke' });
    const verifier = createKeyVerifier(t.db.prisma, { cacheTtlMs: 5_000, now });
    expect((await verifier.verify(key)).ok).toBe(true);
    await revokeApiKey(t.db.prisma, record.id);
    clock += 4_000;
    expect((await verifier.verify(key)).ok).toBe(true);
    clock += 1_001;
    expect(await verifier.verify(key)).toEqual({ ok: false, reason: 'revoked' });
    await verifier.close();
  });

  it('refuses expired keys and keys of suspended tenants', async () => {
    const expiring = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'short', expiresAt: new Date(clock + 60_000) });
    const globex = await createApiKey(t.db.prisma, { tenantId: 'globex', name: 'g' });
    const verifier = createKeyVerifier(t.db.prisma, { now });
    expect((await verifier.verify(expiring.key)).ok).toBe(true);
    clock += 61_000;
    expect(await verifier.verify(expiring.key)).toEqual({ ok: false, reason: 'expired' });
    await suspendTenant(t.db.prisma, 'globex');
    expect(await verifier.verify(globex.key)).toEqual({ ok: false, reason: 'tenant_suspended' });
    await verifier.close();
  });

  it('records last_used_at in periodic batches, not on every request', async () => {
    const { key, record } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'used' });
    const verifier = createKeyVerifier(t.db.prisma, { now, lastUsedFlushMs: 60_000 });
    await verifier.verify(key);
    await verifier.verify(key);
    expect((await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt).toBeNull();
    await verifier.flushLastUsed();
    expect((await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt?.getTime()).toBe(clock);
    await verifier.close();
  });
});
