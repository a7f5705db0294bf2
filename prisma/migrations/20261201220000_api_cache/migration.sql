-- AlterTable: an audit row says whether its answer came from the cache.
ALTER TABLE "tool_executions" ADD COLUMN "cached" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable: answers of read tools, per tenant, connection, tool and arguments.
CREATE TABLE "api_cache" (
    "key" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "ecosystem" TEXT NOT NULL,
    "connection" TEXT NOT NULL,
    "tool_name" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "hit_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_cache_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "api_cache_tenant_id_ecosystem_idx" ON "api_cache"("tenant_id", "ecosystem");

-- CreateIndex
CREATE INDEX "api_cache_expires_at_idx" ON "api_cache"("expires_at");
