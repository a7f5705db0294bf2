/**
 * A process that dies at the worst moment of a refresh: the provider has
 * rotated the refresh token and the answer is journaled, but the database
 * commit has not happened. Started by refresh-crash.test.ts.
 */
import { openDatabase } from '@enterprise-mcp/database';
import { parseEcosystemConfig } from '@enterprise-mcp/core';
import { parseCredentialKey } from '@enterprise-mcp/tenancy';
import { createTestVault, ledgerEcosystem, type LedgerFake } from '../src/testing/index.js';

const env = process.env as Record<string, string>;
const db = await openDatabase(env['DATABASE_URL'] ? { databaseUrl: env['DATABASE_URL'] } : { dataDir: env['DATA_DIR'] });
const fake = { config: JSON.parse(env['LEDGER_CONFIG']!) } as LedgerFake;
const vault = createTestVault({
  prisma: db.prisma,
  fake,
  keys: parseCredentialKey(env['KEY']),
  journalDir: env['JOURNAL_DIR'],
  afterJournal: () => {
    process.stdout.write('journaled\n');
    process.kill(process.pid, 'SIGKILL');
  },
});
const resolved = parseEcosystemConfig(ledgerEcosystem, fake.config);
await vault.tokenProvider(env['TENANT']!, ledgerEcosystem, resolved, env['CONNECTION']!).getToken();
process.stdout.write('refreshed without dying\n');
await db.close();
