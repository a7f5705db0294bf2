import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigurationError } from '@enterprise-mcp/core';

/** The variable every sealed secret's key comes from. */
export const ENCRYPTION_KEY_VARIABLE = 'CREDENTIALS_ENCRYPTION_KEY';
/** Older keys that may still decrypt rows until they are re-encrypted. */
export const PREVIOUS_KEYS_VARIABLE = 'CREDENTIALS_ENCRYPTION_KEY_PREVIOUS';

/** An AES-256 key and the id stored beside everything it encrypts. */
export interface CredentialKey {
  id: string;
  key: Uint8Array;
}

/** One key to encrypt with, or a keyring (current first) whose members can all decrypt. */
export type CredentialKeys = CredentialKey | CredentialKey[];

/** AES-256-GCM output as stored: ciphertext, 96-bit IV, 128-bit tag, and the id of the key. */
export interface Sealed {
  ciphertext: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  authTag: Uint8Array<ArrayBuffer>;
  keyId: string;
}

/**
 * Reads `CREDENTIALS_ENCRYPTION_KEY` (32 bytes, base64). The id defaults to a
 * fingerprint of the key, so rotating the variable changes the id by itself.
 */
export function parseCredentialKey(base64: string | undefined, variable = ENCRYPTION_KEY_VARIABLE, id?: string): CredentialKey {
  const key = base64 ? Buffer.from(base64.trim(), 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new ConfigurationError('Credentials encryption', [
      { variable, message: 'must be 32 random bytes in base64 (generate one with `openssl rand -base64 32`)' },
    ]);
  }
  return { id: id ?? `k_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key };
}

/**
 * The keyring of a rotation: the current key (`CREDENTIALS_ENCRYPTION_KEY`)
 * encrypts; it and the previous ones (`CREDENTIALS_ENCRYPTION_KEY_PREVIOUS`,
 * comma-separated) decrypt.
 */
export function parseCredentialKeyring(current: string | undefined, previous?: string): CredentialKey[] {
  const older = (previous ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => parseCredentialKey(value, PREVIOUS_KEYS_VARIABLE));
  return [parseCredentialKey(current), ...older];
}

/** The key new writes use: the keyring's first. */
export function currentKeyOf(keys: CredentialKeys, doing: string): CredentialKey {
  const current = Array.isArray(keys) ? keys[0] : keys;
  if (!current) {
    throw new ConfigurationError(`Credentials encryption (${doing})`, [
      { variable: ENCRYPTION_KEY_VARIABLE, message: 'is required: 32 random bytes in base64 (openssl rand -base64 32)' },
    ]);
  }
  return current;
}

/**
 * Encrypts `plain` with AES-256-GCM under the keyring's current key. `aad`
 * names what the secret belongs to (a tenant and ecosystem, a connection): a
 * ciphertext copied to another owner's row then fails to decrypt.
 */
export function seal(plain: string, keys: CredentialKeys, aad: string): Sealed {
  const key = currentKeyOf(keys, 'encrypting');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { ciphertext: bytes(ciphertext), iv: bytes(iv), authTag: bytes(cipher.getAuthTag()), keyId: key.id };
}

/**
 * Decrypts what `seal` made. A row under a key the keyring lacks is a
 * ConfigurationError naming the variable (`what` says whose row it is); a
 * tampered or transplanted ciphertext fails GCM's authentication.
 */
export function unseal(sealed: Sealed, keys: CredentialKeys, aad: string, what: string): string {
  const key = (Array.isArray(keys) ? keys : [keys]).find((candidate) => candidate.id === sealed.keyId);
  if (!key) {
    throw new ConfigurationError('Credentials encryption', [
      {
        variable: ENCRYPTION_KEY_VARIABLE,
        message:
          `does not include key ${sealed.keyId}, which encrypted ${what}; ` +
          `keep the old key in ${PREVIOUS_KEYS_VARIABLE} until the rows are re-encrypted`,
      },
    ]);
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}

/** A copy on a plain ArrayBuffer: what Prisma's Bytes fields take (a Buffer may sit on a shared pool). */
function bytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer);
}
