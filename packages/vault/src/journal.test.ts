import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { RefreshJournal, type JournalEntry } from './journal.js';

const dir = mkdtempSync(join(tmpdir(), 'emcp-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (connectionId: string): JournalEntry => ({
  connectionId,
  tenantId: 'acme',
  ecosystem: 'ledger',
  usedRefreshDigest: 'd'.repeat(64),
  receivedAt: new Date().toISOString(),
  sealed: { ciphertext: new Uint8Array([1, 2, 3]), iv: new Uint8Array(12), authTag: new Uint8Array(16), keyId: 'k_1' },
  accessExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
});

it('keeps whole entries only (mode 0600), per connection and oldest first, and forgets a torn temporary file', async () => {
  const journal = new RefreshJournal(dir);
  const first = await journal.write(entry('conn_a'));
  await journal.write(entry('conn_b'));
  const second = await journal.write(entry('conn_a'));
  writeFileSync(join(journal.dir, 'conn_a.1.00.json.tmp'), '{"torn');
  expect(statSync(first).mode & 0o777).toBe(0o600);

  const mine = await journal.entriesOf('conn_a');
  expect(mine.map((e) => e.path)).toEqual([first, second]);
  expect(mine[0]!.entry).toMatchObject({ tenantId: 'acme', usedRefreshDigest: 'd'.repeat(64), sealed: { keyId: 'k_1' } });
  expect(Buffer.from(mine[0]!.entry.sealed.ciphertext)).toEqual(Buffer.from([1, 2, 3]));
  expect(readdirSync(journal.dir).some((name) => name.endsWith('.tmp'))).toBe(false);

  await journal.remove(first);
  expect((await journal.entries()).map((e) => e.entry.connectionId)).toEqual(['conn_b', 'conn_a']);
  expect(await new RefreshJournal(join(dir, 'never-written')).entries()).toEqual([]);
});
