export { createVault, type ConnectionDetails, type DisconnectResult, type Vault } from './vault.js';
export {
  AUTHORIZATION_TTL_MS,
  DEFAULT_HARD_EXPIRY_WARNING_DAYS,
  DEFAULT_REFRESH_MARGIN_SECONDS,
  DEFAULT_ROLLING_REFRESH_DAYS,
  DEFAULT_TOKEN_TIMEOUT_MS,
  type VaultOptions,
} from './context.js';
export type { AuthorizationRedirect, CompletedConnection, ConnectLink, ConnectLinkRequest, ImportedConnection } from './connect.js';
export type { MaintenanceReport } from './maintenance.js';
