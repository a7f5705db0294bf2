import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { auditSqlFor, createAuditWriter } from '@enterprise-mcp/audit';
import type { Database } from '@enterprise-mcp/database';
import { getTenant } from '@enterprise-mcp/tenancy';
import { createApprovalStore, DEFAULT_APPROVAL_TTL_MS, type ApprovalStatus, type ApprovalStore, type ApprovalSummary } from '../approvals/index.js';
import { withDatabase } from './database.js';
import { print, printJson, table } from './output.js';

const STATUSES: ApprovalStatus[] = ['pending', 'approved', 'denied', 'used', 'expired'];

export function approvalsCommand(): Command {
  const approvals = new Command('approvals').description('List held tool calls and approve or deny them (decisions never come through MCP).');
  approvals
    .command('list')
    .description('List approvals, newest first.')
    .option('--tenant <tenant>', 'only this tenant (id or slug)')
    .addOption(new Option('--status <status>', 'only approvals in this state').choices(STATUSES))
    .option('--limit <n>', 'at most this many (default 100)', (value) => Number.parseInt(value, 10))
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; status?: ApprovalStatus; limit?: number; json?: boolean }) => {
      await withApprovals(async (store, db) => {
        const tenantIds = options.tenant ? [(await getTenant(db.prisma, options.tenant)).id] : undefined;
        const rows = await store.list({ tenantIds, status: options.status, limit: options.limit });
        if (options.json) printJson(rows);
        else print(rows.length ? approvalTable(rows) : 'No approvals.');
      });
    });
  approvals
    .command('approve')
    .description('Approve a pending call: the client may then make that exact call once, before the approval expires.')
    .argument('<id>', 'approval id (apr_…)')
    .option('--by <name>', 'who decides, as recorded (default: cli:<your user name>)')
    .action(async (id: string, options: { by?: string }) => {
      await withApprovals(async (store) => {
        const approval = await store.approve(id, decider(options.by));
        print(`Approved ${approval.id}: ${approval.toolName} for tenant ${approval.tenantId}, usable once until ${approval.expiresAt.toISOString()}.`);
      });
    });
  approvals
    .command('deny')
    .description('Deny a pending call: the client is told so and the call never runs.')
    .argument('<id>', 'approval id (apr_…)')
    .option('--reason <text>', 'why, shown to the client and kept with the decision')
    .option('--by <name>', 'who decides, as recorded (default: cli:<your user name>)')
    .action(async (id: string, options: { reason?: string; by?: string }) => {
      await withApprovals(async (store) => {
        const approval = await store.deny(id, decider(options.by), options.reason);
        print(`Denied ${approval.id}: ${approval.toolName} for tenant ${approval.tenantId}.`);
      });
    });
  return approvals;
}

/** The store on the CLI's database, with its decisions audited into the same trail the server writes. */
async function withApprovals(fn: (store: ApprovalStore, db: Database) => Promise<void>): Promise<void> {
  await withDatabase(async (db) => {
    const audit = createAuditWriter(auditSqlFor(db), { onFailure: 'refuse' });
    try {
      await fn(createApprovalStore(db.prisma, { ttlMs: DEFAULT_APPROVAL_TTL_MS, audit }), db);
    } finally {
      await audit.close();
    }
  });
}

function decider(by: string | undefined): string {
  if (by?.trim()) return by.trim().slice(0, 200);
  return `cli:${safeUserName()}`;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function approvalTable(rows: ApprovalSummary[]): string {
  return table(
    ['id', 'status', 'tenant', 'key/user', 'tool', 'requested', 'expires', 'decided by'],
    rows.map((row) => [row.id, row.status, row.tenantId, row.apiKeyId ?? row.userId, row.toolName, row.requestedAt, row.expiresAt, row.decidedBy]),
  );
}
