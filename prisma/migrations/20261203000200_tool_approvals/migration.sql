-- AlterTable: tools whose calls a key holds for approval, beside the tenant's list.
ALTER TABLE "api_keys" ADD COLUMN "approval_tools" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable: held tool calls and the decision a person made on each.
CREATE TABLE "tool_approvals" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "api_key_id" TEXT,
    "user_id" TEXT,
    "ecosystem" TEXT NOT NULL,
    "tool_name" TEXT NOT NULL,
    "arguments_hash" TEXT NOT NULL,
    "arguments" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "used_at" TIMESTAMPTZ(3),
    "request_id" TEXT,

    CONSTRAINT "tool_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tool_approvals_tenant_id_status_idx" ON "tool_approvals"("tenant_id", "status");

-- CreateIndex
CREATE INDEX "tool_approvals_expires_at_idx" ON "tool_approvals"("expires_at");
