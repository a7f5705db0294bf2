/**
 * The slice of the data plane (database, keys, credentials) the HTTP layer
 * needs, as small interfaces: routes and the MCP module depend on these, and
 * composition (`compose.ts`) plugs in the real packages.
 */

export interface KeyScopes {
  /** Empty or absent: every enabled ecosystem. */
  ecosystems?: string[];
  /** Tool names or globs; empty or absent: every tool. */
  tools?: string[];
  readOnly: boolean;
}

export interface TenantInfo {
  id: string;
  slug: string;
  name?: string;
  settings?: unknown;
}

export type KeyVerification =
  | { ok: true; tenant: TenantInfo; key: { id: string; name?: string }; scopes: KeyScopes }
  | { ok: false; reason: string };

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
