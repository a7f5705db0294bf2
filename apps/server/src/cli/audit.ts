import { Command, Option } from 'commander';
import type { ToolExecutionStatus } from '@enterprise-mcp/core';
import { queryAudit, type AuditEntry, type AuditQuery } from '@enterprise-mcp/audit';
import type { PrismaClient } from '@enterprise-mcp/database';
import { findTenant } from '@enterprise-mcp/tenancy';
import { withDatabase } from './database.js';
import { parseChoice, parsePositiveInt, parseSince } from './parse.js';
import { print, table } from './output.js';
import { addChainCommands } from './audit-chain.js';

const STATUSES = ['ok', 'tool_error', 'denied', 'rate_limited', 'upstream_error', 'timeout', 'cancelled', 'no_credentials'] as const satisfies readonly ToolExecutionStatus[];

export interface FilterOptions {
  tenant?: string;
  key?: string;
  user?: string;
  tool?: string;
  status?: ToolExecutionStatus;
  cached?: boolean;
  json?: boolean;
}

export function withFilters(command: Command, json = true): Command {
  command
    .option('--tenant <tenant>', 'only this tenant (id or slug)')
    .option('--key <id>', 'only calls made with this API key (its id)')
    .option('--user <id>', 'only calls made with an OAuth token of this user (its id)')
    .option('--tool <name>', "only this tool, or tools starting with a prefix ending in * (e.g. 'cloudflare_*')")
    .addOption(new Option('--status <status>', `only this outcome: ${STATUSES.join(', ')}`).argParser(parseChoice(STATUSES)))
    .option('--cached', 'only calls answered from the cache (api_cache)')
    .option('--no-cached', 'only calls that reached the platform (or failed before)');
  return json ? command.option('--json', 'print JSON lines (one execution per line)') : command;
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('Read the audit trail (tool_executions).');
  withFilters(
    audit
      .command('query')
      .description('Executions in a time window, newest first.')
      .option('--since <when>', 'start: a duration back from now (24h, 7d, 30m) or a date/time', parseSince, parseSince('24h'))
      .option('--until <when>', 'end: a duration back from now or a date/time', parseSince)
      .option('--limit <n>', 'at most this many rows', parsePositiveInt(10_000), 100),
  ).action(async (options: FilterOptions & { since: Date; until?: Date; limit: number }) => {
    await withDatabase(async ({ prisma }) => {
      const rows = await queryAudit(prisma, { ...(await filtersOf(prisma, options)), since: options.since, until: options.until, limit: options.limit });
      if (options.json) rows.forEach((row) => print(JSON.stringify(row)));
      else print(rows.length ? executionTable(rows) : `No tool executions since ${options.since.toISOString()}.`);
    });
  });
  withFilters(
    audit
      .command('tail')
      .description('The latest executions, oldest first; with --follow, keep printing new ones until Ctrl-C.')
      .option('-n, --lines <n>', 'how many to show first', parsePositiveInt(10_000), 20)
      .option('-f, --follow', 'keep watching for new executions (polls every second)'),
  ).action(async (options: FilterOptions & { lines: number; follow?: boolean }) => {
    await withDatabase(async ({ prisma }) => {
      const filters = await filtersOf(prisma, options);
      const first = (await queryAudit(prisma, { ...filters, limit: options.lines })).reverse();
      emit(first, options.json, true);
      if (options.follow) await follow(prisma, filters, first, options.json);
    });
  });
  addChainCommands(audit);
  return audit;
}

/** For commands that take a tenant: its id, from an id or a slug (rows may name tenants that no longer exist). */
export async function tenantIdOf(prisma: PrismaClient, tenant: string | undefined): Promise<string | undefined> {
  return tenant ? ((await findTenant(prisma, tenant))?.id ?? tenant) : undefined;
}

export async function filtersOf(prisma: PrismaClient, options: FilterOptions): Promise<AuditQuery> {
  // Audit rows may name tenants that no longer exist: an unknown value is used as a raw tenant id.
  const tenantId = await tenantIdOf(prisma, options.tenant);
  return { tenantId, apiKeyId: options.key, userId: options.user, toolName: options.tool, status: options.status, cached: options.cached };
}

function emit(rows: AuditEntry[], json: boolean | undefined, withHeader: boolean): void {
  if (json) rows.forEach((row) => print(JSON.stringify(row)));
  else if (rows.length) {
    const text = executionTable(rows);
    print(withHeader ? text : text.split('\n').slice(2).join('\n'));
  } else if (withHeader) print('No tool executions yet.');
}

// Records arrive in batches with their own (earlier) timestamps, so each poll
// looks back a little and skips rows already shown.
async function follow(prisma: PrismaClient, filters: AuditQuery, shown: AuditEntry[], json: boolean | undefined): Promise<void> {
  const seen = new Set(shown.map((r) => r.id));
  let stop = false;
  const onSignal = () => (stop = true);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  while (!stop) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rows = (await queryAudit(prisma, { ...filters, since: new Date(Date.now() - 60_000), limit: 10_000 })).reverse().filter((r) => !seen.has(r.id));
    rows.forEach((r) => seen.add(r.id));
    if (seen.size > 100_000) seen.clear();
    emit(rows, json, false);
  }
}

function executionTable(rows: AuditEntry[]): string {
  return table(
    ['TIME', 'TENANT', 'TOOL', 'STATUS', 'MS', 'CACHED', 'ERROR', 'REQUEST', 'UPSTREAM REQUESTS'],
    rows.map((r) => [
      r.timestamp,
      r.tenantId,
      r.toolName,
      r.status,
      r.durationMs,
      r.cached ? 'yes' : null,
      r.errorCode ? `${r.errorCode}: ${r.errorMessage ?? ''}`.slice(0, 80) : null,
      r.requestId,
      upstreamIds(r.upstreamRequestIds),
    ]),
  );
}

/** The platform's request ids of a call (what its support asks for): all of them when few, else the first and a count. */
function upstreamIds(ids: string[] | null | undefined): string | null {
  if (!ids?.length) return null;
  return ids.length <= 3 ? ids.join(' ') : `${ids.slice(0, 2).join(' ')} (+${ids.length - 2} more)`;
}
