import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { quickbooksEcosystem } from './ecosystem.js';

export type RegisterQuickBooksToolsOptions = RegisterEcosystemOptions<typeof quickbooksEcosystem>;

/**
 * Registers the QuickBooks Online tools into an MCP server (SDK 1.x `McpServer` or the v2 line's).
 * Options: the app's `clientId` and `clientSecret`, the company's access token as `token` (a
 * provider that refreshes it, e.g. core's `refreshingToken`), and `connection` with the company's
 * `realmId` in its externalIds; plus `environment` (`production`, `sandbox`) or `baseUrl`,
 * `tools`, `readOnly`, `logger`, `rateLimiter`, `tenantId`. Returns the names registered.
 */
export function registerQuickBooksTools(server: ToolRegistrar, options: RegisterQuickBooksToolsOptions): string[] {
  return registerTools(server, quickbooksEcosystem, options);
}
