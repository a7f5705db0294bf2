import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Tenant } from '@enterprise-mcp/tenancy';
import type { AccessTokenVerifier, TokenVerification } from './principal.js';
import { parseScopes, SUPPORTED_SCOPES } from './scopes.js';

export interface ExternalAuthorizationServerOptions {
  /** The `iss` its tokens must carry. */
  issuer: string;
  /** The JWKS to verify their signatures with (default: `<issuer>/.well-known/jwks.json`). */
  jwksUrl?: string;
  /** The `aud` its tokens must carry: this server's resource. */
  audience: string;
  /** Default RS256 and ES256. */
  algorithms?: string[];
  /** The claim naming the tenant (its slug or id); default `tenant`. */
  tenantClaim?: string;
  /** The tenant of tokens without that claim (single-tenant deployments). */
  defaultTenant?: string;
  /** Its scope names mapped to ours (`read=mcp:read`); ours are taken as they are. */
  scopeMap?: Record<string, string>;
  /** Resolves a tenant claim to an active tenant. */
  findTenant(idOrSlug: string): Promise<Tenant | undefined>;
  /** Tests hand in a local key set. */
  keys?: JWTVerifyGetKey;
  clockToleranceSeconds?: number;
}

/**
 * Tokens of an external authorization server (Keycloak, Entra, Okta, Auth0…):
 * JWTs verified against its JWKS (cached and refreshed by jose) with issuer,
 * audience and expiry required; claims mapped to a tenant and our scopes.
 */
export function createExternalVerifier(options: ExternalAuthorizationServerOptions): AccessTokenVerifier {
  const keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl ?? `${options.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  const tenantClaim = options.tenantClaim ?? 'tenant';
  return {
    async verify(token): Promise<TokenVerification> {
      if (token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: options.algorithms ?? ['RS256', 'ES256'],
          requiredClaims: ['exp', 'sub'],
          clockTolerance: options.clockToleranceSeconds ?? 30,
        }));
      } catch (error) {
        return { ok: false, reason: rejectionOf(error) };
      }
      const claim = payload[tenantClaim];
      const tenantRef = typeof claim === 'string' && claim ? claim : options.defaultTenant;
      const tenant = tenantRef ? await options.findTenant(tenantRef) : undefined;
      if (!tenant) return { ok: false, reason: 'unknown_tenant' };
      if (tenant.status !== 'active') return { ok: false, reason: 'tenant_suspended' };
      const scopes = mapScopes(payload, options.scopeMap ?? {});
      const clientId = [payload['client_id'], payload['azp']].find((v): v is string => typeof v === 'string') ?? null;
      return {
        ok: true,
        principal: { tenant, userId: payload.sub!, clientId, scopes, attainableScopes: [...SUPPORTED_SCOPES], expiresAt: new Date(payload.exp! * 1000) },
      };
    },
  };
}

/** `scope` (space-separated, RFC 9068) or `scp` (a list, Entra and Okta), each name mapped to ours. */
function mapScopes(payload: JWTPayload, map: Record<string, string>): string[] {
  const raw = typeof payload['scope'] === 'string' ? payload['scope'].split(/\s+/) : Array.isArray(payload['scp']) ? payload['scp'].map(String) : typeof payload['scp'] === 'string' ? payload['scp'].split(/\s+/) : [];
  return parseScopes(raw.map((name) => map[name] ?? name).join(' '));
}

function rejectionOf(error: unknown): 'expired' | 'wrong_audience' | 'unknown' {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed && (error.claim === 'aud' || error.claim === 'iss')) return 'wrong_audience';
  return 'unknown';
}

/** `a=mcp:read,b=mcp:write` as a map (the AUTH_EXTERNAL_SCOPE_MAP format). */
export function parseScopeMap(value: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (value ?? '')
      .split(',')
      .map((pair) => pair.split('=').map((part) => part.trim()))
      .filter((pair): pair is [string, string] => pair.length === 2 && !!pair[0] && !!pair[1]),
  );
}
