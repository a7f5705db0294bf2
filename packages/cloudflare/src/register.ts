import { registerTools, type RegisterEcosystemOptions, type ToolRegistrar } from '@enterprise-mcp/core';
import { cloudflareEcosystem } from './ecosystem.js';

/**
 * One auth mode's fields, `{ apiToken, accountId? }` (token, the default) or
 * `{ mode: 'legacy', email, apiKey, accountId? }`, plus core's `baseUrl`,
 * `tools`, `readOnly`, `logger`, `rateLimiter`, `tenantId` and `token`.
 */
export type CloudflareToolOptions = RegisterEcosystemOptions<typeof cloudflareEcosystem>;

/**
 * Registers the Cloudflare tools into an MCP server (`McpServer` of
 * `@modelcontextprotocol/sdk` 1.x or `@modelcontextprotocol/server` 2.x) and
 * returns the names registered.
 */
export function registerCloudflareTools(server: ToolRegistrar, options: CloudflareToolOptions): string[] {
  return registerTools(server, cloudflareEcosystem, options);
}
