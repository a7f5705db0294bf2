import type { AuditSink, Logger } from '@enterprise-mcp/core';

/** An audit sink that writes each record as a log line: stdio mode without a database. */
export function logAuditSink(logger: Logger): AuditSink {
  return {
    record: (record) => logger.info({ audit: record }, 'tool execution'),
    flush: async () => {},
  };
}
