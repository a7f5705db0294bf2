/**
 * A connection row and what it holds: the tokens sealed with tenancy's
 * AES-256-GCM (the tenant, ecosystem and connection id bound in as associated
 * data, so a ciphertext copied to another row does not open), and the summary
 * the call path sees (no tokens).
 */
import { createHash } from 'node:crypto';
import type { ConnectionStatus, ConnectionSummary, OAuthTokenSet } from '@enterprise-mcp/core';
import type { OAuthConnection } from '@enterprise-mcp/database';
import { seal, unseal, type CredentialKeys, type Sealed } from '@enterprise-mcp/tenancy';

/** The two secrets a connection keeps. */
export interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
}

/** The row's columns that hold sealed tokens, and their expiries. */
export interface TokenColumns {
  tokensCiphertext: Uint8Array<ArrayBuffer>;
  tokensIv: Uint8Array<ArrayBuffer>;
  tokensAuthTag: Uint8Array<ArrayBuffer>;
  keyId: string;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  refreshHardExpiresAt: Date | null;
}

type Owner = Pick<OAuthConnection, 'id' | 'tenantId' | 'ecosystem'>;

function tokensAad(owner: Owner): string {
  return `${owner.tenantId}\u0000${owner.ecosystem}\u0000${owner.id}`;
}

export function sealTokens(owner: Owner, tokens: StoredTokens, keys: CredentialKeys): Sealed {
  return seal(JSON.stringify(tokens), keys, tokensAad(owner));
}

/** The columns a token set becomes on its connection's row. */
export function tokenColumns(owner: Owner, set: OAuthTokenSet, keys: CredentialKeys): TokenColumns {
  const sealed = sealTokens(owner, { accessToken: set.accessToken, ...(set.refreshToken ? { refreshToken: set.refreshToken } : {}) }, keys);
  return {
    tokensCiphertext: sealed.ciphertext,
    tokensIv: sealed.iv,
    tokensAuthTag: sealed.authTag,
    keyId: sealed.keyId,
    accessExpiresAt: set.expiresAt ?? null,
    refreshExpiresAt: set.refreshExpiresAt ?? null,
    refreshHardExpiresAt: set.refreshHardExpiresAt ?? null,
  };
}

/** The row's sealed tokens, or undefined once they were erased (revoked). */
export function sealedOf(row: OAuthConnection): Sealed | undefined {
  if (!row.tokensCiphertext || !row.tokensIv || !row.tokensAuthTag || !row.keyId) return undefined;
  return { ciphertext: row.tokensCiphertext, iv: row.tokensIv, authTag: row.tokensAuthTag, keyId: row.keyId };
}

export function unsealTokens(row: OAuthConnection, keys: CredentialKeys): StoredTokens | undefined {
  const sealed = sealedOf(row);
  if (!sealed) return undefined;
  return JSON.parse(unseal(sealed, keys, tokensAad(row), `the tokens of ${row.ecosystem} connection ${row.id}`)) as StoredTokens;
}

/** A refresh token as the journal names it: never the token itself. */
export function tokenDigest(token: string | undefined): string {
  return createHash('sha256').update(token ?? '').digest('hex');
}

/** The external ids as one canonical string: the same account gives the same key, whatever the order. */
export function accountKeyOf(externalIds: Record<string, string>): string {
  return JSON.stringify(Object.keys(externalIds).sort().map((name) => [name, externalIds[name]]));
}

export function summaryOf(row: OAuthConnection): ConnectionSummary {
  return {
    id: row.id,
    ecosystem: row.ecosystem,
    ...(row.displayName ? { displayName: row.displayName } : {}),
    externalIds: (row.externalIds ?? {}) as Record<string, string>,
    status: row.status as ConnectionStatus,
    scopes: row.scopes,
    ...(levelsOfRow(row) ? { levels: levelsOfRow(row) } : {}),
  };
}

/** The levels a connection holds, or undefined when it is not narrowed by levels. */
export function levelsOfRow(row: Pick<OAuthConnection, 'permissionLevels'>): string[] | undefined {
  const levels = row.permissionLevels;
  return Array.isArray(levels) ? levels.filter((level): level is string => typeof level === 'string') : undefined;
}
