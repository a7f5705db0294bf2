-- AlterTable: an audit row keeps the W3C traceparent the client sent in the request's _meta (MCP 2026-07-28).
ALTER TABLE "tool_executions" ADD COLUMN "traceparent" TEXT;
