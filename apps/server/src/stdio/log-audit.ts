import type { AuditSink, Logger } from '@enterprise-mcp/core';
import { toAuditRow } from '@enterprise-mcp/audit';

/**
 * An audit sink that writes each record as a log line: stdio mode without a
 * database. Records become the same rows the database writer stores, so
 * arguments are redacted by the one function that redacts every audit record.
 */
export function logAuditSink(logger: Logger): AuditSink {
  return {
    record: (record) => logger.info({ audit: toAuditRow(record) }, 'tool execution'),
    flush: async () => {},
  };
}
