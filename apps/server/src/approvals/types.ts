/** The console's and the CLI's view of held tool calls: the console declares the interface, the store implements it. */
export type { ApprovalQueue, ApprovalStatus, ApprovalSummary } from '@enterprise-mcp/console';
