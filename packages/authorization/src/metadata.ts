import { TOKEN_AUTH_METHODS } from './clients.js';
import { SUPPORTED_SCOPES } from './scopes.js';

/** `<PUBLIC_URL>` without a trailing slash. */
export function originOf(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

/** RFC 9728 protected-resource metadata of `<origin><mcpPath>`. */
export function protectedResourceMetadata(input: { resource: string; authorizationServers: string[] }) {
  return {
    resource: input.resource,
    authorization_servers: input.authorizationServers,
    scopes_supported: [...SUPPORTED_SCOPES],
    bearer_methods_supported: ['header'],
    resource_name: 'Enterprise MCP Server',
  };
}

/** RFC 8414 metadata of the embedded authorization server (issuer = the public origin). */
export function authorizationServerMetadata(issuer: string, options: { registration: boolean }) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    ...(options.registration ? { registration_endpoint: `${issuer}/register` } : {}),
    revocation_endpoint: `${issuer}/revoke`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: TOKEN_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: TOKEN_AUTH_METHODS,
    scopes_supported: [...SUPPORTED_SCOPES],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
}

/**
 * The `WWW-Authenticate` challenge of RFC 6750 §3 with RFC 9728's
 * `resource_metadata` (absolute) and the scopes to ask for (SEP-835).
 */
export function bearerChallenge(input: { resourceMetadataUrl: string; scope: string; error?: string; description?: string; realm?: string }): string {
  const parts = [
    input.realm ? `realm="${input.realm}"` : undefined,
    input.error ? `error="${input.error}"` : undefined,
    input.description ? `error_description="${input.description.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '')}"` : undefined,
    `scope="${input.scope}"`,
    `resource_metadata="${input.resourceMetadataUrl}"`,
  ];
  return `Bearer ${parts.filter(Boolean).join(', ')}`;
}
