import { Command } from 'commander';
import { configInput, ecosystemVariables, parseEcosystemConfig, readEcosystemEnv, type AnyEcosystem } from '@enterprise-mcp/core';
import { deleteTenantCredentials, getTenant, parseCredentialKey, setTenantCredentials } from '@enterprise-mcp/tenancy';
import { loadEnvFile } from '../config.js';
import { ecosystems } from '../ecosystems.js';
import { withDatabase } from './database.js';
import { print, printJson, table } from './output.js';

/**
 * Per-tenant platform credentials for TENANCY_MODE=multi, stored encrypted
 * with CREDENTIALS_ENCRYPTION_KEY. Values come from the ecosystem's own
 * environment variables (as in single-tenant mode) or from --json, never from
 * a flag of their own, so they stay out of shell history and process lists.
 */
export function credentialsCommand(): Command {
  const credentials = new Command('credentials').description("Store or remove a tenant's platform credentials (TENANCY_MODE=multi).");
  credentials
    .command('set')
    .description(
      "Store a tenant's credentials for one ecosystem, read from that ecosystem's environment variables " +
        '(e.g. CLOUDFLARE_API_TOKEN) or from --json-stdin; replaces what was stored.',
    )
    .requiredOption('--tenant <tenant>', 'tenant id or slug')
    .requiredOption('--ecosystem <id>', `one of: ${ecosystems.map((e) => e.id).join(', ')}`)
    .option('--json-stdin', 'read the ecosystem config as a JSON object from stdin instead of the environment')
    .action(async (options: { tenant: string; ecosystem: string; jsonStdin?: boolean }) => {
      loadEnvFile();
      const ecosystem = ecosystemNamed(options.ecosystem);
      const config = options.jsonStdin ? configInput(parseEcosystemConfig(ecosystem, JSON.parse(await readStdin()))) : configFromEnv(ecosystem);
      const key = parseCredentialKey(process.env['CREDENTIALS_ENCRYPTION_KEY']);
      await withDatabase(async ({ prisma }) => {
        const tenant = await getTenant(prisma, options.tenant);
        await setTenantCredentials(prisma, tenant.id, ecosystem.id, config as Record<string, unknown>, key);
        print(`Stored ${ecosystem.displayName} credentials for tenant ${tenant.slug} (fields: ${Object.keys(config).join(', ')}).`);
      });
    });
  credentials
    .command('delete')
    .description("Remove a tenant's credentials for one ecosystem; its calls then fail with a configuration error.")
    .requiredOption('--tenant <tenant>', 'tenant id or slug')
    .requiredOption('--ecosystem <id>', 'ecosystem id')
    .action(async (options: { tenant: string; ecosystem: string }) => {
      await withDatabase(async ({ prisma }) => {
        const tenant = await getTenant(prisma, options.tenant);
        const removed = await deleteTenantCredentials(prisma, tenant.id, options.ecosystem);
        print(removed ? `Removed ${options.ecosystem} credentials of ${tenant.slug}.` : `${tenant.slug} had no ${options.ecosystem} credentials.`);
      });
    });
  credentials
    .command('list')
    .description('Which ecosystems each tenant has credentials for (never the values).')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(async ({ prisma }) => {
        const rows = await prisma.tenantCredential.findMany({
          select: { ecosystem: true, keyId: true, updatedAt: true, tenant: { select: { slug: true } } },
          orderBy: [{ tenantId: 'asc' }, { ecosystem: 'asc' }],
        });
        const view = rows.map((row) => ({ tenant: row.tenant.slug, ecosystem: row.ecosystem, keyId: row.keyId, updatedAt: row.updatedAt }));
        if (options.json) printJson(view);
        else print(view.length ? table(['TENANT', 'ECOSYSTEM', 'KEY ID', 'UPDATED'], view.map((v) => [v.tenant, v.ecosystem, v.keyId, v.updatedAt])) : 'No stored credentials.');
      });
    });
  return credentials;
}

function ecosystemNamed(id: string): AnyEcosystem {
  const ecosystem = ecosystems.find((candidate) => candidate.id === id);
  if (!ecosystem) {
    process.stderr.write(`--ecosystem "${id}" is not served here; use one of: ${ecosystems.map((e) => e.id).join(', ')}\n`);
    process.exit(64);
  }
  return ecosystem;
}

function configFromEnv(ecosystem: AnyEcosystem): Record<string, unknown> {
  const result = readEcosystemEnv(ecosystem, process.env);
  if (result.status === 'enabled') return configInput(result.config);
  const message = result.status === 'invalid' ? result.error.message : `set the variables of one auth mode: ${ecosystemVariables(ecosystem).join(', ')} (${result.reason})`;
  process.stderr.write(`enterprise-mcp credentials set: ${message}\n`);
  process.exit(64);
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}
