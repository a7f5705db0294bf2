export {
  createAuditWriter,
  DEFAULT_SPILL_MAX_BYTES,
  type AuditFailurePolicy,
  type AuditStats,
  type AuditWriter,
  type AuditWriterOptions,
} from './writer.js';
export { queryAudit, type AuditQuery } from './query.js';
export { DEFAULT_ROW_OPTIONS, toAuditRow, type AuditRow, type RowOptions } from './row.js';
export { insertBatch, type RawExecutor } from './insert.js';
