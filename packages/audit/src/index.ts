export {
  createAuditWriter,
  DEFAULT_SPILL_MAX_BYTES,
  type AuditFailurePolicy,
  type AuditStats,
  type AuditWriter,
  type AuditWriterOptions,
} from './writer.js';
export { queryAudit, type AuditQuery } from './query.js';
export { toAuditRow, type AuditRow } from './row.js';
export { insertBatch, type RawExecutor } from './insert.js';
