import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PrismaClient, ToolExecution } from '@enterprise-mcp/database';
import { entryLine } from './export.js';
import { toEntry } from './query.js';

export interface RetentionOptions {
  /** Rows dated before this are removed. */
  olderThan: Date;
  tenantId?: string;
  /** Each removed row is written here as a JSON line before it is deleted. */
  archive?: Writable;
  /** Count only; change nothing. */
  dryRun?: boolean;
  /** Rows per delete transaction (default 1,000). */
  chunkSize?: number;
}

export interface TenantRetention {
  tenantId: string;
  /** Chained rows removed (or, with dryRun, that would be). */
  removed: number;
  /** Rows from before the chain began removed. */
  removedUnchained: number;
  /** The chain now resumes after this sequence number (the anchor). */
  anchorSeq: number;
}

type Db = Pick<PrismaClient, 'toolExecution' | 'auditChainAnchor' | '$transaction' | '$queryRawUnsafe'>;

/**
 * Removes each tenant's rows older than `olderThan`. The chain can only lose a
 * prefix, so chained rows go up to the first row that is young enough (an older row
 * after it in the chain stays until that one ages out). Each chunk is deleted in
 * one transaction with the anchor (the last removed row's sequence and hash),
 * so verify always starts from the anchor and the chain stays verifiable.
 */
export async function applyRetention(prisma: Db, options: RetentionOptions): Promise<TenantRetention[]> {
  const tenants = options.tenantId ? [options.tenantId] : await oldTenants(prisma, options.olderThan);
  const results: TenantRetention[] = [];
  for (const tenantId of tenants) results.push(await retainTenant(prisma, tenantId, options));
  return results;
}

async function oldTenants(prisma: Db, olderThan: Date): Promise<string[]> {
  // Prisma's `distinct` de-duplicates in memory; the database does it without loading every row.
  const rows = await prisma.$queryRawUnsafe<Array<{ tenant_id: string }>>('SELECT DISTINCT "tenant_id" FROM "tool_executions" WHERE "timestamp" < $1', olderThan);
  return rows.map((r) => r.tenant_id).sort();
}

async function retainTenant(prisma: Db, tenantId: string, options: RetentionOptions): Promise<TenantRetention> {
  const last = await prisma.auditChainAnchor.findFirst({ where: { tenantId }, orderBy: { seq: 'desc' } });
  const fromSeq = Number(last?.seq ?? 0);
  const upTo = await prefixEnd(prisma, tenantId, options.olderThan);
  const oldUnchained = { tenantId, chainSeq: null, timestamp: { lt: options.olderThan } };
  const result: TenantRetention = { tenantId, removed: 0, removedUnchained: 0, anchorSeq: fromSeq };
  if (options.dryRun) {
    result.removed = await prisma.toolExecution.count({ where: { tenantId, chainSeq: { gt: fromSeq, lte: upTo } } });
    result.removedUnchained = await prisma.toolExecution.count({ where: oldUnchained });
    result.anchorSeq = Math.max(fromSeq, upTo);
    return result;
  }
  const anchor = { id: randomUUID(), tenantId, olderThan: options.olderThan, hash: last?.hash ?? null };
  const chunk = options.chunkSize ?? 1_000;
  for (;;) {
    const rows = await prisma.toolExecution.findMany({ where: { tenantId, chainSeq: { gt: result.anchorSeq, lte: upTo } }, orderBy: { chainSeq: 'asc' }, take: chunk });
    if (!rows.length) break;
    await archive(options.archive, rows);
    const end = rows[rows.length - 1]!;
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.toolExecution.deleteMany({ where: { tenantId, chainSeq: { gt: result.anchorSeq, lte: end.chainSeq! } } });
      // Anything else in the range was not archived: leave the database as it was.
      if (count !== rows.length) throw new Error(`audit retention: tenant ${tenantId}'s rows changed while being removed; run it again`);
      anchor.hash = end.chainHash;
      await saveAnchor(tx, { ...anchor, seq: end.chainSeq!, removedRows: result.removed + count, removedUnchained: result.removedUnchained });
    });
    result.removed += rows.length;
    result.anchorSeq = Number(end.chainSeq);
  }
  for (;;) {
    const rows = await prisma.toolExecution.findMany({ where: oldUnchained, orderBy: [{ timestamp: 'asc' }, { id: 'asc' }], take: chunk });
    if (!rows.length) break;
    await archive(options.archive, rows);
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.toolExecution.deleteMany({ where: { id: { in: rows.map((r) => r.id) }, chainSeq: null } });
      await saveAnchor(tx, { ...anchor, seq: BigInt(result.anchorSeq), removedRows: result.removed, removedUnchained: result.removedUnchained + count });
      result.removedUnchained += count;
    });
  }
  return result;
}

/** The last sequence retention may remove: just before the first row young enough to keep, else the whole chain. */
async function prefixEnd(prisma: Db, tenantId: string, olderThan: Date): Promise<number> {
  const kept = await prisma.toolExecution.findFirst({ where: { tenantId, chainSeq: { not: null }, timestamp: { gte: olderThan } }, orderBy: { chainSeq: 'asc' }, select: { chainSeq: true } });
  if (kept) return Number(kept.chainSeq) - 1;
  const lastRow = await prisma.toolExecution.findFirst({ where: { tenantId, chainSeq: { not: null } }, orderBy: { chainSeq: 'desc' }, select: { chainSeq: true } });
  return Number(lastRow?.chainSeq ?? 0);
}

async function saveAnchor(
  tx: { auditChainAnchor: Pick<PrismaClient['auditChainAnchor'], 'upsert'> },
  anchor: { id: string; tenantId: string; seq: bigint; hash: string | null; olderThan: Date; removedRows: number; removedUnchained: number },
): Promise<void> {
  await tx.auditChainAnchor.upsert({ where: { id: anchor.id }, create: anchor, update: anchor });
}

async function archive(out: Writable | undefined, rows: ToolExecution[]): Promise<void> {
  if (!out) return;
  for (const row of rows) if (!out.write(entryLine(toEntry(row)))) await once(out, 'drain');
}
