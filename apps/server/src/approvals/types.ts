/** The console's and the CLI's view of held tool calls (the interface the console is built against). */

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'used' | 'expired';

export interface ApprovalSummary {
  id: string;
  tenantId: string;
  apiKeyId: string | null;
  userId: string | null;
  ecosystem: string;
  toolName: string;
  /** Redacted as the audit row redacts. */
  arguments: unknown;
  status: ApprovalStatus;
  requestedAt: Date;
  expiresAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

export interface ApprovalQueue {
  list(q: { tenantIds?: string[]; status?: ApprovalStatus; limit?: number }): Promise<ApprovalSummary[]>;
  get(id: string): Promise<ApprovalSummary | null>;
  /** Throws ApprovalStateError when the approval is no longer pending (decided, used or expired). */
  approve(id: string, decidedBy: string): Promise<ApprovalSummary>;
  deny(id: string, decidedBy: string, reason?: string): Promise<ApprovalSummary>;
}
