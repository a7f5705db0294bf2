-- AlterTable: an audit row keeps the W3C traceparent the client sent in the request's _meta (MCP 2026-07-28).
ALTER TABLE "tool_executions" ADD COLUMN "traceparent" TEXT;

-- CreateEnum and AlterTable: a key's tool surface in tools/list (every tool, or the compact meta-tools).
CREATE TYPE "tool_surface" AS ENUM ('full', 'compact');
ALTER TABLE "api_keys" ADD COLUMN "tool_surface" "tool_surface" NOT NULL DEFAULT 'full';
