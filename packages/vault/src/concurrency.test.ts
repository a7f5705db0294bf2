import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { parseEcosystemConfig } from '@enterprise-mcp/core';
import { openDatabase, type Database } from '@enterprise-mcp/database';
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { connectAccount, createTestVault, ledgerEcosystem, randomCredentialKey, startLedgerFake, type LedgerFake } from './testing/index.js';

describeEachDatabase('one refresh at a time per connection, two vaults on one %s database', (kind) => {
  let t: TestDatabase;
  let second: Database | undefined;
  let fake: LedgerFake;
  const key = randomCredentialKey();

  beforeAll(async () => {
    [t, fake] = await Promise.all([openTestDatabase({ kind }), startLedgerFake()]);
    // PostgreSQL: a second client with its own pool, as another replica has. PGlite serves one process: the same client.
    second = t.url ? await openDatabase({ databaseUrl: t.url, poolSize: 4 }) : undefined;
  });
  afterAll(async () => {
    await second?.close();
    await Promise.all([t.cleanup(), fake.close()]);
  });

  it('50 concurrent callers needing a refresh cause exactly one at the provider, and the rotated token is kept', async () => {
    const replicaA = createTestVault({ prisma: t.db.prisma, fake, keys: key });
    const replicaB = createTestVault({ prisma: (second ?? t.db).prisma, fake, keys: key });
    const { connection } = await connectAccount(replicaA, 'acme', '9130');
    const resolved = parseEcosystemConfig(ledgerEcosystem, fake.config);
    const expire = () => t.db.prisma.oAuthConnection.update({ where: { id: connection.id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
    await expire();

    const before = fake.provider.stats.refreshes;
    const providers = [replicaA, replicaB].map((vault) => vault.tokenProvider('acme', ledgerEcosystem, resolved, connection.id));
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => providers[i % 2]!.getToken()));
    expect(fake.provider.stats.refreshes).toBe(before + 1);
    expect(new Set(tokens).size).toBe(1);
    expect(fake.provider.verifyAccessToken(tokens[0]!)?.account.id).toBe('9130');

    // No lost rotation: the next refresh (from either replica) works with what was stored.
    await expire();
    const third = createTestVault({ prisma: (second ?? t.db).prisma, fake, keys: key });
    const next = await third.tokenProvider('acme', ledgerEcosystem, resolved, connection.id).getToken();
    expect(next).not.toBe(tokens[0]);
    expect(fake.provider.stats.refreshes).toBe(before + 2);
    expect((await t.db.prisma.oAuthConnection.findUniqueOrThrow({ where: { id: connection.id } })).status).toBe('active');
  }, 60_000);
});
