import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '@enterprise-mcp/database';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { MemoryAudit } from '../../test/support/harness.js';
import { ApprovalNotFoundError, ApprovalStateError, argumentsHash, createApprovalStore, type ApprovalBinding } from './index.js';

const binding = (tenantId: string, args: unknown): ApprovalBinding => ({
  tenantId,
  apiKeyId: 'key-1',
  userId: null,
  ecosystem: 'cloudflare',
  toolName: 'cloudflare_delete_dns_record',
  argumentsHash: argumentsHash(args),
});

describe(`the approval store (${process.env['TEST_DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  /** A second replica's connection to the same database (PGlite lives in one process: the same handle). */
  let second: Database;
  beforeAll(async () => {
    t = await openTestDatabase();
    second = t.url ? await openDatabase({ databaseUrl: t.url, poolSize: 2 }) : t.db;
  });
  afterAll(async () => {
    if (second !== t.db) await second.close();
    await t.cleanup();
  });

  it('lets one of two replicas spend an approval, the other is told it was used', async () => {
    const audit = new MemoryAudit();
    const one = createApprovalStore(t.db.prisma, { ttlMs: 60_000, audit });
    const two = createApprovalStore(second.prisma, { ttlMs: 60_000, audit });
    const args = { zoneId: 'z1', recordId: 'r1' };
    const approval = await one.request(binding('acme', args), args, 'req-1');
    await two.approve(approval.id, 'admin@example.com');
    const spends = await Promise.all([one.consume(approval.id, binding('acme', args)), two.consume(approval.id, binding('acme', args))]);
    expect(spends.filter((spent) => spent.ok)).toHaveLength(1);
    expect(spends.find((spent) => !spent.ok)).toMatchObject({ ok: false, reason: 'used' });
    expect(audit.records.map((row) => row.errorCode)).toEqual(['approval_approved']);
  });

  it('keeps the first of two simultaneous decisions, and names unknown ids', async () => {
    const one = createApprovalStore(t.db.prisma, { ttlMs: 60_000 });
    const two = createApprovalStore(second.prisma, { ttlMs: 60_000 });
    const approval = await one.request(binding('acme', { n: 2 }), { n: 2 }, null);
    const decisions = await Promise.allSettled([one.approve(approval.id, 'a@example.com'), two.deny(approval.id, 'b@example.com', 'no')]);
    expect(decisions.filter((d) => d.status === 'fulfilled')).toHaveLength(1);
    const lost = decisions.find((d) => d.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ApprovalStateError);
    await expect(one.approve('apr_000000000000000000000000', 'a@example.com')).rejects.toBeInstanceOf(ApprovalNotFoundError);
  });

  it('hashes arguments canonically, and stores them redacted', async () => {
    expect(argumentsHash({ a: 1, b: { c: 2, d: 3 } })).toBe(argumentsHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(argumentsHash({ a: 1 })).not.toBe(argumentsHash({ a: 2 }));
    const store = createApprovalStore(t.db.prisma, { ttlMs: 60_000 });
    const args = { apiToken: 'sk-live-secret', name: 'www' };
    const approval = await store.request(binding('globex', args), args, null);
    expect(approval.arguments).toEqual({ apiToken: '[REDACTED]', name: 'www' });
    expect(JSON.stringify(await t.db.prisma.toolApproval.findUnique({ where: { id: approval.id } }))).not.toContain('sk-live-secret');
  });

  it("lists by tenant and status, and another tenant's binding cannot spend an id", async () => {
    const store = createApprovalStore(t.db.prisma, { ttlMs: 60_000 });
    const approval = await store.request(binding('initech', { x: 1 }), { x: 1 }, null);
    await store.approve(approval.id, 'admin@example.com');
    expect((await store.list({ tenantIds: ['initech'] })).map((row) => [row.id, row.status])).toEqual([[approval.id, 'approved']]);
    expect(await store.list({ tenantIds: ['initech'], status: 'pending' })).toEqual([]);
    expect(await store.consume(approval.id, binding('acme', { x: 1 }))).toEqual({ ok: false, reason: 'unknown' });
    expect((await store.consume(approval.id, binding('initech', { x: 1 }))).ok).toBe(true);
  });
});
