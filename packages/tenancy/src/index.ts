export { approvalToolsSchema, tenantSettingsSchema, readTenantSettings, type TenantSettings } from './settings.js';
export {
  activateTenant,
  createTenant,
  findTenant,
  getTenant,
  listTenants,
  suspendTenant,
  toTenant,
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
export { deleteTenantCredentials, getTenantCredentials, rotateTenantCredentials, setTenantCredentials } from './credentials.js';
export {
  ENCRYPTION_KEY_VARIABLE,
  PREVIOUS_KEYS_VARIABLE,
  currentKeyOf,
  parseCredentialKey,
  parseCredentialKeyring,
  seal,
  unseal,
  type CredentialKey,
  type CredentialKeys,
  type Sealed,
} from './sealing.js';
