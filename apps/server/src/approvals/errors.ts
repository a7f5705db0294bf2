import { ConflictError, NotFoundError } from '@enterprise-mcp/core';
import type { ApprovalStatus, ApprovalSummary } from './types.js';

/** No approval has this id. */
export class ApprovalNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`No approval with id "${id.slice(0, 64)}"`, { hint: 'list approvals with `enterprise-mcp approvals list`' });
  }
}

/** A decision on an approval that is no longer pending: someone decided first, it was used, or it expired. */
export class ApprovalStateError extends ConflictError {
  readonly approvalStatus: ApprovalStatus;
  constructor(readonly approval: ApprovalSummary) {
    const by = approval.decidedBy ? ` by ${approval.decidedBy}` : '';
    super(`Approval ${approval.id} is ${approval.status}${by}; only a pending approval can be approved or denied`, {
      hint: approval.status === 'expired' ? 'the client must call the tool again to ask for a new approval' : 'nothing to do',
    });
    this.approvalStatus = approval.status;
  }
}
