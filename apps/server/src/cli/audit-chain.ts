import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';
import { applyRetention, exportAudit, verifyAuditChain, type ExportFormat, type TenantVerification } from '@enterprise-mcp/audit';
import { filtersOf, tenantIdOf, withFilters, type FilterOptions } from './audit.js';
import { withDatabase } from './database.js';
import { parseChoice, parsePositiveInt, parseSince } from './parse.js';
import { print, printJson } from './output.js';

const DAY_MS = 86_400_000;

/** `audit verify`, `audit export` and `audit retention`: the hash chain's commands. */
export function addChainCommands(audit: Command): void {
  audit.addCommand(verifyCommand()).addCommand(exportCommand()).addCommand(retentionCommand());
}

function verifyCommand(): Command {
  return new Command('verify')
    .description("Walk each tenant's hash chain; report the first changed, inserted or deleted row and exit 1, or exit 0 when intact.")
    .option('--tenant <tenant>', 'only this tenant (id or slug)')
    .option('--progress <rows>', 'print progress to stderr every this many rows', parsePositiveInt(10_000_000), 10_000)
    .option('--json', 'print the result as JSON')
    .action(async (options: { tenant?: string; progress: number; json?: boolean }) => {
      await withDatabase(async ({ prisma }) => {
        const tenantId = await tenantIdOf(prisma, options.tenant);
        const onProgress = ({ tenantId: id, checked, expected }: { tenantId: string; checked: number; expected: number }) => {
          if (checked > 0 && checked % options.progress === 0) process.stderr.write(`verify: ${id}: ${checked.toLocaleString('en')} of ${expected.toLocaleString('en')} rows checked\n`);
        };
        const results = await verifyAuditChain(prisma, { tenantId, pageSize: Math.min(2_000, options.progress), onProgress });
        if (options.json) printJson(results);
        else print(verifyText(results));
        if (results.some((r) => !r.ok)) process.exitCode = 1;
      });
    });
}

function verifyText(results: TenantVerification[]): string {
  const lines = results.map((r) => {
    if (r.problem) {
      const where = [r.problem.seq !== undefined ? `sequence ${r.problem.seq}` : '', r.problem.timestamp ? r.problem.timestamp.toISOString() : ''].filter(Boolean).join(', ');
      return `${r.tenantId}: ${r.problem.kind.toUpperCase()}${r.problem.id ? ` row ${r.problem.id}` : ''}${where ? ` (${where})` : ''}: ${r.problem.message}`;
    }
    const notes = [r.fromSeq ? `from the retention anchor at sequence ${r.fromSeq}` : '', r.unchained ? `${r.unchained} unchained row(s) from before the chain began` : ''].filter(Boolean);
    return `${r.tenantId}: intact, ${r.checked} row(s) up to sequence ${r.headSeq}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  });
  const broken = results.filter((r) => !r.ok).length;
  const rows = results.reduce((n, r) => n + r.checked, 0);
  lines.push(broken ? `Audit chain broken in ${broken} of ${results.length} tenant(s).` : `Audit chain intact: ${results.length} tenant(s), ${rows} row(s).`);
  return lines.join('\n');
}

function exportCommand(): Command {
  return withFilters(
    new Command('export')
      .description('Write the audit trail (oldest first, streamed) as CSV or JSON lines, with the query filters.')
      .addOption(new Option('--format <format>', 'csv or jsonl').argParser(parseChoice(['csv', 'jsonl'] as const)).default('jsonl'))
      .option('--since <when>', 'start: a duration back from now (24h, 7d) or a date/time (default: the beginning)', parseSince)
      .option('--until <when>', 'end: a duration back from now or a date/time', parseSince)
      .option('--out <file>', 'write to this file (created with mode 0600) instead of stdout'),
    false,
  ).action(async (options: FilterOptions & { format: ExportFormat; since?: Date; until?: Date; out?: string }) => {
    await withDatabase(async ({ prisma }) => {
      const query = { ...(await filtersOf(prisma, options)), since: options.since, until: options.until };
      const out = options.out ? createWriteStream(options.out, { mode: 0o600 }) : process.stdout;
      const count = await exportAudit(prisma, query, options.format, out);
      if (options.out) process.stderr.write(`Exported ${count} row(s) to ${options.out}.\n`);
    });
  });
}

function retentionCommand(): Command {
  return new Command('retention')
    .description('Delete (optionally archive first) rows older than N days per tenant, keeping each chain verifiable from an anchor.')
    .option('--older-than <days>', 'remove rows older than this many days (default: AUDIT_RETENTION_DAYS)', parsePositiveInt(36_500))
    .option('--tenant <tenant>', 'only this tenant (id or slug)')
    .option('--archive <file>', 'append each removed row to this JSON-lines file first (mode 0600)')
    .option('--dry-run', 'only count what would be removed')
    .option('--json', 'print the result as JSON')
    .action(async (options: { olderThan?: number; tenant?: string; archive?: string; dryRun?: boolean; json?: boolean }) => {
      await withDatabase(async ({ prisma }) => {
        const days = options.olderThan ?? defaultRetentionDays();
        const archive = options.archive && !options.dryRun ? createWriteStream(options.archive, { flags: 'a', mode: 0o600 }) : undefined;
        try {
          const olderThan = new Date(Date.now() - days * DAY_MS);
          const results = await applyRetention(prisma, { olderThan, tenantId: await tenantIdOf(prisma, options.tenant), archive, dryRun: options.dryRun });
          if (options.json) return printJson(results);
          const verb = options.dryRun ? 'would remove' : 'removed';
          results.forEach((r) => print(`${r.tenantId}: ${verb} ${r.removed} chained and ${r.removedUnchained} unchained row(s) older than ${olderThan.toISOString()}; the chain resumes after sequence ${r.anchorSeq}`));
          if (!results.length) print(`No rows older than ${days} day(s).`);
        } finally {
          if (archive) await closeStream(archive);
        }
      });
    });
}

/** AUDIT_RETENTION_DAYS, read where it is needed: the server itself never deletes audit rows. */
function defaultRetentionDays(): number {
  const raw = process.env['AUDIT_RETENTION_DAYS'];
  if (!raw) throw new InvalidArgumentError('audit retention needs --older-than <days> or AUDIT_RETENTION_DAYS (a whole number of days).');
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new InvalidArgumentError(`AUDIT_RETENTION_DAYS must be a whole number of days from 1, not "${raw}".`);
  return days;
}

async function closeStream(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}
