import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { ConfigurationError } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';

/** An AES-256 key and the id stored beside everything it encrypts. */
export interface CredentialKey {
  id: string;
  key: Uint8Array;
}

/** One key to encrypt with, or a keyring (current first) whose members can all decrypt. */
export type CredentialKeys = CredentialKey | CredentialKey[];

/**
 * Reads `CREDENTIALS_ENCRYPTION_KEY` (32 bytes, base64). The id defaults to a
 * fingerprint of the key, so rotating the variable changes the id by itself.
 */
export function parseCredentialKey(base64: string | undefined, variable = 'CREDENTIALS_ENCRYPTION_KEY', id?: string): CredentialKey {
  const key = base64 ? Buffer.from(base64.trim(), 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new ConfigurationError('Credentials encryption', [
      { variable, message: 'must be 32 random bytes in base64 (generate one with `openssl rand -base64 32`)' },
    ]);
  }
  return { id: id ?? `k_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key };
}

/** Stores (or replaces) a tenant's configuration for one ecosystem, encrypted with AES-256-GCM. */
export async function setTenantCredentials(
  prisma: PrismaClient,
  tenantId: string,
  ecosystem: string,
  config: Record<string, unknown>,
  keys: CredentialKeys,
): Promise<void> {
  const current = Array.isArray(keys) ? keys[0] : keys;
  if (!current) throw noKey('storing credentials');
  const sealed = seal(JSON.stringify(config), current, aadOf(tenantId, ecosystem));
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
  const key = (Array.isArray(keys) ? keys : [keys]).find((k) => k.id === row.keyId);
  if (!key) {
    throw new ConfigurationError('Credentials encryption', [
      {
        variable: 'CREDENTIALS_ENCRYPTION_KEY',
        message: `does not include key ${row.keyId}, which encrypted ${ecosystem} credentials of tenant ${tenantId}; keep the old key in the keyring until they are re-encrypted`,
      },
    ]);
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, row.iv);
  decipher.setAAD(aadOf(tenantId, ecosystem));
  decipher.setAuthTag(row.authTag);
  const plain = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as Record<string, unknown>;
}

export async function deleteTenantCredentials(prisma: PrismaClient, tenantId: string, ecosystem: string): Promise<boolean> {
  const { count } = await prisma.tenantCredential.deleteMany({ where: { tenantId, ecosystem } });
  return count > 0;
}

/** Re-encrypts every row not under the keyring's first key; returns how many changed. */
export async function rotateTenantCredentials(prisma: PrismaClient, keys: CredentialKey[]): Promise<number> {
  const [current] = keys;
  if (!current) throw noKey('re-encrypting credentials');
  const stale = await prisma.tenantCredential.findMany({ where: { keyId: { not: current.id } } });
  for (const row of stale) {
    const config = await getTenantCredentials(prisma, row.tenantId, row.ecosystem, keys);
    if (config) await setTenantCredentials(prisma, row.tenantId, row.ecosystem, config, current);
  }
  return stale.length;
}

// The row's tenant and ecosystem are bound into the tag, so a ciphertext copied
// to another tenant's row fails to decrypt instead of leaking across tenants.
function aadOf(tenantId: string, ecosystem: string): Buffer {
  return Buffer.from(`${tenantId}\u0000${ecosystem}`, 'utf8');
}

function seal(plain: string, key: CredentialKey, aad: Buffer) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { ciphertext, iv, authTag: cipher.getAuthTag(), keyId: key.id };
}

function noKey(doing: string): ConfigurationError {
  return new ConfigurationError(`Credentials encryption (${doing})`, [
    { variable: 'CREDENTIALS_ENCRYPTION_KEY', message: 'is required: 32 random bytes in base64 (openssl rand -base64 32)' },
  ]);
}
