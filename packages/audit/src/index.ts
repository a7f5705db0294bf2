export {
  createAuditWriter,
  DEFAULT_SPILL_MAX_BYTES,
  type AuditFailurePolicy,
  type AuditStats,
  type AuditWriter,
  type AuditWriterOptions,
} from './writer.js';
export { auditWhere, queryAudit, type AuditEntry, type AuditQuery } from './query.js';
export { DEFAULT_ROW_OPTIONS, toAuditRow, type AuditRow, type RowOptions } from './row.js';
export { insertChained } from './insert.js';
export { auditSqlFor, toAuditSql, type AuditSql, type AuditStore, type PrismaTransactor, type SqlQuery } from './sql.js';
export { canonicalRow, chainHash, CHAIN_VERSION, type ChainContent, type ChainLink } from './chain.js';
export { verifyAuditChain, type ChainProblem, type ChainProblemKind, type TenantVerification, type VerifyOptions } from './verify.js';
export { entryLine, exportAudit, streamAudit, type ExportFormat } from './export.js';
export { applyRetention, type RetentionOptions, type TenantRetention } from './retention.js';
