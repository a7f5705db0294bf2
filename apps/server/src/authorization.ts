import { createAuthorization, parseScopeMap, WRITE_SCOPE, type Authorization, type DescribeAccess, type MetadataDocumentOptions, type OidcLoginOptions } from '@enterprise-mcp/authorization';
import type { AnyEcosystem } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';
import type { ServerConfig } from './config.js';
import type { ServerLogger } from './logger.js';

export type AuthorizationSettings = Pick<
  ServerConfig,
  | 'AUTH_MODE'
  | 'AUTH_SECRET'
  | 'AUTH_ALLOWED_REDIRECT_URIS'
  | 'AUTH_DYNAMIC_REGISTRATION'
  | 'AUTH_ACCESS_TOKEN_TTL_SECONDS'
  | 'AUTH_REFRESH_TOKEN_TTL_SECONDS'
  | 'AUTH_ALLOW_INSECURE_LOOPBACK'
  | 'AUTH_OIDC_ISSUER'
  | 'AUTH_OIDC_CLIENT_ID'
  | 'AUTH_OIDC_CLIENT_SECRET'
  | 'AUTH_OIDC_SCOPES'
  | 'AUTH_OIDC_LABEL'
  | 'AUTH_EXTERNAL_ISSUER'
  | 'AUTH_EXTERNAL_JWKS_URL'
  | 'AUTH_EXTERNAL_AUDIENCE'
  | 'AUTH_EXTERNAL_ALGORITHMS'
  | 'AUTH_EXTERNAL_TENANT_CLAIM'
  | 'AUTH_EXTERNAL_DEFAULT_TENANT'
  | 'AUTH_EXTERNAL_SCOPE_MAP'
  | 'API_KEY_CACHE_TTL_MS'
>;

/**
 * MCP authorization from the configuration: the embedded authorization
 * server (default), an external one (AUTH_MODE=external), or none (API keys only).
 */
export function authorizationFromConfig(
  config: AuthorizationSettings,
  parts: { prisma: PrismaClient; publicUrl: () => string; ecosystems: AnyEcosystem[]; logger: ServerLogger; metadataDocuments?: MetadataDocumentOptions },
): Authorization | undefined {
  if (config.AUTH_MODE === 'off') return undefined;
  const base = { prisma: parts.prisma, publicUrl: parts.publicUrl, cacheTtlMs: config.API_KEY_CACHE_TTL_MS };
  if (config.AUTH_MODE === 'external') {
    return createAuthorization({
      ...base,
      external: {
        issuer: config.AUTH_EXTERNAL_ISSUER!,
        ...(config.AUTH_EXTERNAL_JWKS_URL ? { jwksUrl: config.AUTH_EXTERNAL_JWKS_URL } : {}),
        ...(config.AUTH_EXTERNAL_AUDIENCE ? { audience: config.AUTH_EXTERNAL_AUDIENCE } : {}),
        ...(config.AUTH_EXTERNAL_ALGORITHMS ? { algorithms: config.AUTH_EXTERNAL_ALGORITHMS } : {}),
        tenantClaim: config.AUTH_EXTERNAL_TENANT_CLAIM,
        ...(config.AUTH_EXTERNAL_DEFAULT_TENANT ? { defaultTenant: config.AUTH_EXTERNAL_DEFAULT_TENANT } : {}),
        scopeMap: parseScopeMap(config.AUTH_EXTERNAL_SCOPE_MAP),
      },
    });
  }
  if (!config.AUTH_SECRET) parts.logger.info('AUTH_SECRET is not set: sign-in pages use a per-process key (set it when running several replicas)');
  return createAuthorization({
    ...base,
    embedded: {
      lifetimes: { accessSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS, refreshSeconds: config.AUTH_REFRESH_TOKEN_TTL_SECONDS },
      ...(config.AUTH_ALLOWED_REDIRECT_URIS ? { allowedRedirectUris: config.AUTH_ALLOWED_REDIRECT_URIS } : {}),
      dynamicRegistration: config.AUTH_DYNAMIC_REGISTRATION,
      metadataDocuments: { allowHttpLoopback: config.AUTH_ALLOW_INSECURE_LOOPBACK, ...parts.metadataDocuments },
      ...(config.AUTH_SECRET ? { secret: Buffer.from(config.AUTH_SECRET, 'base64') } : {}),
      ...(oidcOptionsOf(config) ? { oidc: oidcOptionsOf(config) } : {}),
      describeAccess: describeAccessOf(parts.ecosystems),
    },
  });
}

/** The consent page's tool lines: per ecosystem the tenant may use, how many tools the scopes reach. */
export function describeAccessOf(ecosystems: AnyEcosystem[]): DescribeAccess {
  return (tenant, scopes) => {
    const enabled = tenant.settings?.enabledEcosystems;
    const write = scopes.includes(WRITE_SCOPE);
    return ecosystems
      .filter((ecosystem) => !enabled || enabled.includes(ecosystem.id))
      .map((ecosystem) => {
        const tools = ecosystem.tools.filter((tool) => write || tool.annotations.readOnlyHint);
        return `${ecosystem.displayName} (${tools.length} ${write ? 'tools' : 'read-only tools'})`;
      });
  };
}

/** The external OIDC provider's sign-in (AUTH_OIDC_*), for the authorization pages and the console alike. */
export function oidcOptionsOf(config: AuthorizationSettings): OidcLoginOptions | undefined {
  if (!config.AUTH_OIDC_ISSUER || !config.AUTH_OIDC_CLIENT_ID) return undefined;
  return {
    issuer: config.AUTH_OIDC_ISSUER,
    clientId: config.AUTH_OIDC_CLIENT_ID,
    ...(config.AUTH_OIDC_CLIENT_SECRET ? { clientSecret: config.AUTH_OIDC_CLIENT_SECRET } : {}),
    ...(config.AUTH_OIDC_SCOPES ? { scopes: config.AUTH_OIDC_SCOPES } : {}),
    ...(config.AUTH_OIDC_LABEL ? { label: config.AUTH_OIDC_LABEL } : {}),
    allowHttp: config.AUTH_ALLOW_INSECURE_LOOPBACK,
  };
}
