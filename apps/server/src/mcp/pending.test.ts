import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '@enterprise-mcp/database';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { databasePendingStates, memoryPendingStates } from './pending.js';

const ACME = { tenantId: 'acme', ecosystem: 'amazon', connection: 'default' };
const GLOBEX = { tenantId: 'globex', ecosystem: 'amazon', connection: 'default' };

describe(`pending tool values in the database (${process.env['TEST_DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'})`, () => {
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

  it('is put on one replica and taken on another, once', async () => {
    const change = { kind: 'patch', sku: 'SUN-BOTTLE-750', body: { patches: [{ op: 'replace', path: '/attributes/item_name' }] } };
    const before = Date.now();
    const { id, expiresAt } = await databasePendingStates(t.db.prisma).scoped(ACME).put(change, 900);
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 900_000);
    const other = databasePendingStates(second.prisma).scoped(ACME);
    expect(await other.take(id)).toEqual(change);
    expect(await other.take(id)).toBeUndefined();
    expect(await databasePendingStates(t.db.prisma).scoped(ACME).take(id)).toBeUndefined();
  });

  it('gives one of two simultaneous takes the value', async () => {
    const { id } = await databasePendingStates(t.db.prisma).scoped(ACME).put({ n: 1 }, 60);
    const takes = await Promise.all([databasePendingStates(t.db.prisma).scoped(ACME).take(id), databasePendingStates(second.prisma).scoped(ACME).take(id)]);
    expect(takes.filter((value) => value !== undefined)).toEqual([{ n: 1 }]);
  });

  it("does not know another tenant's, ecosystem's or connection's id, which stays its owner's", async () => {
    const states = databasePendingStates(t.db.prisma);
    const { id } = await states.scoped(ACME).put({ secret: 'acme only' }, 60);
    expect(await states.scoped(GLOBEX).take(id)).toBeUndefined();
    expect(await states.scoped({ ...ACME, ecosystem: 'google' }).take(id)).toBeUndefined();
    expect(await states.scoped({ ...ACME, connection: 'eu-seller' }).take(id)).toBeUndefined();
    expect(await states.scoped(ACME).take(id)).toEqual({ secret: 'acme only' });
  });

  it('does not give an expired value back, and sweeps expired rows after a later put', async () => {
    let now = Date.now();
    const states = databasePendingStates(t.db.prisma, { now: () => now, sweepIntervalMs: 0 });
    const { id } = await states.scoped(ACME).put({ late: true }, 60);
    const stale = await states.scoped(ACME).put({ stale: true }, 60);
    await states.close!();
    now += 61_000;
    expect(await states.scoped(ACME).take(id)).toBeUndefined();
    await states.scoped(ACME).put({ fresh: true }, 60);
    await states.close!();
    expect(await t.db.prisma.pendingToolState.findUnique({ where: { id: stale.id } })).toBeNull();
  });
});

describe('pending tool values in memory', () => {
  it('keeps scopes apart', async () => {
    const states = memoryPendingStates();
    const { id } = await states.scoped(ACME).put('acme', 60);
    expect(await states.scoped(GLOBEX).take(id)).toBeUndefined();
    expect(await states.scoped(ACME).take(id)).toBe('acme');
  });
});
