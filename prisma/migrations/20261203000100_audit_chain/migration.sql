-- AlterTable: each tenant's audit rows form a hash chain (packages/audit/src/chain.ts): a per-tenant
-- sequence number, the previous row's hash and this row's hash. Rows written before this migration
-- keep NULLs: they are reported as unchained, before the chain began.
ALTER TABLE "tool_executions" ADD COLUMN "chain_seq" BIGINT,
ADD COLUMN "chain_prev" TEXT,
ADD COLUMN "chain_hash" TEXT;

-- CreateIndex: one row per place in a tenant's chain (several NULLs allowed for unchained rows).
CREATE UNIQUE INDEX "tool_executions_tenant_id_chain_seq_key" ON "tool_executions"("tenant_id", "chain_seq");

-- CreateTable: each tenant's last sequence number and hash; writers lock this row inside their
-- insert transaction, so replicas append to one chain in turn.
CREATE TABLE "audit_chain_heads" (
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "hash" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_heads_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable: where a tenant's chain resumes after retention removed its oldest rows.
CREATE TABLE "audit_chain_anchors" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT,
    "removed_rows" INTEGER NOT NULL,
    "removed_unchained" INTEGER NOT NULL,
    "older_than" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_anchors_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_chain_anchors_tenant_id_seq_idx" ON "audit_chain_anchors"("tenant_id", "seq" DESC);

-- CreateTable: when chaining began; an unchained row dated after it was not written by the chain.
CREATE TABLE "audit_chain_start" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_start_pkey" PRIMARY KEY ("id")
);

INSERT INTO "audit_chain_start" ("id") VALUES (1);
