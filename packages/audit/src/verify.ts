import type { PrismaClient, ToolExecution } from '@enterprise-mcp/database';
import { chainHash } from './chain.js';

export type ChainProblemKind = 'changed' | 'inserted' | 'deleted';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The row where the break shows (for a deletion: the row after the gap, or none at the chain's end). */
  id?: string;
  seq?: number;
  timestamp?: Date;
  message: string;
}

export interface TenantVerification {
  tenantId: string;
  ok: boolean;
  /** Chained rows checked. */
  checked: number;
  /** Rows dated before the chain began, which carry no hash. */
  unchained: number;
  /** The retention anchor the walk started from (0: the chain's beginning). */
  fromSeq: number;
  headSeq: number;
  /** The first problem found in this tenant's chain. */
  problem?: ChainProblem;
}

export interface VerifyOptions {
  tenantId?: string;
  /** Rows read per query (default 2,000). */
  pageSize?: number;
  /** Called after each page: progress through a long chain. */
  onProgress?: (progress: { tenantId: string; checked: number; expected: number }) => void;
}

type Db = Pick<PrismaClient, 'toolExecution' | 'auditChainHead' | 'auditChainAnchor' | 'auditChainStart' | '$queryRawUnsafe'>;

/** Walks each tenant's chain (or one tenant's) and reports the first changed, inserted or deleted row of each. */
export async function verifyAuditChain(prisma: Db, options: VerifyOptions = {}): Promise<TenantVerification[]> {
  const start = (await prisma.auditChainStart.findFirst())?.startedAt ?? new Date(0);
  const results: TenantVerification[] = [];
  for (const tenantId of await tenantsOf(prisma, options.tenantId)) results.push(await verifyTenant(prisma, tenantId, start, options));
  return results;
}

async function tenantsOf(prisma: Db, only: string | undefined): Promise<string[]> {
  if (only) return [only];
  const ids = new Set<string>();
  // Prisma's `distinct` de-duplicates in memory; the database does it without loading every row.
  for (const r of await prisma.$queryRawUnsafe<Array<{ tenant_id: string }>>('SELECT DISTINCT "tenant_id" FROM "tool_executions"')) ids.add(r.tenant_id);
  for (const r of await prisma.auditChainHead.findMany({ select: { tenantId: true } })) ids.add(r.tenantId);
  return [...ids].sort();
}

async function verifyTenant(prisma: Db, tenantId: string, start: Date, options: VerifyOptions): Promise<TenantVerification> {
  const head = await prisma.auditChainHead.findUnique({ where: { tenantId } });
  const anchor = await prisma.auditChainAnchor.findFirst({ where: { tenantId }, orderBy: { seq: 'desc' } });
  const fromSeq = Number(anchor?.seq ?? 0);
  const headSeq = Number(head?.seq ?? 0);
  const result: TenantVerification = { tenantId, ok: true, checked: 0, unchained: 0, fromSeq, headSeq };
  const fail = (problem: ChainProblem) => ({ ...result, ok: false, problem });

  const unchained = await unchainedRows(prisma, tenantId, start);
  result.unchained = unchained.before;
  if (unchained.after) return fail({ kind: 'inserted', ...at(unchained.after), message: `row ${unchained.after.id} has no chain link but is dated after the chain began (${start.toISOString()})` });
  const stale = await prisma.toolExecution.findFirst({ where: { tenantId, chainSeq: { lte: fromSeq } }, orderBy: { chainSeq: 'asc' } });
  if (stale) return fail({ kind: 'inserted', ...at(stale), message: `row ${stale.id} has sequence ${stale.chainSeq}, at or before the retention anchor (${fromSeq}) that removed it` });

  let expected = { seq: fromSeq + 1, prev: anchor?.hash ?? null, row: undefined as ToolExecution | undefined };
  for (;;) {
    const page = await prisma.toolExecution.findMany({ where: { tenantId, chainSeq: { gte: expected.seq, lte: headSeq } }, orderBy: { chainSeq: 'asc' }, take: options.pageSize ?? 2_000 });
    for (const row of page) {
      const problem = checkRow(row, expected);
      if (problem) return fail(problem);
      result.checked++;
      expected = { seq: expected.seq + 1, prev: row.chainHash, row };
    }
    options.onProgress?.({ tenantId, checked: result.checked, expected: headSeq - fromSeq });
    if (page.length < (options.pageSize ?? 2_000)) break;
  }
  const end = checkHead(head, expected, headSeq, tenantId) ?? (await beyondHead(prisma, tenantId));
  return end ? fail(end) : result;
}

function checkRow(row: ToolExecution, expected: { seq: number; prev: string | null; row?: ToolExecution }): ChainProblem | undefined {
  const seq = Number(row.chainSeq);
  if (seq > expected.seq) {
    const missing = seq - 1 === expected.seq ? `${expected.seq}` : `${expected.seq}–${seq - 1}`;
    return { kind: 'deleted', ...at(row), message: `row(s) ${missing} missing before row ${row.id}` };
  }
  if (chainHash(row, { seq, prev: row.chainPrev }) !== row.chainHash) {
    return { kind: 'changed', ...at(row), message: `row ${row.id} does not match its hash: its content was changed` };
  }
  if (row.chainPrev !== expected.prev) {
    const before = expected.row ? `row ${expected.row.id} (sequence ${expected.row.chainSeq})` : 'the chain start or retention anchor';
    return { kind: 'deleted', ...at(row), message: `row ${row.id} does not link to ${before}: rows between them were deleted and renumbered, or the earlier row was rewritten with a recomputed hash` };
  }
  return undefined;
}

function checkHead(head: { hash: string | null } | null, last: { seq: number; prev: string | null; row?: ToolExecution }, headSeq: number, tenantId: string): ChainProblem | undefined {
  const lastSeq = last.seq - 1;
  if (!head && lastSeq > 0) return { kind: 'deleted', message: `the chain head of tenant ${tenantId} is missing` };
  if (headSeq > lastSeq) {
    const missing = headSeq === lastSeq + 1 ? `${headSeq}` : `${lastSeq + 1}–${headSeq}`;
    return { kind: 'deleted', seq: lastSeq + 1, message: `row(s) ${missing} missing at the end of the chain (the head records ${headSeq})` };
  }
  if (head && lastSeq > 0 && head.hash !== last.prev) return { kind: 'changed', ...at(last.row!), message: `row ${last.row!.id} does not match the hash the chain head recorded: it was rewritten` };
  return undefined;
}

// One statement, so a batch committed by a running writer (rows and head together) is never half seen.
const BEYOND_HEAD = `SELECT t."id", t."chain_seq"::text AS "seq", t."timestamp" FROM "tool_executions" t
WHERE t."tenant_id" = $1 AND t."chain_seq" > coalesce((SELECT h."seq" FROM "audit_chain_heads" h WHERE h."tenant_id" = $1), 0)
ORDER BY t."chain_seq" LIMIT 1`;

async function beyondHead(prisma: Db, tenantId: string): Promise<ChainProblem | undefined> {
  const [row] = await prisma.$queryRawUnsafe<Array<{ id: string; seq: string; timestamp: Date }>>(BEYOND_HEAD, tenantId);
  if (!row) return undefined;
  return { kind: 'inserted', id: row.id, seq: Number(row.seq), timestamp: new Date(row.timestamp), message: `row ${row.id} lies beyond the chain head` };
}

async function unchainedRows(prisma: Db, tenantId: string, start: Date) {
  const before = await prisma.toolExecution.count({ where: { tenantId, chainSeq: null, timestamp: { lt: start } } });
  const after = await prisma.toolExecution.findFirst({ where: { tenantId, chainSeq: null, timestamp: { gte: start } }, orderBy: { timestamp: 'asc' } });
  return { before, after };
}

function at(row: ToolExecution): Pick<ChainProblem, 'id' | 'seq' | 'timestamp'> {
  return { id: row.id, ...(row.chainSeq === null ? {} : { seq: Number(row.chainSeq) }), timestamp: row.timestamp };
}
