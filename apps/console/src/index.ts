export { createConsole, ConsoleConfigurationError } from './app.js';
export type { ApprovalQueue, ApprovalStatus, ApprovalSummary, ConsoleConnection, ConsoleConnections, ConsoleDeps, ConsoleTool, TryResult } from './deps.js';
export { MemoryApprovalQueue } from './memory-approvals.js';
export { loadAssets } from './assets.js';
