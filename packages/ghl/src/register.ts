import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { ghlEcosystem } from './ecosystem.js';

export type RegisterGhlToolsOptions = RegisterEcosystemOptions<typeof ghlEcosystem>;

/**
 * Registers the GoHighLevel tools into an MCP server (SDK 1.x `McpServer` or
 * the v2 line's). Options are one auth mode's fields: `apiKey` and
 * `locationId` (a Private Integration, the default), or `mode: 'marketplace'`
 * with `clientId`, `clientSecret`, the `token` (a provider that refreshes) and
 * the `connection` (the install) whose `externalIds.locationId` it is for;
 * plus the common filters (`tools`, `readOnly`) and hooks. Returns the names
 * registered.
 */
export function registerGhlTools(server: ToolRegistrar, options: RegisterGhlToolsOptions): string[] {
  return registerTools(server, ghlEcosystem, options);
}
