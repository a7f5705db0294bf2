import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'code' | 'access' | 'refresh' | 'client_secret';

const PREFIX: Record<SecretKind, string> = { code: 'emcp_ac_', access: 'emcp_at_', refresh: 'emcp_rt_', client_secret: 'emcp_cs_' };

/** A new random secret (256 bits), prefixed by what it is so a leaked one is recognisable (and scannable). */
export function newSecret(kind: SecretKind): string {
  return `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

/** Whether a presented bearer token looks like one of this server's access tokens. */
export function isEmbeddedAccessToken(token: string): boolean {
  return token.startsWith(PREFIX.access);
}

/** How codes, tokens and client secrets are stored: SHA-256, hex. 256 random bits need no salt or stretching. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** PKCE S256 (RFC 7636 §4.6). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
