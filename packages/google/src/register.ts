import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { googleEcosystem } from './ecosystem.js';

export type RegisterGoogleToolsOptions = RegisterEcosystemOptions<typeof googleEcosystem>;

/**
 * Registers the Google Workspace tools into an MCP server (SDK 1.x
 * `McpServer` or the v2 line's). Options are one auth mode's fields: the OAuth
 * app (`clientId`, `clientSecret`) with a `token` provider of the connected
 * account, the default; or `mode: 'serviceAccount'` with `serviceAccountKey`
 * and the `subject` to act as; plus the common filters (`tools`, `readOnly`)
 * and hooks. Narrow by level with `tools: googleToolsForLevels([...])`.
 * Returns the names registered.
 */
export function registerGoogleTools(server: ToolRegistrar, options: RegisterGoogleToolsOptions): string[] {
  return registerTools(server, googleEcosystem, options);
}
