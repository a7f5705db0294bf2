/**
 * A vault on a test database against Ledger's fake, and the connect flow run
 * without a browser: what the vault's tests and the server's share.
 */
import { randomBytes } from 'node:crypto';
import { parseEcosystemConfig, type AnyEcosystem, type AuditSink, type ResolvedConfig } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';
import { parseCredentialKey, type CredentialKey, type CredentialKeys } from '@enterprise-mcp/tenancy';
import type { CompletedConnection } from '../connect.js';
import type { VaultOptions } from '../context.js';
import { createVault, type Vault } from '../vault.js';
import { answerConsent } from './consent.js';
import { ledgerEcosystem, type LedgerFake } from './ledger.js';

export function randomCredentialKey(): CredentialKey {
  return parseCredentialKey(randomBytes(32).toString('base64'));
}

export interface TestVaultOptions extends Partial<VaultOptions> {
  prisma: PrismaClient;
  fake: LedgerFake;
  keys: CredentialKeys;
  audit?: AuditSink;
  /** Ledger's definition to serve (default `ledgerEcosystem`; `levelledLedgerEcosystem` for permission levels). */
  ecosystem?: AnyEcosystem;
}

/** A vault serving Ledger with the fake's configuration for every tenant. */
export function createTestVault(options: TestVaultOptions): Vault {
  const ecosystem = options.ecosystem ?? (ledgerEcosystem as AnyEcosystem);
  const resolved: ResolvedConfig = parseEcosystemConfig(ecosystem, options.fake.config);
  return createVault({
    ecosystems: [ecosystem],
    resolveConfig: async () => resolved,
    publicUrl: () => 'https://mcp.example.com',
    refreshMarginSeconds: 60,
    ...options,
  });
}

/** The whole connect flow: a link, its authorization request, the consent page approved for `account`, the callback. */
export async function connectAccount(vault: Vault, tenantId: string, account: string, connectionId?: string): Promise<CompletedConnection> {
  const link = await vault.createConnectLink({ tenantId, ecosystem: 'ledger', ...(connectionId ? { connectionId } : {}) });
  const redirect = await vault.beginAuthorization(ticketOf(link.url));
  const callback = await answerConsent(redirect.url, { account });
  return vault.completeAuthorization('ledger', callback.searchParams, redirect.state);
}

/** The secret at the end of a connect link (`…/connect/start/<ticket>`). */
export function ticketOf(linkUrl: string): string {
  return new URL(linkUrl).pathname.split('/').pop()!;
}
