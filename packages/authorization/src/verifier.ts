import type { PrismaClient } from '@enterprise-mcp/database';
import { toTenant } from '@enterprise-mcp/tenancy';
import { sameResource } from './grants.js';
import type { AccessTokenVerifier, TokenVerification } from './principal.js';
import { effectiveScopes, roleScopes } from './scopes.js';
import { hashSecret, isEmbeddedAccessToken } from './secrets.js';

export interface EmbeddedVerifierOptions {
  /** This server's resource (`<PUBLIC_URL>/mcp`): a token bound to any other is refused (RFC 8707). */
  resource: () => string;
  /** How long a lookup is trusted; revocation in another replica takes effect within this (default 5000). */
  cacheTtlMs?: number;
  maxCacheEntries?: number;
  now?: () => number;
}

export interface EmbeddedTokenVerifier extends AccessTokenVerifier {
  /** Forgets every cached lookup (after a revocation in this process). */
  invalidate(): void;
}

/**
 * The embedded authorization server's access tokens: looked up by their
 * SHA-256, with the grant, tenant, user and membership they stand on, all
 * checked on every (uncached) use.
 */
export function createEmbeddedVerifier(prisma: PrismaClient, options: EmbeddedVerifierOptions): EmbeddedTokenVerifier {
  const ttl = options.cacheTtlMs ?? 5_000;
  const max = options.maxCacheEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; result: TokenVerification }>();

  const lookup = async (hash: string): Promise<TokenVerification> => {
    const row = await prisma.oAuthToken.findUnique({ where: { hash }, include: { grant: { include: { tenant: true, user: true } } } });
    if (!row || row.kind !== 'access') return { ok: false, reason: 'unknown' };
    const { grant } = row;
    if (grant.revokedAt) return { ok: false, reason: 'revoked' };
    if (row.expiresAt.getTime() <= now()) return { ok: false, reason: 'expired' };
    if (!sameResource(grant.resource, options.resource())) return { ok: false, reason: 'wrong_audience' };
    if (grant.tenant.status !== 'active') return { ok: false, reason: 'tenant_suspended' };
    if (grant.user.disabledAt) return { ok: false, reason: 'revoked' };
    const membership = await prisma.membership.findUnique({ where: { userId_tenantId: { userId: grant.userId, tenantId: grant.tenantId } } });
    if (!membership) return { ok: false, reason: 'no_membership' };
    return {
      ok: true,
      principal: {
        tenant: toTenant(grant.tenant),
        userId: grant.userId,
        clientId: grant.clientId,
        scopes: effectiveScopes(grant.scopes, membership.role),
        attainableScopes: [...roleScopes(membership.role)],
        expiresAt: row.expiresAt,
      },
    };
  };

  return {
    async verify(token) {
      if (!isEmbeddedAccessToken(token)) return { ok: false, reason: 'malformed' };
      const hash = hashSecret(token);
      const cached = cache.get(hash);
      if (cached && now() - cached.at < ttl) {
        if (cached.result.ok && cached.result.principal.expiresAt.getTime() <= now()) return { ok: false, reason: 'expired' };
        return cached.result;
      }
      const result = await lookup(hash);
      cache.delete(hash);
      cache.set(hash, { at: now(), result });
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return result;
    },
    invalidate() {
      cache.clear();
    },
  };
}
