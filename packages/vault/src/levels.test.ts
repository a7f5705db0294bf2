/**
 * Permission levels per connection: a connect link asks for the scopes of
 * the levels chosen (among those allowed), and the connection holds the
 * chosen levels whose scopes the person left ticked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEcosystemConfig, ValidationError } from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { answerConsent, createTestVault, levelledLedgerEcosystem, randomCredentialKey, startLedgerFake, ticketOf, type LedgerFake } from './testing/index.js';
import type { Vault } from './index.js';

let t: TestDatabase;
let fake: LedgerFake;
let vault: Vault;

beforeAll(async () => {
  [t, fake] = await Promise.all([openTestDatabase(), startLedgerFake()]);
  vault = createTestVault({ prisma: t.db.prisma, fake, keys: randomCredentialKey(), ecosystem: levelledLedgerEcosystem });
});
afterAll(async () => {
  await vault.close();
  await Promise.all([t.cleanup(), fake.close()]);
});

/** A link for these levels, its authorization URL, the consent page answered for `account` with some boxes unticked. */
async function connect(tenantId: string, account: string, options: { levels?: string[]; untick?: string[]; connectionId?: string } = {}) {
  const link = await vault.createConnectLink({ tenantId, ecosystem: 'ledger', ...(options.levels ? { levels: options.levels } : {}), ...(options.connectionId ? { connectionId: options.connectionId } : {}) });
  const redirect = await vault.beginAuthorization(ticketOf(link.url));
  const asked = new URL(redirect.url).searchParams.get('scope');
  const callback = await answerConsent(redirect.url, { account, ...(options.untick ? { untick: options.untick } : {}) });
  return { link, asked, done: await vault.completeAuthorization('ledger', callback.searchParams, redirect.state) };
}

describe('permission levels per connection', () => {
  it("asks only for the chosen levels' scopes, and for every allowed level's when none is chosen", async () => {
    const chosen = await connect('levels-a', '9130', { levels: ['pay'] });
    expect(chosen.link.levels).toEqual(['pay']);
    expect(chosen.asked).toBe('com.ledger.payments');
    expect(chosen.done.connection.levels).toEqual(['pay']);

    const all = await connect('levels-b', '9130');
    expect(all.asked).toBe('com.ledger.accounting com.ledger.payments');
    expect(all.done.connection).toMatchObject({ levels: ['read', 'pay'], scopes: ['com.ledger.accounting', 'com.ledger.payments'] });
    expect(all.done.notGrantedLevels).toEqual([]);
  });

  it('refuses an unknown level before any link exists, naming it and the allowed ones', async () => {
    const error = await vault.createConnectLink({ tenantId: 'levels-c', ecosystem: 'ledger', levels: ['read', 'admin'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).toToolMessage()).toContain('"admin" is not a Ledger permission level; allowed: read, pay');
    expect(await t.db.prisma.oAuthAuthorization.count({ where: { tenantId: 'levels-c' } })).toBe(0);
  });

  it('records the scopes granted and holds only the levels they fully cover when the person unticks one', async () => {
    const { done } = await connect('levels-d', '9130', { levels: ['read', 'pay'], untick: ['com.ledger.payments'] });
    expect(done.connection).toMatchObject({ scopes: ['com.ledger.accounting'], levels: ['read'] });
    expect(done.requestedLevels).toEqual(['read', 'pay']);
    expect(done.notGrantedLevels).toEqual(['pay']);
    const row = await t.db.prisma.oAuthConnection.findUniqueOrThrow({ where: { id: done.connection.id } });
    expect(row.permissionLevels).toEqual(['read']);
    const [listed] = await vault.listConnections({ tenantId: 'levels-d' });
    expect(listed).toMatchObject({ levels: ['read'] });
  });

  it('reconnects with more levels: the same connection, its levels widened; a plain reconnect asks for the levels it holds', async () => {
    const first = (await connect('levels-e', '4620', { levels: ['read'] })).done;
    const provider = vault.tokenProvider('levels-e', levelledLedgerEcosystem, parseEcosystemConfig(levelledLedgerEcosystem, fake.config), first.connection.id);
    const before = await provider.getToken();
    const plain = await connect('levels-e', '4620', { connectionId: first.connection.id });
    expect(plain.asked).toBe('com.ledger.accounting');
    const widened = await connect('levels-e', '4620', { connectionId: first.connection.id, levels: ['read', 'pay'] });
    expect(widened.done).toMatchObject({ reconnected: true, connection: { id: first.connection.id, levels: ['read', 'pay'] } });
    // The provider in this process hands out the new grant's token, not the one it held.
    const after = await provider.getToken();
    expect(after).not.toBe(before);
    expect(fake.provider.verifyAccessToken(after)?.scopes).toEqual(['com.ledger.accounting', 'com.ledger.payments']);
    expect(await vault.list('levels-e', 'ledger')).toHaveLength(1);
  });

  it('keeps two accounts of one tenant apart, each with its own levels', async () => {
    await connect('levels-f', '9130', { levels: ['read'] });
    await connect('levels-f', '4620', { levels: ['read', 'pay'] });
    const levels = Object.fromEntries((await vault.list('levels-f', 'ledger')).map((connection) => [connection.externalIds['companyId'], connection.levels]));
    expect(levels).toEqual({ '9130': ['read'], '4620': ['read', 'pay'] });
  });

  it('tells a caller which level a connection lacks and gives the reconnect that asks for it too', async () => {
    const { done } = await connect('levels-g', '9130', { levels: ['read'] });
    const resolved = parseEcosystemConfig(levelledLedgerEcosystem, fake.config);
    const guidance = vault.missingLevelGuidance('levels-g', levelledLedgerEcosystem, resolved, done.connection, 'pay');
    expect(guidance).toContain(`Ledger connection "Acme Books Ltd" (${done.connection.id}) does not hold the "pay" permission level (it holds: read)`);
    expect(guidance).toContain(`GET https://mcp.example.com/connect/ledger?connection=${done.connection.id}&levels=read,pay`);
    expect(guidance).toContain(`enterprise-mcp connect ledger --tenant levels-g --connection ${done.connection.id} --levels read,pay`);
  });
});
