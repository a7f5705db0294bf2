import type { ToolExecutionStatus } from '@enterprise-mcp/core';
import type { Prisma, PrismaClient, ToolExecution } from '@enterprise-mcp/database';

export interface AuditQuery {
  /** Only executions after this time. */
  since?: Date;
  until?: Date;
  tenantId?: string;
  /** Only calls made with this API key (its id). */
  apiKeyId?: string;
  /** Only calls made with an OAuth token of this user. */
  userId?: string;
  /** An exact tool name, or a prefix ending in `*` (`cloudflare_*`). */
  toolName?: string;
  status?: ToolExecutionStatus;
  /** Only answers served from the cache (true) or only those that called the platform (false). */
  cached?: boolean;
  /** Newest first, at most this many (default 100, at most 10,000). */
  limit?: number;
}

/** A row with its chain sequence as a plain number, so it serialises as JSON. */
export type AuditEntry = Omit<ToolExecution, 'chainSeq'> & { chainSeq: number | null };

export async function queryAudit(prisma: Pick<PrismaClient, 'toolExecution'>, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const rows = await prisma.toolExecution.findMany({
    where: auditWhere(query),
    orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(query.limit ?? 100, 1), 10_000),
  });
  return rows.map(toEntry);
}

export function toEntry(row: ToolExecution): AuditEntry {
  return { ...row, chainSeq: row.chainSeq === null ? null : Number(row.chainSeq) };
}

/** The filters of a query as a Prisma `where` (shared by query and export). */
export function auditWhere(query: AuditQuery): Prisma.ToolExecutionWhereInput {
  const tool = query.toolName;
  return {
    ...(query.since || query.until ? { timestamp: { ...(query.since ? { gt: query.since } : {}), ...(query.until ? { lte: query.until } : {}) } } : {}),
    ...(query.tenantId ? { tenantId: query.tenantId } : {}),
    ...(query.apiKeyId ? { apiKeyId: query.apiKeyId } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
    ...(tool ? { toolName: tool.endsWith('*') ? { startsWith: escapeLike(tool.slice(0, -1)) } : tool } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.cached === undefined ? {} : { cached: query.cached }),
  };
}

// Prisma passes startsWith to LIKE as is, where `_` (in every tool name) and `%` are wildcards.
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
