import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * `emcp_<prefix>_<secret>`: the prefix (48 random bits, hex) finds the row; the
 * secret (256 random bits, hex) proves possession. Only SHA-256 of the whole key
 * is stored: with 256 bits of entropy a fast hash is safe, and no salt or
 * server secret is needed to verify.
 */
const KEY_PATTERN = /^emcp_([0-9a-f]{12})_([0-9a-f]{64})$/;

export interface ParsedKey {
  prefix: string;
  presented: string;
}

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const key = `emcp_${prefix}_${randomBytes(32).toString('hex')}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function parseApiKey(presented: string): ParsedKey | undefined {
  const match = KEY_PATTERN.exec(presented.trim());
  return match ? { prefix: match[1]!, presented: presented.trim() } : undefined;
}

export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Compares the presented key's hash with the stored one in constant time. */
export function apiKeyMatches(presented: string, storedHash: string): boolean {
  // One-shot hash: every request verifies its key, and a Hash object per call showed in profiles.
  const actual = hash('sha256', presented, 'buffer');
  const expected = Buffer.from(storedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** How keys are shown in lists: enough to recognise, nothing to use. */
export function maskedKey(prefix: string): string {
  return `emcp_${prefix}_…`;
}
