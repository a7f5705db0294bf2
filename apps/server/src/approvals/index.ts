/**
 * Human approval for risky calls: the rules (tenant setting and key option),
 * the gate the invoker calls, and the `tool_approvals` store the console and
 * the CLI decide through.
 */
export type { ApprovalQueue, ApprovalStatus, ApprovalSummary } from './types.js';
export { ApprovalNotFoundError, ApprovalStateError } from './errors.js';
export { createApprovalStore, newApprovalId, type ApprovalBinding, type ApprovalStore, type ApprovalStoreOptions, type ConsumeResult } from './store.js';
export { APPROVAL_ARGUMENT, APPROVAL_META_KEY, ApprovalGate, argumentsHash, isDestructive, splitApprovalId, type ApprovalCode, type ApprovalGateOptions } from './gate.js';

/** How long a held call's approval request lives, and an approval with it (APPROVAL_TTL_MS default). */
export const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;
