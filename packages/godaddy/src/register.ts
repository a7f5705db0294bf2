import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { godaddyEcosystem } from './ecosystem.js';

export type RegisterGoDaddyToolsOptions = RegisterEcosystemOptions<typeof godaddyEcosystem>;

/**
 * Registers the GoDaddy tools into an MCP server (SDK 1.x `McpServer` or v2).
 * Options are the `key` mode's fields (`apiKey`, `apiSecret`, `shopperId`), the
 * contract's `environment` (`production` or `ote`) and `baseUrl`, plus `tools`,
 * `readOnly`, `logger`, `rateLimiter`, `tenantId`. Returns the names registered.
 */
export function registerGoDaddyTools(server: ToolRegistrar, options: RegisterGoDaddyToolsOptions): string[] {
  return registerTools(server, godaddyEcosystem, options);
}
