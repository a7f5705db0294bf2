import { createHmac, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { OidcLogin, type OidcLoginOptions } from '@enterprise-mcp/authorization';
import { createConsole, type ApprovalQueue, type ConsoleConnections, type ConsoleDeps, type ConsoleTool } from '@enterprise-mcp/console';
import type { AnyEcosystem } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';
import { getTenant } from '@enterprise-mcp/tenancy';
import type { Vault } from '@enterprise-mcp/vault';
import type { ServerLogger } from './logger.js';
import type { ToolCatalog } from './mcp/catalog.js';
import type { ToolInvoker } from './mcp/invoke.js';

export interface ConsoleParts {
  prisma: PrismaClient;
  /** AUTH_SECRET (base64), when set: every replica then accepts the others' form tokens (sessions live in the database). */
  authSecret?: string;
  logger: ServerLogger;
  secureCookies: () => boolean;
  publicOrigin: () => string | undefined;
  vault?: Vault;
  /** AUTH_OIDC_*: the console's sign-in page offers the provider beside passwords. */
  oidc?: OidcLoginOptions;
}

/** The console's key, separate from the sign-in pages' use of the same secret. */
function sessionSecret(parts: ConsoleParts): string {
  if (!parts.authSecret) parts.logger.info('AUTH_SECRET is not set: console form tokens use a per-process key (set it when running several replicas)');
  const secret = parts.authSecret ? Buffer.from(parts.authSecret, 'base64') : randomBytes(32);
  return createHmac('sha256', secret).update('enterprise-mcp console session').digest('base64url');
}

function toolsOf(catalog: ToolCatalog): ConsoleTool[] {
  return catalog.list({ readOnly: false }).map((listed) => {
    const entry = catalog.find(listed.name)!;
    return { name: listed.name, description: listed.description, ecosystem: entry.ecosystem.id, readOnly: !!entry.tool.annotations.readOnlyHint, inputSchema: listed.inputSchema };
  });
}

function connectionsOf(vault: Vault, ecosystems: AnyEcosystem[]): ConsoleConnections {
  const oauth = ecosystems.filter((e) => Object.values(e.authModes as Record<string, { oauth?: unknown }>).some((mode) => mode.oauth)).map((e) => e.id);
  return {
    ecosystems: () => oauth,
    list: async (tenantId) => (await vault.listConnections({ tenantId })).map((c) => ({ ...c, name: c.displayName ?? c.id })),
    connectLink: (request) => vault.createConnectLink(request),
    disconnect: async (tenantId, connectionId) => {
      await vault.disconnect(tenantId, connectionId);
    },
  };
}

/** The console over the server's own pieces: its tool calls go through the invoker, so they are guarded and audited like any other. */
export function buildConsole(parts: ConsoleParts, callPath: { catalog: ToolCatalog; invoker: ToolInvoker; ecosystems: AnyEcosystem[]; approvals: ApprovalQueue }): Hono {
  const tools = toolsOf(callPath.catalog);
  return createConsole({
    prisma: parts.prisma,
    sessionSecret: sessionSecret(parts),
    secureCookies: parts.secureCookies,
    publicOrigin: parts.publicOrigin,
    tools: () => tools,
    approvals: callPath.approvals,
    connections: parts.vault ? connectionsOf(parts.vault, callPath.ecosystems) : undefined,
    ...(parts.oidc ? { oidc: new OidcLogin(parts.oidc) } : {}),
    callTool: async ({ tenantId, userId, readOnly, name, args }: Parameters<ConsoleDeps['callTool']>[0]) => {
      const tenant = await getTenant(parts.prisma, tenantId);
      const enabled = tenant.settings.enabledEcosystems;
      const requestId = `console-${randomBytes(8).toString('hex')}`;
      const caller = {
        requestId,
        tenantId,
        apiKeyId: null,
        userId,
        oauthClientId: null,
        scopes: { readOnly, ...(enabled ? { ecosystems: enabled.length ? enabled : ['(none)'] } : {}) },
        rateLimits: tenant.settings.rateLimits,
        clientName: 'enterprise-mcp-console',
        clientVersion: null,
        logger: parts.logger.child({ requestId, tenantId, userId, component: 'console' }),
      };
      return callPath.invoker.call({ name, args, caller, signal: AbortSignal.timeout(60_000), progress: async () => {} });
    },
  });
}
