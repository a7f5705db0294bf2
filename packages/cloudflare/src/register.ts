import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { cloudflareEcosystem } from './ecosystem.js';

/** `apiToken` (required), `accountId`, `baseUrl`, plus core's `tools`, `readOnly`, `logger`, `rateLimiter`, `tenantId`. */
export type CloudflareToolOptions = RegisterEcosystemOptions<typeof cloudflareEcosystem>;

/**
 * Registers the Cloudflare tools into an MCP server (`McpServer` of
 * `@modelcontextprotocol/sdk` 1.x or `@modelcontextprotocol/server` 2.x) and
 * returns the names registered.
 */
export function registerCloudflareTools(server: ToolRegistrar, options: CloudflareToolOptions): string[] {
  return registerTools(server, cloudflareEcosystem, options);
}
