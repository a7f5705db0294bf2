/**
 * The slice of the data plane (database, keys, credentials) the HTTP layer
 * needs, as small interfaces: routes and the MCP module depend on these, and
 * composition (`compose.ts`) plugs in the real packages.
 */

import type { ApiKeyRecord, KeyRejection, KeyScopes, Tenant } from '@enterprise-mcp/tenancy';

export type { KeyScopes };

/** What the HTTP layer needs of a tenant (tenancy's Tenant, narrowed so tests can hand in small ones). */
export type TenantInfo = Pick<Tenant, 'id' | 'slug'> & Partial<Pick<Tenant, 'name' | 'settings'>>;

/** Tenancy's key verification, narrowed the same way. */
export type KeyVerification =
  | { ok: true; tenant: TenantInfo; key: Pick<ApiKeyRecord, 'id'> & Partial<Pick<ApiKeyRecord, 'name'>>; scopes: KeyScopes }
  | { ok: false; reason: KeyRejection };

/** The verifier's one method the HTTP layer calls; tenancy's `createKeyVerifier` is one. */
export interface KeyVerifier {
  verify(presented: string): Promise<KeyVerification>;
}

/** A tenant's stored configuration for one ecosystem, or undefined when it has none. */
export interface CredentialSource {
  configFor(tenantId: string, ecosystemId: string): Promise<Record<string, unknown> | undefined>;
}

export interface Readiness {
  /** Resolves when the database answers and no migration is pending; rejects with a reason otherwise. */
  check(): Promise<{ ok: true } | { ok: false; reason: string }>;
}

/**
 * The database could not be reached (the database package's DatabaseUnavailableError,
 * matched by its code so this layer does not load the database package): retryable.
 */
export function isStorageUnavailable(error: unknown): error is Error & { code: 'database_unavailable'; retryAfterSeconds: number } {
  return error instanceof Error && (error as { code?: unknown }).code === 'database_unavailable';
}
