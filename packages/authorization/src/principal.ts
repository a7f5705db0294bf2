import type { Tenant } from '@enterprise-mcp/tenancy';

/** Who an OAuth access token speaks for, once verified. */
export interface OAuthPrincipal {
  tenant: Tenant;
  /** The user (embedded AS), or the token's subject (external AS). */
  userId: string;
  /** The OAuth client the token was issued to, when known. */
  clientId: string | null;
  /** Scopes in force (within the user's current role). */
  scopes: string[];
  /** Scopes the user could be granted on a new authorization: a 403 asks for step-up only when this has more. */
  attainableScopes: string[];
  expiresAt: Date;
}

export type TokenRejection = 'malformed' | 'unknown' | 'expired' | 'revoked' | 'wrong_audience' | 'tenant_suspended' | 'no_membership' | 'unknown_tenant';

export type TokenVerification = { ok: true; principal: OAuthPrincipal } | { ok: false; reason: TokenRejection };

/** Verifies bearer tokens that are not API keys: the embedded AS's, or an external AS's JWTs. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<TokenVerification>;
}
