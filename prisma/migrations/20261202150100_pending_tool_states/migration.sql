-- CreateTable: values a tool keeps for a later call (previewed listing changes awaiting confirmation), per tenant, ecosystem and connection.
CREATE TABLE "pending_tool_states" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "ecosystem" TEXT NOT NULL,
    "connection" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_tool_states_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pending_tool_states_expires_at_idx" ON "pending_tool_states"("expires_at");
