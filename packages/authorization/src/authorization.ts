import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@enterprise-mcp/database';
import { findTenant } from '@enterprise-mcp/tenancy';
import type { Hono } from 'hono';
import { ClientRegistry, type MetadataDocumentOptions } from './clients.js';
import { createExternalVerifier, type ExternalAuthorizationServerOptions } from './external.js';
import { DEFAULT_LIFETIMES, GrantStore, type TokenLifetimes } from './grants.js';
import { bearerChallenge, originOf } from './metadata.js';
import { OidcLogin, type OidcLoginOptions } from './oidc-login.js';
import type { AccessTokenVerifier } from './principal.js';
import { RedirectPolicy } from './redirects.js';
import { authorizationRoutes, type DescribeAccess } from './routes.js';
import { SUPPORTED_SCOPES } from './scopes.js';
import { Tickets } from './tickets.js';
import { createEmbeddedVerifier } from './verifier.js';

export interface EmbeddedAuthorizationOptions {
  lifetimes?: Partial<TokenLifetimes>;
  /** Redirect URIs clients may register beyond loopback ones (default: claude.ai's and claude.com's callbacks; `*`: any). */
  allowedRedirectUris?: string[];
  dynamicRegistration?: boolean;
  metadataDocuments?: MetadataDocumentOptions;
  /** Signs the pages' tickets; replicas must share it (default: random per process). */
  secret?: Uint8Array;
  /** Sign-in through an external OpenID Connect provider, beside passwords. */
  oidc?: OidcLoginOptions;
  describeAccess?: DescribeAccess;
}

export interface AuthorizationOptions {
  prisma: PrismaClient;
  /** The server's public URL (PUBLIC_URL). A function: a test server learns its port only once it listens. */
  publicUrl: () => string;
  /** Default `/mcp`. */
  mcpPath?: string;
  /** This server as its own authorization server (the default) … */
  embedded?: EmbeddedAuthorizationOptions;
  /** … or an external one whose JWTs are verified against its JWKS. */
  external?: Omit<ExternalAuthorizationServerOptions, 'audience' | 'findTenant'> & { audience?: string };
  /** How long a verified token is trusted before it is looked up again (default 5000 ms). */
  cacheTtlMs?: number;
  now?: () => number;
}

export interface Authorization {
  /** The metadata and (embedded) authorization-server routes, to mount at the root. */
  routes: Hono;
  /** Verifies OAuth access tokens (not API keys). */
  verifier: AccessTokenVerifier;
  /** `<PUBLIC_URL>/mcp`: the RFC 8707 resource tokens must be bound to. */
  resource(): string;
  /** The absolute RFC 9728 metadata URL for `WWW-Authenticate`. */
  resourceMetadataUrl(): string;
  /** A `WWW-Authenticate` value for a 401 (no or bad token) or a 403 (`insufficient_scope`). */
  challenge(input?: { error?: 'invalid_token' | 'invalid_request' | 'insufficient_scope'; description?: string; scope?: string[]; realm?: string }): string;
  /** The embedded server's grants (absent with an external AS), e.g. to revoke one. */
  grants?: GrantStore;
}

/**
 * MCP authorization in one piece: the resource-server side (metadata, token
 * verification, challenges) and, unless an external authorization server is
 * configured, the embedded one.
 */
export function createAuthorization(options: AuthorizationOptions): Authorization {
  const mcpPath = options.mcpPath ?? '/mcp';
  const origin = () => originOf(options.publicUrl());
  const resource = () => `${origin()}${mcpPath}`;
  const resourceMetadataUrl = () => `${origin()}/.well-known/oauth-protected-resource${mcpPath}`;
  const challenge: Authorization['challenge'] = (input = {}) =>
    bearerChallenge({ ...input, resourceMetadataUrl: resourceMetadataUrl(), scope: (input.scope ?? SUPPORTED_SCOPES).join(' ') });

  if (options.external) {
    const external = options.external;
    const verifier = createExternalVerifier({
      ...external,
      audience: external.audience ?? resource(),
      findTenant: (ref) => findTenant(options.prisma, ref),
    });
    const routes = authorizationRoutes({ origin, resource, mcpPath, authorizationServers: () => [external.issuer] });
    return { routes, verifier, resource, resourceMetadataUrl, challenge };
  }

  const embedded = options.embedded ?? {};
  const now = options.now ?? Date.now;
  const verifier = createEmbeddedVerifier(options.prisma, { resource, cacheTtlMs: options.cacheTtlMs, now });
  const grants = new GrantStore(options.prisma, { ...DEFAULT_LIFETIMES, ...embedded.lifetimes }, now, () => verifier.invalidate());
  const clients = new ClientRegistry(options.prisma, {
    redirectPolicy: new RedirectPolicy(embedded.allowedRedirectUris),
    metadataDocuments: embedded.metadataDocuments,
    dynamicRegistration: embedded.dynamicRegistration,
    now,
  });
  const routes = authorizationRoutes({
    origin,
    resource,
    mcpPath,
    authorizationServers: () => [origin()],
    embedded: {
      prisma: options.prisma,
      clients,
      grants,
      tickets: new Tickets(embedded.secret ?? randomBytes(32), origin),
      ...(embedded.oidc ? { oidc: new OidcLogin(embedded.oidc) } : {}),
      ...(embedded.describeAccess ? { describeAccess: embedded.describeAccess } : {}),
    },
  });
  return { routes, verifier, resource, resourceMetadataUrl, challenge, grants };
}
