-- AlterTable: an audit row keeps the platform's ids of the call's upstream requests (Amazon's x-amzn-RequestId).
ALTER TABLE "tool_executions" ADD COLUMN "upstream_request_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];
