import type { ToolExecutionStatus } from '@enterprise-mcp/core';
import type { PrismaClient, ToolExecution } from '@enterprise-mcp/database';

export interface AuditQuery {
  /** Only executions after this time. */
  since?: Date;
  until?: Date;
  tenantId?: string;
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

export function queryAudit(prisma: Pick<PrismaClient, 'toolExecution'>, query: AuditQuery = {}): Promise<ToolExecution[]> {
  const tool = query.toolName;
  return prisma.toolExecution.findMany({
    where: {
      ...(query.since || query.until ? { timestamp: { ...(query.since ? { gt: query.since } : {}), ...(query.until ? { lte: query.until } : {}) } } : {}),
      ...(query.tenantId ? { tenantId: query.tenantId } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(tool ? { toolName: tool.endsWith('*') ? { startsWith: escapeLike(tool.slice(0, -1)) } : tool } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.cached === undefined ? {} : { cached: query.cached }),
    },
    orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(query.limit ?? 100, 1), 10_000),
  });
}

// Prisma passes startsWith to LIKE as is, where `_` (in every tool name) and `%` are wildcards.
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
