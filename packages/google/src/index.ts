// The ecosystem, its registration helper and the one tool definer.
export {
  googleEcosystem,
  googleLevelsOf,
  googleOAuthConfig,
  googleServiceAccountConfig,
  GOOGLE_OAUTH,
  type GoogleModeConfigs,
  type GoogleOAuthConfig,
  type GoogleServiceAccountConfig,
} from './ecosystem.js';
export { registerGoogleTools, type RegisterGoogleToolsOptions } from './register.js';
export { googleTool } from './tool.js';

// Permission levels, scopes and tiers, as data for hosts.
export {
  ALL_PERMISSION_LEVELS,
  GOOGLE_PERMISSIONS,
  GOOGLE_TOOL_TIERS,
  PERMISSION_LEVELS,
  googleLevelOfTool,
  googleLevelsForScopes,
  googleScopesForLevels,
  googleToolsForLevels,
  googleToolsForTier,
  isPermissionLevel,
  missingScopes,
  parsePermissionLevels,
  type PermissionLevel,
  type PermissionLevelDefinition,
} from './permissions.js';
export { IDENTITY_SCOPES, SCOPES, normaliseScope } from './scopes.js';

// The transport, its errors, limits and the service account's JWT grant.
export {
  expandPath,
  GoogleClient,
  GOOGLE_BASE_URL,
  GOOGLE_HOSTS,
  recipientAllowed,
  type GoogleClientOptions,
  type GoogleMethod,
  type GoogleRawRequest,
  type GoogleRequestOptions,
  type GoogleService,
} from './client.js';
export { acceptedScopes, GoogleScopeMissingError, mapGoogleError, type GoogleErrorBody } from './errors.js';
export { GOOGLE_RATE_LIMITS } from './rate-limits.js';
export { clearServiceAccountTokens, GOOGLE_TOKEN_URL, parseServiceAccountKey, serviceAccountToken, type ServiceAccountKey, type ServiceAccountTokenOptions } from './service-account.js';
export { UNTRUSTED } from './schemas.js';

// The API calls, per area.
export * from './calendar.api.js';
export * from './docs.api.js';
export * from './drive.api.js';
export * from './gmail.api.js';
export * from './sheets.api.js';
export { buildMessage, htmlToText, type OutgoingMessage } from './mime.js';

// The tools, per area.
export * from './calendar.tools.js';
export * from './docs.tools.js';
export * from './drive.tools.js';
export * from './gmail.tools.js';
export * from './sheets.tools.js';
