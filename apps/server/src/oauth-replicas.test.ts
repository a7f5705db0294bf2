import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '@enterprise-mcp/database';
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { connectAccount, randomCredentialKey, startLedgerFake, type LedgerFake } from '@enterprise-mcp/vault/testing';
import { keyVerifier, verified } from '../test/support/harness.js';
import { callTool, startOAuthServer } from '../test/support/connections.js';

const KEY = 'emcp_acme_key';

describeEachDatabase('two server instances sharing one %s database', (kind) => {
  let t: TestDatabase;
  let second: Database | undefined;
  let fake: LedgerFake;
  let servers: Array<Awaited<ReturnType<typeof startOAuthServer>>>;

  beforeAll(async () => {
    [t, fake] = await Promise.all([openTestDatabase({ kind }), startLedgerFake()]);
    // PostgreSQL: each instance has its own database client, as replicas do. PGlite serves one process: they share it.
    second = t.url ? await openDatabase({ databaseUrl: t.url, poolSize: 4 }) : undefined;
    const keys = randomCredentialKey();
    const verifier = keyVerifier({ [KEY]: verified('acme', 'key-a') });
    servers = await Promise.all([t.db, second ?? t.db].map((db) => startOAuthServer({ prisma: db.prisma, fake, keys, verifier })));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await second?.close();
    await Promise.all([t.cleanup(), fake.close()]);
  });

  it('50 concurrent tool calls needing a refresh make exactly one refresh at the provider, and the rotated token is kept', async () => {
    const { connection } = await connectAccount(servers[0]!.vault, 'acme', '9130');
    const expire = async () => {
      fake.provider.expireAccessTokens();
      await t.db.prisma.oAuthConnection.update({ where: { id: connection.id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
    };
    await expire();
    const before = fake.provider.stats.refreshes;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => callTool(servers[i % 2]!.mcpUrl, KEY, 'ledger_get_company')));
    expect(answers.filter((answer) => answer.isError)).toEqual([]);
    expect(answers.every((answer) => answer.text.includes('"name":"Acme Books Ltd"'))).toBe(true);
    expect(fake.provider.stats.refreshes).toBe(before + 1);
    expect(fake.apiCalls['9130']).toBeGreaterThanOrEqual(50);

    // Later: the token expires again and the other instance refreshes with the rotated refresh token it never saw.
    await expire();
    expect((await callTool(servers[1]!.mcpUrl, KEY, 'ledger_get_company')).isError).toBe(false);
    expect((await callTool(servers[0]!.mcpUrl, KEY, 'ledger_get_company')).isError).toBe(false);
    expect(fake.provider.stats.refreshes).toBe(before + 2);
  }, 90_000);
});
