export { createAuthorization, type Authorization, type AuthorizationOptions, type EmbeddedAuthorizationOptions } from './authorization.js';
export type { AccessTokenVerifier, OAuthPrincipal, TokenRejection, TokenVerification } from './principal.js';
export { READ_SCOPE, WRITE_SCOPE, SUPPORTED_SCOPES, ROLES, CONSOLE_WRITE_ROLES, isRole, type Role } from './scopes.js';
export { CLAUDE_CALLBACKS } from './redirects.js';
export { DEFAULT_LIFETIMES, type TokenLifetimes } from './grants.js';
export { isEmbeddedAccessToken } from './secrets.js';
export { parseScopeMap } from './external.js';
export { OidcLogin, type OidcIdentity, type OidcLoginOptions, type OidcStart } from './oidc-login.js';
export type { MetadataDocumentOptions } from './clients.js';
export type { DescribeAccess } from './routes.js';
export { OAuthError, type OAuthErrorCode } from './errors.js';
export {
  addMembership,
  authenticateUser,
  userForExternalLogin,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  membershipsOf,
  removeMembership,
  setPassword,
  type CreateUserInput,
  type MembershipRecord,
  type UserRecord,
} from './users.js';
