import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { godaddyEcosystem } from './ecosystem.js';

export type RegisterGodaddyToolsOptions = RegisterEcosystemOptions<typeof godaddyEcosystem>;

/**
 * Registers the GoDaddy tools into an MCP server (SDK 1.x `McpServer` or v2).
 * Options are the config fields (`apiKey`, `baseUrl`) plus `tools`, `readOnly`, `logger`.
 * Returns the names of the tools registered.
 */
export function registerGodaddyTools(server: ToolRegistrar, options: RegisterGodaddyToolsOptions): string[] {
  return registerTools(server, godaddyEcosystem, options);
}
