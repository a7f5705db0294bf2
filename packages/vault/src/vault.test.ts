import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConfigurationError,
  CredentialsMissingError,
  createEcosystemClient,
  parseEcosystemConfig,
  ReconnectRequiredError,
  ValidationError,
  type ToolExecutionRecord,
} from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { answerConsent, connectAccount, createTestVault, ledgerEcosystem, randomCredentialKey, startLedgerFake, ticketOf, type LedgerClient, type LedgerFake } from './testing/index.js';
import type { Vault } from './index.js';

const DAY = 86_400_000;
let t: TestDatabase;
let fake: LedgerFake;
let dir: string;
const key = randomCredentialKey();
const audit: ToolExecutionRecord[] = [];
let vault: Vault;

beforeAll(async () => {
  [t, fake] = await Promise.all([openTestDatabase(), startLedgerFake()]);
  dir = mkdtempSync(join(tmpdir(), 'emcp-vault-'));
  vault = createTestVault({ prisma: t.db.prisma, fake, keys: key, journalDir: dir, audit: { record: (r) => audit.push(r), flush: async () => {} } });
});
afterAll(async () => {
  await vault.close();
  await Promise.all([t.cleanup(), fake.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const resolved = () => parseEcosystemConfig(ledgerEcosystem, fake.config);
const clientFor = (v: Vault, tenantId: string, connectionId: string, externalIds: Record<string, string>) =>
  createEcosystemClient(ledgerEcosystem, resolved(), {
    token: v.tokenProvider(tenantId, ledgerEcosystem, resolved(), connectionId),
    connection: { id: connectionId, externalIds },
  }) as LedgerClient;
const companyOf = (client: LedgerClient) => client.http.get<{ id: string; name: string }>(`companies/${client.companyId}`);
const rowOf = (id: string) => t.db.prisma.oAuthConnection.findUniqueOrThrow({ where: { id } });
const expireAccess = async (id: string) => {
  fake.provider.expireAccessTokens();
  await t.db.prisma.oAuthConnection.update({ where: { id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
};

describe('the connect flow', () => {
  it('sends the person to the provider with state, PKCE S256 and the scopes, and stores the connected company sealed', async () => {
    const link = await vault.createConnectLink({ tenantId: 'acme', ecosystem: 'ledger' });
    expect(link.url).toMatch(/^https:\/\/mcp\.example\.com\/connect\/start\/[\w-]{43}$/);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    const redirect = await vault.beginAuthorization(ticketOf(link.url));
    const authorize = new URL(redirect.url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.oauthBaseUrl}/connect/oauth2`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'fake-client-id',
      redirect_uri: 'https://mcp.example.com/oauth/callback/ledger',
      response_type: 'code',
      scope: 'com.ledger.accounting',
      state: redirect.state,
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    const callback = await answerConsent(redirect.url, { account: '9130' });
    const done = await vault.completeAuthorization('ledger', callback.searchParams, redirect.state);
    expect(done).toMatchObject({ tenantId: 'acme', ecosystemName: 'Ledger', accountKind: 'company', reconnected: false });
    expect(done.connection).toMatchObject({ displayName: 'Acme Books Ltd', externalIds: { companyId: '9130' }, status: 'active', scopes: ['com.ledger.accounting'] });

    const row = await rowOf(done.connection.id);
    expect(row.keyId).toBe(key.id);
    expect(Buffer.from(row.tokensCiphertext!).toString('utf8')).not.toMatch(/at-|rt-/);
    expect(row.refreshHardExpiresAt!.getTime() - Date.now()).toBeGreaterThan(4.9 * 365 * DAY);
    expect(Math.round((row.refreshExpiresAt!.getTime() - Date.now()) / DAY)).toBe(100);
    const pending = await t.db.prisma.oAuthAuthorization.findFirstOrThrow({ where: { stateHash: { not: null } } });
    expect(pending.stateHash).not.toContain(redirect.state);
    expect(Buffer.from(pending.verifierCiphertext!).length).toBeGreaterThan(40);
  });

  it('spends the link and the sign-in once each, and refuses a callback in a browser that did not start it', async () => {
    const link = await vault.createConnectLink({ tenantId: 'acme', ecosystem: 'ledger' });
    const redirect = await vault.beginAuthorization(ticketOf(link.url));
    await expect(vault.beginAuthorization(ticketOf(link.url))).rejects.toThrow(/already used/);
    const callback = await answerConsent(redirect.url, { account: '9130' });
    await expect(vault.completeAuthorization('ledger', callback.searchParams, 'someone-elses-state')).rejects.toThrow(/another browser/);
    await expect(vault.completeAuthorization('ledger', callback.searchParams, redirect.state)).rejects.toThrow(ValidationError);
    await expect(vault.beginAuthorization('not-a-ticket')).rejects.toThrow(/unknown, expired or already used/);
  });

  it('says a declined consent was declined', async () => {
    const link = await vault.createConnectLink({ tenantId: 'acme', ecosystem: 'ledger' });
    const redirect = await vault.beginAuthorization(ticketOf(link.url));
    const callback = await answerConsent(redirect.url, { approve: false });
    await expect(vault.completeAuthorization('ledger', callback.searchParams, redirect.state)).rejects.toThrow('The connection to Ledger was declined');
  });

  it('keeps the id when the same company is connected again, and adds another company as a second connection', async () => {
    const first = await connectAccount(vault, 'initech', '9130');
    const again = await connectAccount(vault, 'initech', '9130');
    const other = await connectAccount(vault, 'initech', '4620');
    expect(again).toMatchObject({ reconnected: true, connection: { id: first.connection.id } });
    expect(other).toMatchObject({ reconnected: false, connection: { displayName: 'Globex <Holdings> & "Sons"' } });
    expect(other.connection.id).not.toBe(first.connection.id);
    expect((await vault.list('initech', 'ledger')).map((c) => c.externalIds['companyId'])).toEqual(['9130', '4620']);
    expect(await vault.list('someone-else', 'ledger')).toEqual([]);
  });
});

describe('imported connections', () => {
  it("trades a refresh token authorised elsewhere, stores the rotated one, names the account, and re-imports into the same connection", async () => {
    const issued = fake.provider.issue('4620');
    const before = fake.provider.stats.refreshes;
    const imported = await vault.importConnection({ tenantId: 'imports', ecosystem: 'ledger', externalIds: { companyId: '4620' }, refreshToken: issued.refresh_token });
    expect(fake.provider.stats.refreshes).toBe(before + 1);
    expect(imported.connection).toMatchObject({ displayName: 'Globex <Holdings> & "Sons"', externalIds: { companyId: '4620' }, status: 'active' });
    // The token given is spent by the trade (Ledger rotates): what the vault kept is the rotated one, and it works.
    await expireAccess(imported.connection.id);
    const client = clientFor(vault, 'imports', imported.connection.id, { companyId: '4620' });
    expect((await companyOf(client)).id).toBe('4620');

    const again = await vault.importConnection({ tenantId: 'imports', ecosystem: 'ledger', externalIds: { companyId: '4620' }, tokens: tokensOf(fake.provider.issue('4620')) });
    expect(again).toMatchObject({ reconnected: true, connection: { id: imported.connection.id } });
  });

  it('refuses a refresh token the provider does not accept, and an import without account ids', async () => {
    await expect(vault.importConnection({ tenantId: 'imports', ecosystem: 'ledger', externalIds: { companyId: '9130' }, refreshToken: 'rt-not-issued' })).rejects.toThrow(
      /Ledger refused the refresh token .*authorise the app again/,
    );
    await expect(vault.importConnection({ tenantId: 'imports', ecosystem: 'ledger', externalIds: {}, refreshToken: 'x' })).rejects.toBeInstanceOf(ValidationError);
    expect(await vault.list('imports', 'ledger')).toHaveLength(1);
  });
});

function tokensOf(issued: { access_token: string; refresh_token: string }) {
  return { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: new Date(Date.now() + 3_600_000), raw: {} };
}

describe('tokens', () => {
  it('hands out the stored token, refreshes once when it nears expiry, and stores the rotated refresh token', async () => {
    const { connection } = await connectAccount(vault, 'hooli', '9130');
    const client = clientFor(vault, 'hooli', connection.id, connection.externalIds);
    const before = fake.provider.stats.refreshes;
    expect(await companyOf(client)).toEqual({ id: '9130', name: 'Acme Books Ltd' });
    expect(fake.provider.stats.refreshes).toBe(before);

    const stored = await rowOf(connection.id);
    await expireAccess(connection.id);
    expect(await companyOf(client)).toEqual({ id: '9130', name: 'Acme Books Ltd' });
    expect(fake.provider.stats.refreshes).toBe(before + 1);
    const refreshed = await rowOf(connection.id);
    expect(refreshed.lastRefreshAt!.getTime()).toBeGreaterThan(stored.lastRefreshAt!.getTime());
    expect(Buffer.from(refreshed.tokensCiphertext!).equals(Buffer.from(stored.tokensCiphertext!))).toBe(false);
    // A second vault (another process) reads the rotated tokens: a refresh with them works at the provider.
    const other = createTestVault({ prisma: t.db.prisma, fake, keys: key });
    await expireAccess(connection.id);
    expect(await companyOf(clientFor(other, 'hooli', connection.id, connection.externalIds))).toMatchObject({ id: '9130' });
    expect(fake.provider.stats.refreshes).toBe(before + 2);
  });

  it('refreshes once after the platform rejects a token it thought fresh (401), and retries the call once', async () => {
    const { connection } = await connectAccount(vault, 'pied-piper', '4620');
    const client = clientFor(vault, 'pied-piper', connection.id, connection.externalIds);
    await companyOf(client);
    fake.provider.expireAccessTokens();
    const before = fake.provider.stats.refreshes;
    const answers = await Promise.all(Array.from({ length: 10 }, () => companyOf(client)));
    expect(answers.every((answer) => answer.id === '4620')).toBe(true);
    expect(fake.provider.stats.refreshes).toBe(before + 1);
  });

  it('marks an invalid_grant connection needs_reconnect with a reconnect URL; reconnecting keeps its id', async () => {
    const { connection } = await connectAccount(vault, 'umbrella', '9130');
    const client = clientFor(vault, 'umbrella', connection.id, connection.externalIds);
    await companyOf(client);
    fake.provider.revokeAll();
    await expireAccess(connection.id);
    const failure = await companyOf(client).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReconnectRequiredError);
    const error = failure as ReconnectRequiredError;
    expect(error.reconnectUrl).toBe(`https://mcp.example.com/connect/ledger?connection=${connection.id}`);
    expect(error.toToolMessage()).toContain(`https://mcp.example.com/connect/ledger?connection=${connection.id}`);
    expect(error.toToolMessage()).toMatch(/invalid_grant/);
    expect(await rowOf(connection.id)).toMatchObject({ status: 'needs_reconnect', lastError: 'invalid_grant: Token invalid' });
    const [listed] = await vault.listConnections({ tenantId: 'umbrella' });
    expect(listed!.warnings).toEqual(['needs to be reconnected: invalid_grant: Token invalid']);

    const again = await connectAccount(vault, 'umbrella', '9130', connection.id);
    expect(again).toMatchObject({ reconnected: true, connection: { id: connection.id, status: 'active' } });
    expect(await companyOf(client)).toMatchObject({ id: '9130' });
  });

  it('disconnects: revokes the grant at the provider, then erases the tokens', async () => {
    const { connection } = await connectAccount(vault, 'stark', '4620');
    const client = clientFor(vault, 'stark', connection.id, connection.externalIds);
    await companyOf(client);
    const revocations = fake.provider.stats.revocations;
    const result = await vault.disconnect('stark', connection.id);
    expect(result).toMatchObject({ revokedAtProvider: true, connection: { status: 'revoked' } });
    expect(fake.provider.stats.revocations).toBe(revocations + 1);
    expect(await rowOf(connection.id)).toMatchObject({ status: 'revoked', tokensCiphertext: null, keyId: null });
    // The grant's live access token died with it: the next call is told to reconnect.
    await expect(companyOf(client)).rejects.toThrow(/was disconnected/);
    expect(await vault.list('stark', 'ledger')).toEqual([]);
    await expect(vault.disconnect('wayne', connection.id)).rejects.toThrow(/no connection/);
  });

  it('says a tenant without a connection must connect one, naming where', async () => {
    const provider = vault.tokenProvider('nobody', ledgerEcosystem, resolved(), 'conn_missing');
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsMissingError);
    expect((error as CredentialsMissingError).toToolMessage()).toContain('https://mcp.example.com/connect/ledger');
  });
});

describe('encryption keys', () => {
  it('a wrong key is a configuration error naming CREDENTIALS_ENCRYPTION_KEY, never a token', async () => {
    const { connection } = await connectAccount(vault, 'wrong-key', '9130');
    await expireAccess(connection.id);
    const stranger = createTestVault({ prisma: t.db.prisma, fake, keys: randomCredentialKey() });
    const error = await stranger.tokenProvider('wrong-key', ledgerEcosystem, resolved(), connection.id).getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`CREDENTIALS_ENCRYPTION_KEY does not include key ${key.id}`);
    expect((error as Error).message).toContain('CREDENTIALS_ENCRYPTION_KEY_PREVIOUS');
  });

  it('rotates: the keyring reads old rows, re-encryption moves every row to the new key, and the old key alone then fails', async () => {
    const rotated = randomCredentialKey();
    const { connection } = await connectAccount(vault, 'rotation', '4620');
    const during = createTestVault({ prisma: t.db.prisma, fake, keys: [rotated, key] });
    await expect(during.tokenProvider('rotation', ledgerEcosystem, resolved(), connection.id).getToken()).resolves.toMatch(/^at-/);
    const changed = await during.reencrypt();
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(await during.reencrypt()).toBe(0);
    expect((await rowOf(connection.id)).keyId).toBe(rotated.id);
    const after = createTestVault({ prisma: t.db.prisma, fake, keys: rotated });
    await expireAccess(connection.id);
    const client = clientFor(after, 'rotation', connection.id, connection.externalIds);
    expect(await companyOf(client)).toMatchObject({ id: '4620' });
    const old = createTestVault({ prisma: t.db.prisma, fake, keys: key });
    await expireAccess(connection.id);
    await expect(old.tokenProvider('rotation', ledgerEcosystem, resolved(), connection.id).getToken()).rejects.toThrow(ConfigurationError);
  });
});

describe('the background job', () => {
  it('refreshes a connection whose unused refresh token nears its end, once', async () => {
    const { connection } = await connectAccount(vault, 'maintenance', '9130');
    await t.db.prisma.oAuthConnection.update({ where: { id: connection.id }, data: { refreshExpiresAt: new Date(Date.now() + 10 * DAY) } });
    const before = fake.provider.stats.refreshes;
    const report = await vault.runMaintenance();
    expect(report.refreshed).toEqual([connection.id]);
    expect(fake.provider.stats.refreshes).toBe(before + 1);
    expect(Math.round(((await rowOf(connection.id)).refreshExpiresAt!.getTime() - Date.now()) / DAY)).toBe(100);
    expect((await vault.runMaintenance()).refreshed).toEqual([]);
    expect(fake.provider.stats.refreshes).toBe(before + 1);
  });

  it('warns once a day before a hard cap: a log line, an audit record with the reconnect URL, and the list', async () => {
    const { connection } = await connectAccount(vault, 'hard-cap', '4620');
    await t.db.prisma.oAuthConnection.update({ where: { id: connection.id }, data: { refreshHardExpiresAt: new Date(Date.now() + 20 * DAY) } });
    expect((await vault.runMaintenance()).warned).toEqual([connection.id]);
    const record = audit.find((r) => r.toolName === 'vault.connection_expiring' && r.tenantId === 'hard-cap');
    expect(record).toMatchObject({ ecosystem: 'ledger', status: 'ok', arguments: { connectionId: connection.id } });
    expect(record?.errorMessage).toContain(`https://mcp.example.com/connect/ledger?connection=${connection.id}`);
    expect((await vault.runMaintenance()).warned).toEqual([]);
    const [listed] = await vault.listConnections({ tenantId: 'hard-cap' });
    expect(listed!.warnings).toEqual([expect.stringMatching(/^refresh token hard cap in 20 days \(\d{4}-\d{2}-\d{2}\): reconnect before then$/)]);
  });
});
