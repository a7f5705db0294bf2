import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { ghlEcosystem } from './ecosystem.js';

export type RegisterGhlToolsOptions = RegisterEcosystemOptions<typeof ghlEcosystem>;

/**
 * Registers the GoHighLevel tools into an MCP server (SDK 1.x `McpServer` or
 * the v2 line's). Options: `apiKey`, `locationId`, optional `baseUrl`, plus the
 * common filters (`tools`, `readOnly`) and hooks. Returns the names registered.
 */
export function registerGhlTools(server: ToolRegistrar, options: RegisterGhlToolsOptions): string[] {
  return registerTools(server, ghlEcosystem, options);
}
