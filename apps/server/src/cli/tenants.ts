import { Command, Option } from 'commander';
import { activateTenant, createTenant, listTenants, suspendTenant, type Tenant } from '@enterprise-mcp/tenancy';
import { withDatabase } from './database.js';
import { collectList, parseChoice, parsePositiveInt } from './parse.js';
import { print, printJson, table } from './output.js';

export function tenantsCommand(): Command {
  const tenants = new Command('tenants').description('Create, list and suspend tenants.');
  tenants
    .command('create')
    .description('Create a tenant.')
    .requiredOption('--slug <slug>', 'short unique name: lowercase letters, digits and dashes (e.g. acme-corp)')
    .requiredOption('--name <name>', 'display name')
    .option('--ecosystems <ids>', 'ecosystems the tenant may use, comma-separated (default: all enabled)', collectList)
    .option('--tool-calls-per-minute <n>', 'tool calls per minute for the whole tenant', parsePositiveInt(1_000_000))
    .option('--require-approval <tools>', "tools whose calls wait for a person's approval: names, globs or 'destructive', comma-separated", collectList)
    .option('--json', 'print JSON')
    .action(async (options: { slug: string; name: string; ecosystems?: string[]; toolCallsPerMinute?: number; requireApproval?: string[]; json?: boolean }) => {
      await withDatabase(async ({ prisma }) => {
        const tenant = await createTenant(prisma, {
          slug: options.slug,
          name: options.name,
          settings: {
            ...(options.ecosystems ? { enabledEcosystems: options.ecosystems } : {}),
            ...(options.toolCallsPerMinute ? { rateLimits: { toolCallsPerMinute: options.toolCallsPerMinute } } : {}),
            ...(options.requireApproval ? { approvalTools: options.requireApproval } : {}),
          },
        });
        if (options.json) printJson(tenant);
        else print(`Created tenant ${tenant.slug} (${tenant.id}).`);
      });
    });
  tenants
    .command('list')
    .description('List tenants.')
    .addOption(new Option('--status <status>', 'only tenants with this status').argParser(parseChoice(['active', 'suspended'] as const)))
    .option('--json', 'print JSON')
    .action(async (options: { status?: 'active' | 'suspended'; json?: boolean }) => {
      await withDatabase(async ({ prisma }) => {
        const rows = await listTenants(prisma, { status: options.status });
        if (options.json) printJson(rows);
        else print(rows.length ? tenantTable(rows) : 'No tenants yet. Create one with `enterprise-mcp tenants create --slug acme --name "Acme"`.');
      });
    });
  tenants
    .command('suspend')
    .description("Suspend a tenant: its keys stop working within the server's key cache time (5 s by default).")
    .argument('<tenant>', 'tenant id or slug')
    .action(async (tenant: string) => {
      await withDatabase(async ({ prisma }) => print(`Suspended tenant ${(await suspendTenant(prisma, tenant)).slug}.`));
    });
  tenants
    .command('activate')
    .description('Reactivate a suspended tenant.')
    .argument('<tenant>', 'tenant id or slug')
    .action(async (tenant: string) => {
      await withDatabase(async ({ prisma }) => print(`Activated tenant ${(await activateTenant(prisma, tenant)).slug}.`));
    });
  return tenants;
}

function tenantTable(rows: Tenant[]): string {
  return table(
    ['SLUG', 'NAME', 'STATUS', 'ECOSYSTEMS', 'CREATED', 'ID'],
    rows.map((t) => [t.slug, t.name, t.status, t.settings.enabledEcosystems ?? ['all'], t.createdAt, t.id]),
  );
}
