import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@enterprise-mcp/database';
import { currentKeyOf, seal, unseal, type CredentialKey, type CredentialKeys } from './sealing.js';

/** Stores (or replaces) a tenant's configuration for one ecosystem, encrypted with AES-256-GCM. */
export async function setTenantCredentials(
  prisma: PrismaClient,
  tenantId: string,
  ecosystem: string,
  config: Record<string, unknown>,
  keys: CredentialKeys,
): Promise<void> {
  const sealed = seal(JSON.stringify(config), currentKeyOf(keys, 'storing credentials'), aadOf(tenantId, ecosystem));
  await prisma.tenantCredential.upsert({
    where: { tenantId_ecosystem: { tenantId, ecosystem } },
    create: { id: randomUUID(), tenantId, ecosystem, ...sealed },
    update: sealed,
  });
}

/** The decrypted configuration, or undefined when the tenant has none for this ecosystem. */
export async function getTenantCredentials(
  prisma: PrismaClient,
  tenantId: string,
  ecosystem: string,
  keys: CredentialKeys,
): Promise<Record<string, unknown> | undefined> {
  const row = await prisma.tenantCredential.findUnique({ where: { tenantId_ecosystem: { tenantId, ecosystem } } });
  if (!row) return undefined;
  const plain = unseal(row, keys, aadOf(tenantId, ecosystem), `${ecosystem} credentials of tenant ${tenantId}`);
  return JSON.parse(plain) as Record<string, unknown>;
}

export async function deleteTenantCredentials(prisma: PrismaClient, tenantId: string, ecosystem: string): Promise<boolean> {
  const { count } = await prisma.tenantCredential.deleteMany({ where: { tenantId, ecosystem } });
  return count > 0;
}

/** Re-encrypts every row not under the keyring's first key; returns how many changed. */
export async function rotateTenantCredentials(prisma: PrismaClient, keys: CredentialKey[]): Promise<number> {
  const current = currentKeyOf(keys, 're-encrypting credentials');
  const stale = await prisma.tenantCredential.findMany({ where: { keyId: { not: current.id } } });
  for (const row of stale) {
    const config = await getTenantCredentials(prisma, row.tenantId, row.ecosystem, keys);
    if (config) await setTenantCredentials(prisma, row.tenantId, row.ecosystem, config, current);
  }
  return stale.length;
}

// The row's tenant and ecosystem are bound into the tag, so a ciphertext copied
// to another tenant's row fails to decrypt instead of leaking across tenants.
function aadOf(tenantId: string, ecosystem: string): string {
  return `${tenantId}\u0000${ecosystem}`;
}
