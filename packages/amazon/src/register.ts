import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { amazonEcosystem } from './ecosystem.js';

export type RegisterAmazonToolsOptions = RegisterEcosystemOptions<typeof amazonEcosystem>;

/**
 * Registers the Amazon tools into an MCP server (SDK 1.x `McpServer` or the v2
 * line's). Options are one auth mode's fields: `clientId`, `clientSecret` and
 * `refreshToken` of a self-authorised private app (the default mode, with
 * `sellerId` for the Listings tools), or `mode: 'oauth'` with the app's ids, a
 * `token` provider and the seller's `connection`; plus `region`
 * (NA, EU, FE), `environment` (production, sandbox) and the common filters
 * (`tools`, `readOnly`). Returns the names registered.
 */
export function registerAmazonTools(server: ToolRegistrar, options: RegisterAmazonToolsOptions): string[] {
  return registerTools(server, amazonEcosystem, options);
}
