import { Command, Option } from 'commander';
import { ValidationError } from '@enterprise-mcp/core';
import { createApiKey, getTenant, listApiKeys, revokeApiKey, TOOL_SURFACES, type ApiKeyRecord, type ToolSurface } from '@enterprise-mcp/tenancy';
import { ecosystems } from '../ecosystems.js';
import { withDatabase } from './database.js';
import { collectList, parseExpiry } from './parse.js';
import { print, printJson, table } from './output.js';

export function keysCommand(): Command {
  const keys = new Command('keys').description('Create, list and revoke API keys (emcp_…).');
  keys
    .command('create')
    .description('Create an API key for a tenant. The key is printed once: store it now.')
    .requiredOption('--tenant <tenant>', 'tenant id or slug')
    .requiredOption('--name <name>', 'what uses the key, e.g. claude-desktop')
    .option('--tools <globs>', "tool names or globs the key may call, comma-separated or repeated (e.g. 'cloudflare_*')", collectList)
    .option('--ecosystems <ids>', 'ecosystems the key may use, comma-separated (default: all the tenant has)', collectList)
    .option('--read-only', 'only tools that do not change anything (readOnlyHint)')
    .option(
      '--permissions <levels>',
      "permission levels, <ecosystem>:<level>, comma-separated or repeated (e.g. 'google:read,google:draft', 'amazon:personal_data'); an ecosystem not named keeps its default levels",
      collectList,
    )
    .addOption(
      new Option('--tool-surface <surface>', 'what tools/list shows: every tool (full), or search_tools, describe_tool and call_tool (compact)')
        .choices([...TOOL_SURFACES])
        .default('full'),
    )
    .option(
      '--require-approval <tools>',
      "tools whose calls wait for a person's approval: names, globs or 'destructive', comma-separated or repeated; added to the tenant's list",
      collectList,
    )
    .option('--expires <when>', 'expiry: a duration such as 90d, 12h, 30m, or a date such as 2027-01-31', parseExpiry)
    .option('--json', 'print JSON (includes the key)')
    .action(async (options: { tenant: string; name: string; tools?: string[]; ecosystems?: string[]; readOnly?: boolean; permissions?: string[]; toolSurface: ToolSurface; requireApproval?: string[]; expires?: Date; json?: boolean }) => {
      checkPermissionLevels(options.permissions ?? []);
      await withDatabase(async ({ prisma }) => {
        const { key, record } = await createApiKey(prisma, {
          tenantId: options.tenant,
          name: options.name,
          tools: options.tools,
          ecosystems: options.ecosystems,
          readOnly: options.readOnly ?? false,
          permissionLevels: options.permissions,
          toolSurface: options.toolSurface,
          approvalTools: options.requireApproval,
          expiresAt: options.expires,
        });
        if (options.json) return printJson({ key, record });
        print(
          [
            `Created API key "${record.name}" (${record.id}) for tenant ${options.tenant}.`,
            '',
            `  ${key}`,
            '',
            'Store it now: it is not shown again. Send it as `Authorization: Bearer <key>`.',
            `Scopes: tools ${record.tools.join(',') || 'all'}; ecosystems ${record.ecosystems.join(',') || 'all'}; ${record.readOnly ? 'read-only' : 'read-write'}; levels ${record.permissionLevels.join(',') || 'default'}; ${record.toolSurface} tool list; approval ${record.approvalTools.join(',') || 'as the tenant'}; ${record.expiresAt ? `expires ${record.expiresAt.toISOString()}` : 'no expiry'}.`,
          ].join('\n'),
        );
      });
    });
  keys
    .command('list')
    .description('List API keys (never their secrets).')
    .option('--tenant <tenant>', 'only this tenant (id or slug)')
    .option('--active', 'hide revoked keys')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; active?: boolean; json?: boolean }) => {
      await withDatabase(async ({ prisma }) => {
        if (options.tenant) await getTenant(prisma, options.tenant);
        const rows = await listApiKeys(prisma, { tenantId: options.tenant, includeRevoked: !options.active });
        if (options.json) printJson(rows);
        else print(rows.length ? keyTable(rows) : 'No API keys.');
      });
    });
  keys
    .command('revoke')
    .description("Revoke an API key; the server refuses it within its key cache time (5 s by default).")
    .argument('<key>', 'key id, prefix, or the key itself')
    .action(async (key: string) => {
      await withDatabase(async ({ prisma }) => {
        const record = await revokeApiKey(prisma, key);
        print(`Revoked API key "${record.name}" (${record.masked}) at ${record.revokedAt!.toISOString()}.`);
      });
    });
  return keys;
}

function keyTable(rows: ApiKeyRecord[]): string {
  const now = Date.now();
  const state = (k: ApiKeyRecord) => (k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt.getTime() <= now ? 'expired' : 'active');
  return table(
    ['KEY', 'NAME', 'STATE', 'TOOLS', 'ECOSYSTEMS', 'MODE', 'SURFACE', 'EXPIRES', 'LAST USED', 'ID'],
    rows.map((k) => [
      k.masked,
      k.name,
      state(k),
      k.tools.length ? k.tools : ['all'],
      k.ecosystems.length ? k.ecosystems : ['all'],
      k.readOnly ? 'read-only' : 'read-write',
      k.toolSurface,
      k.expiresAt,
      k.lastUsedAt,
      k.id,
    ]),
  );
}

/** Every `<ecosystem>:<level>` names a level that ecosystem declares; the error lists what it has. */
function checkPermissionLevels(levels: string[]): void {
  const problems = levels.flatMap((entry) => {
    const [id, level] = entry.split(':');
    const ecosystem = ecosystems.find((candidate) => candidate.id === id);
    if (!ecosystem) return [{ path: 'permissions', message: `"${entry}": no ecosystem "${id}" (one of ${ecosystems.map((e) => e.id).join(', ')})` }];
    const declared = Object.keys(ecosystem.permissionLevels ?? {});
    if (!level || !declared.includes(level)) {
      return [{ path: 'permissions', message: `"${entry}": ${ecosystem.displayName} ${declared.length ? `has the levels ${declared.join(', ')}` : 'has no permission levels'}` }];
    }
    return [];
  });
  if (problems.length) throw new ValidationError('Invalid --permissions', problems);
}
