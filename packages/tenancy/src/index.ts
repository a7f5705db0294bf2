export { tenantSettingsSchema, readTenantSettings, type TenantSettings } from './settings.js';
export {
  activateTenant,
  createTenant,
  findTenant,
  getTenant,
  listTenants,
  suspendTenant,
  updateTenantSettings,
  type CreateTenantInput,
  type Tenant,
  type TenantStatus,
} from './tenants.js';
export { createApiKey, listApiKeys, revokeApiKey, TOOL_SURFACES, type ApiKeyRecord, type CreateApiKeyInput, type ToolSurface } from './keys.js';
export { hashApiKey, parseApiKey } from './key-format.js';
export {
  createKeyVerifier,
  DEFAULT_KEY_CACHE_TTL_MS,
  DEFAULT_KEY_OUTAGE_GRACE_MS,
  type KeyRejection,
  type KeyScopes,
  type KeyVerification,
  type KeyVerifier,
  type KeyVerifierOptions,
} from './verifier.js';
export {
  deleteTenantCredentials,
  getTenantCredentials,
  parseCredentialKey,
  rotateTenantCredentials,
  setTenantCredentials,
  type CredentialKey,
  type CredentialKeys,
} from './credentials.js';
