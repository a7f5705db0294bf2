import { Command } from 'commander';
import { ConfigurationError, ValidationError } from '@enterprise-mcp/core';
import type { Database } from '@enterprise-mcp/database';
import { findTenant, listTenants, parseCredentialKeyring, rotateTenantCredentials } from '@enterprise-mcp/tenancy';
import type { ConnectionDetails, Vault } from '@enterprise-mcp/vault';
import type { ServerConfig } from '../config.js';
import { credentialSource, openVault } from '../data-plane/open.js';
import { createLogger } from '../logger.js';
import { PublicUrl } from '../public-url.js';
import { withDatabase } from './database.js';
import { print, printJson, table } from './output.js';
import { configFromEnvironment } from './shared.js';

/** `enterprise-mcp connect <ecosystem>`: a one-time link that connects an account through the platform's OAuth consent page. */
export function connectCommand(): Command {
  return new Command('connect')
    .description(
      'Print a one-time link (10 minutes, single use) that connects a platform account through its OAuth consent page. ' +
        'The server must be running at PUBLIC_URL to receive the callback.',
    )
    .argument('<ecosystem>', 'the platform, e.g. quickbooks or ghl')
    .option('--tenant <tenant>', 'tenant id or slug (default: the only tenant, or STDIO_TENANT_ID when there is none)')
    .option('--connection <id>', 'reconnect this connection (the same account keeps its id)')
    .option(
      '--levels <levels>',
      "permission levels to ask for, comma-separated (google: read, organize, draft, send, write, share, delete; default: a reconnected connection's, else every level the deployment allows)",
    )
    .option('--json', 'print JSON')
    .action(async (ecosystem: string, options: { tenant?: string; connection?: string; levels?: string; json?: boolean }) => {
      const config = configFromEnvironment('connect');
      await withVault(config, async ({ vault, db, publicUrl }) => {
        const tenant = await tenantFor(db, config, options.tenant);
        const levels = options.levels?.split(/[\s,]+/).map((level) => level.trim().toLowerCase()).filter(Boolean);
        const link = await vault.createConnectLink({ tenantId: tenant.id, ecosystem, ...(options.connection ? { connectionId: options.connection } : {}), ...(levels ? { levels } : {}) });
        if (options.json) return printJson({ ...link, tenant: tenant.slug, redirectUri: `${publicUrl.get()}/oauth/callback/${ecosystem}` });
        print(
          [
            `Open this link in a browser within 10 minutes (it works once) to connect ${ecosystem} for tenant ${tenant.slug}${tenant.implicit ? ' (no tenant exists yet: the stdio tenant STDIO_TENANT_ID)' : ''}:`,
            '',
            `  ${link.url}`,
            '',
            ...(link.levels.length ? [`It asks for the permission levels ${link.levels.join(', ')}; leave every box ticked on the consent screen.`, ''] : []),
            `The platform's app must allow this redirect URI: ${publicUrl.get()}/oauth/callback/${ecosystem}`,
            ...(publicUrl.isConfigured ? [] : ['PUBLIC_URL is not set: the link and the redirect URI use the listen address, which only this machine reaches.']),
          ].join('\n'),
        );
      });
    });
}

/** `enterprise-mcp connections list|disconnect|reencrypt`. */
export function connectionsCommand(): Command {
  const connections = new Command('connections').description('OAuth connections: list them, disconnect one, re-encrypt after a key rotation.');
  connections
    .command('list')
    .description('Connected accounts with their status, expiries and warnings (never the tokens).')
    .option('--tenant <tenant>', 'only this tenant (id or slug)')
    .option('--ecosystem <id>', 'only this platform')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; ecosystem?: string; json?: boolean }) => {
      const config = configFromEnvironment('connections list');
      await withVault(config, async ({ vault, db }) => {
        const tenantId = options.tenant ? (await tenantFor(db, config, options.tenant)).id : undefined;
        const rows = await vault.listConnections({ ...(tenantId ? { tenantId } : {}), ...(options.ecosystem ? { ecosystem: options.ecosystem } : {}) });
        const slugs = new Map((await listTenants(db.prisma)).map((tenant) => [tenant.id, tenant.slug]));
        const view = rows.map((row) => ({ ...row, tenant: slugs.get(row.tenantId) ?? row.tenantId }));
        if (options.json) return printJson(view);
        print(view.length ? connectionTable(view) : 'No connections yet. Connect an account with `enterprise-mcp connect <ecosystem>`.');
        for (const row of view) for (const warning of row.warnings) print(`warning: ${row.id} (${row.ecosystem}${row.displayName ? ` "${row.displayName}"` : ''}): ${warning}`);
      });
    });
  connections
    .command('disconnect')
    .description("Revoke a connection at the platform (when it has a revocation endpoint) and erase its tokens; the row stays as revoked.")
    .argument('<id>', 'connection id (see `connections list`)')
    .action(async (id: string) => {
      const config = configFromEnvironment('connections disconnect');
      await withVault(config, async ({ vault }) => {
        const row = (await vault.listConnections()).find((candidate) => candidate.id === id);
        if (!row) throw new ValidationError(`No connection "${id}"; list them with \`enterprise-mcp connections list\``);
        const result = await vault.disconnect(row.tenantId, id);
        const revoked = result.revokedAtProvider
          ? 'revoked at the platform'
          : `not revoked at the platform (${result.revocationError ?? 'it has no revocation endpoint'})`;
        print(`Disconnected ${id} (${row.ecosystem}${row.displayName ? ` "${row.displayName}"` : ''}): ${revoked}; its tokens are erased.`);
      });
    });
  connections
    .command('reencrypt')
    .description(
      'After a key rotation (new key in CREDENTIALS_ENCRYPTION_KEY, old ones in CREDENTIALS_ENCRYPTION_KEY_PREVIOUS): ' +
        're-encrypt every OAuth token and stored tenant credential under the new key; then the old key can go.',
    )
    .action(async () => {
      const config = configFromEnvironment('connections reencrypt');
      await withVault(config, async ({ vault, db }) => {
        const tokens = await vault.reencrypt();
        const credentials = await rotateTenantCredentials(db.prisma, parseCredentialKeyring(config.CREDENTIALS_ENCRYPTION_KEY, config.CREDENTIALS_ENCRYPTION_KEY_PREVIOUS));
        print(`Re-encrypted ${tokens} OAuth connection(s) and ${credentials} tenant credential(s) under the current key.`);
      });
    });
  return connections;
}

interface VaultSession {
  vault: Vault;
  db: Database;
  publicUrl: PublicUrl;
}

async function withVault(config: ServerConfig, fn: (session: VaultSession) => Promise<void>): Promise<void> {
  await withDatabase(async (db) => {
    const publicUrl = new PublicUrl(config.PUBLIC_URL, config.HOST, config.PORT);
    const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, format: config.logFormat, toStderr: true });
    const vault = openVault(config, db, { credentials: credentialSource(config, db), publicUrl, logger });
    if (!vault) {
      throw new ConfigurationError('OAuth connections', [{ variable: 'CREDENTIALS_ENCRYPTION_KEY', message: 'is required: OAuth tokens are stored encrypted with it (openssl rand -base64 32)' }]);
    }
    try {
      await fn({ vault, db, publicUrl });
    } finally {
      await vault.close();
    }
  });
}

/**
 * The tenant a command acts for: the one named (id or slug, or STDIO_TENANT_ID,
 * which has no row), else the only tenant, else the stdio tenant when there is none.
 */
async function tenantFor(db: Database, config: ServerConfig, named: string | undefined): Promise<{ id: string; slug: string; implicit?: boolean }> {
  if (named) {
    const tenant = await findTenant(db.prisma, named);
    if (tenant) return tenant;
    if (named === config.STDIO_TENANT_ID) return { id: named, slug: named };
    throw new ValidationError(`No tenant with id or slug "${named}"; list them with \`enterprise-mcp tenants list\``);
  }
  const tenants = await listTenants(db.prisma, { status: 'active' });
  if (tenants.length === 1) return tenants[0]!;
  if (tenants.length === 0) return { id: config.STDIO_TENANT_ID, slug: config.STDIO_TENANT_ID, implicit: true };
  throw new ValidationError(`There are ${tenants.length} tenants: say which with --tenant (${tenants.map((tenant) => tenant.slug).join(', ')})`);
}

function connectionTable(rows: Array<ConnectionDetails & { tenant: string }>): string {
  return table(
    ['ID', 'TENANT', 'ECOSYSTEM', 'NAME', 'STATUS', 'ACCOUNT', 'LEVELS', 'ACCESS EXPIRES', 'REFRESH EXPIRES', 'HARD CAP', 'LAST REFRESH'],
    rows.map((row) => [
      row.id,
      row.tenant,
      row.ecosystem,
      row.displayName,
      row.status,
      Object.entries(row.externalIds).map(([name, value]) => `${name}=${value}`),
      // Not narrowed by levels: '-'; narrowed to none (every scope unticked): 'none'.
      row.levels && (row.levels.length ? row.levels : 'none'),
      row.accessExpiresAt,
      row.refreshExpiresAt,
      row.refreshHardExpiresAt,
      row.lastRefreshAt,
    ]),
  );
}
