import { randomUUID } from 'node:crypto';
import type { ApprovalQueue, ApprovalSummary } from './deps.js';

/**
 * An approvals queue in this process's memory, with the real one's rules
 * (only a pending, unexpired item can be decided): for tests and the
 * screenshots until the server's database-backed queue is wired in.
 */
export class MemoryApprovalQueue implements ApprovalQueue {
  private readonly items = new Map<string, ApprovalSummary>();

  add(item: Pick<ApprovalSummary, 'tenantId' | 'ecosystem' | 'toolName' | 'arguments'> & Partial<ApprovalSummary>): ApprovalSummary {
    const now = new Date();
    const full: ApprovalSummary = { id: randomUUID(), apiKeyId: null, userId: null, status: 'pending', requestedAt: now, expiresAt: new Date(now.getTime() + 15 * 60_000), decidedBy: null, decidedAt: null, reason: null, ...item };
    this.items.set(full.id, full);
    return full;
  }

  async list(q: { tenantIds?: string[]; status?: ApprovalSummary['status']; limit?: number }): Promise<ApprovalSummary[]> {
    return [...this.items.values()]
      .map((item) => this.aged(item))
      .filter((item) => (!q.tenantIds || q.tenantIds.includes(item.tenantId)) && (!q.status || item.status === q.status))
      .sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())
      .slice(0, q.limit ?? 100);
  }

  async get(id: string): Promise<ApprovalSummary | null> {
    const item = this.items.get(id);
    return item ? this.aged(item) : null;
  }

  approve(id: string, decidedBy: string): Promise<ApprovalSummary> {
    return this.decide(id, { status: 'approved', decidedBy, reason: null });
  }

  deny(id: string, decidedBy: string, reason?: string): Promise<ApprovalSummary> {
    return this.decide(id, { status: 'denied', decidedBy, reason: reason ?? null });
  }

  private async decide(id: string, change: Pick<ApprovalSummary, 'status' | 'decidedBy' | 'reason'>): Promise<ApprovalSummary> {
    const item = await this.get(id);
    if (!item) throw new Error(`No approval "${id}"`);
    if (item.status !== 'pending') throw new Error(`Approval ${id} is ${item.status}: only a pending approval can be decided`);
    const decided = { ...item, ...change, decidedAt: new Date() };
    this.items.set(id, decided);
    return decided;
  }

  private aged(item: ApprovalSummary): ApprovalSummary {
    return item.status === 'pending' && item.expiresAt.getTime() <= Date.now() ? { ...item, status: 'expired' } : item;
  }
}
