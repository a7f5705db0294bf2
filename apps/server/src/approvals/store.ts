import { randomBytes, randomUUID } from 'node:crypto';
import { toAuditRow } from '@enterprise-mcp/audit';
import type { AuditSink } from '@enterprise-mcp/core';
import type { Prisma, PrismaClient } from '@enterprise-mcp/database';
import { ApprovalNotFoundError, ApprovalStateError } from './errors.js';
import type { ApprovalQueue, ApprovalStatus, ApprovalSummary } from './types.js';

/** What an approval is bound to: who asked, for which tool, with exactly which arguments (their canonical hash). */
export interface ApprovalBinding {
  tenantId: string;
  apiKeyId: string | null;
  userId: string | null;
  ecosystem: string;
  toolName: string;
  argumentsHash: string;
}

/** Why a presented approval id did not let a call run, or `used` when it did (and is now spent). */
export type ConsumeResult =
  | { ok: true; approval: ApprovalSummary }
  | { ok: false; reason: 'unknown' | 'mismatch' | 'pending' | 'denied' | 'expired' | 'used'; approval?: ApprovalSummary };

export interface ApprovalStore extends ApprovalQueue {
  /** The pending approval for this exact call, or a new one. */
  request(binding: ApprovalBinding, args: unknown, requestId: string | null): Promise<ApprovalSummary>;
  /** Spends an approved id for this exact call, once across replicas (one conditional UPDATE). */
  consume(id: string, binding: ApprovalBinding): Promise<ConsumeResult>;
}

export interface ApprovalStoreOptions {
  /** How long a request may wait for a decision and an approval for its use (APPROVAL_TTL_MS). */
  ttlMs: number;
  /** Each decision becomes an audit row here. */
  audit?: AuditSink;
  now?: () => number;
}

const MAX_LIST = 500;

type ToolApproval = NonNullable<Awaited<ReturnType<PrismaClient['toolApproval']['findUnique']>>>;

/** The `tool_approvals` table: shared by every replica, the console and the CLI. */
export function createApprovalStore(prisma: Pick<PrismaClient, 'toolApproval'>, options: ApprovalStoreOptions): ApprovalStore {
  const now = options.now ?? Date.now;
  const table = prisma.toolApproval;

  const decide = async (id: string, data: Prisma.ToolApprovalUpdateManyMutationInput): Promise<ApprovalSummary> => {
    const at = new Date(now());
    // Conditional: a decision lands only on a pending, unexpired row, whatever another admin or replica did meanwhile.
    const { count } = await table.updateMany({ where: { id, status: 'pending', expiresAt: { gt: at } }, data: { ...data, decidedAt: at } });
    const row = await table.findUnique({ where: { id } });
    if (!row) throw new ApprovalNotFoundError(id);
    const summary = summaryOf(row, at.getTime());
    if (count !== 1) throw new ApprovalStateError(summary);
    recordDecision(options.audit, summary);
    return summary;
  };

  return {
    async request(binding, args, requestId) {
      const at = now();
      const existing = await table.findFirst({
        where: { ...bindingWhere(binding), status: 'pending', expiresAt: { gt: new Date(at) } },
        orderBy: { requestedAt: 'desc' },
      });
      if (existing) return summaryOf(existing, at);
      const row = await table.create({
        data: {
          id: newApprovalId(),
          ...binding,
          arguments: redactedArguments(binding, args),
          requestId,
          requestedAt: new Date(at),
          expiresAt: new Date(at + options.ttlMs),
        },
      });
      return summaryOf(row, at);
    },

    async consume(id, binding) {
      const at = new Date(now());
      const { count } = await table.updateMany({
        where: { id, ...bindingWhere(binding), status: 'approved', expiresAt: { gt: at } },
        data: { status: 'used', usedAt: at },
      });
      // Scoped by tenant: another tenant's id reads as unknown, so its existence is not revealed.
      const row = await table.findFirst({ where: { id, tenantId: binding.tenantId } });
      if (!row) return { ok: false, reason: 'unknown' };
      const approval = summaryOf(row, at.getTime());
      if (count === 1) return { ok: true, approval };
      if (!matches(row, binding)) return { ok: false, reason: 'mismatch', approval };
      return { ok: false, reason: approval.status === 'approved' ? 'expired' : approval.status, approval };
    },

    async list(q) {
      const at = now();
      const where: Prisma.ToolApprovalWhereInput = { ...(q.tenantIds ? { tenantId: { in: q.tenantIds } } : {}), ...statusWhere(q.status, new Date(at)) };
      const rows = await table.findMany({ where, orderBy: { requestedAt: 'desc' }, take: Math.min(q.limit ?? 100, MAX_LIST) });
      return rows.map((row) => summaryOf(row, at));
    },

    async get(id) {
      const row = await table.findUnique({ where: { id } });
      return row ? summaryOf(row, now()) : null;
    },

    approve: (id, decidedBy) => decide(id, { status: 'approved', decidedBy }),
    deny: (id, decidedBy, reason) => decide(id, { status: 'denied', decidedBy, reason: reason ?? null }),
  };
}

/** `apr_` and 24 random hex digits: not guessable, and plain to read aloud from a console. */
export function newApprovalId(): string {
  return `apr_${randomBytes(12).toString('hex')}`;
}

function bindingWhere(binding: ApprovalBinding): Prisma.ToolApprovalWhereInput {
  return { ...binding };
}

function matches(row: ToolApproval, binding: ApprovalBinding): boolean {
  return (
    row.apiKeyId === binding.apiKeyId &&
    row.userId === binding.userId &&
    row.ecosystem === binding.ecosystem &&
    row.toolName === binding.toolName &&
    row.argumentsHash === binding.argumentsHash
  );
}

/** `expired` is a pending or approved row past its time; stored statuses otherwise. */
function statusWhere(status: ApprovalStatus | undefined, at: Date): Prisma.ToolApprovalWhereInput {
  if (!status) return {};
  if (status === 'expired') return { status: { in: ['pending', 'approved'] }, expiresAt: { lte: at } };
  if (status === 'pending' || status === 'approved') return { status, expiresAt: { gt: at } };
  return { status };
}

function summaryOf(row: ToolApproval, at: number): ApprovalSummary {
  const stored = row.status as ApprovalStatus;
  const expired = (stored === 'pending' || stored === 'approved') && row.expiresAt.getTime() <= at;
  return {
    id: row.id,
    tenantId: row.tenantId,
    apiKeyId: row.apiKeyId,
    userId: row.userId,
    ecosystem: row.ecosystem,
    toolName: row.toolName,
    arguments: row.arguments,
    status: expired ? 'expired' : stored,
    requestedAt: row.requestedAt,
    expiresAt: row.expiresAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    reason: row.reason,
  };
}

/** The audit trail's own redaction, so the person deciding sees what the trail shows and no secret is stored twice. */
function redactedArguments(binding: ApprovalBinding, args: unknown): Prisma.InputJsonValue {
  const row = toAuditRow({ ...stepRecord(binding.tenantId, binding.ecosystem, binding.toolName), arguments: args ?? {} });
  return (row.arguments ?? {}) as Prisma.InputJsonValue;
}

function stepRecord(tenantId: string, ecosystem: string, toolName: string) {
  return {
    id: randomUUID(),
    timestamp: new Date(),
    tenantId,
    ecosystem,
    toolName,
    arguments: {},
    status: 'ok' as const,
    durationMs: 0,
    resultSize: 0,
  };
}

/** An admin's decision as its own audit row: the held call's tool, `approval_approved` or `approval_denied`, and who decided. */
function recordDecision(audit: AuditSink | undefined, approval: ApprovalSummary): void {
  const approved = approval.status === 'approved';
  audit?.record({
    ...stepRecord(approval.tenantId, approval.ecosystem, approval.toolName),
    apiKeyId: approval.apiKeyId,
    userId: approval.userId,
    clientName: 'enterprise-mcp approvals',
    arguments: { approvalId: approval.id, decidedBy: approval.decidedBy, ...(approval.reason ? { reason: approval.reason } : {}) },
    status: approved ? 'ok' : 'denied',
    errorCode: approved ? 'approval_approved' : 'approval_denied',
    errorMessage: `Approval ${approval.id} ${approved ? 'approved' : 'denied'} by ${approval.decidedBy}`,
  });
}
