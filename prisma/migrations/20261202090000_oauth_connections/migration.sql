-- OAuth connections (the vault): each connected account with its sealed tokens and expiries,
-- and the connect flows in progress (one-time link, state and PKCE verifier).

-- CreateEnum
CREATE TYPE "oauth_connection_status" AS ENUM ('active', 'needs_reconnect', 'revoked');

-- CreateTable
CREATE TABLE "oauth_connections" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "ecosystem" TEXT NOT NULL,
    "display_name" TEXT,
    "external_ids" JSONB NOT NULL DEFAULT '{}',
    "account_key" TEXT NOT NULL,
    "auth_mode" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "tokens_ciphertext" BYTEA,
    "tokens_iv" BYTEA,
    "tokens_auth_tag" BYTEA,
    "key_id" TEXT,
    "access_expires_at" TIMESTAMPTZ(3),
    "refresh_expires_at" TIMESTAMPTZ(3),
    "refresh_hard_expires_at" TIMESTAMPTZ(3),
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "oauth_connection_status" NOT NULL DEFAULT 'active',
    "last_refresh_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "expiry_warned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oauth_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_authorizations" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "ecosystem" TEXT NOT NULL,
    "ticket_hash" TEXT NOT NULL,
    "state_hash" TEXT,
    "verifier_ciphertext" BYTEA,
    "verifier_iv" BYTEA,
    "verifier_auth_tag" BYTEA,
    "key_id" TEXT,
    "redirect_uri" TEXT NOT NULL,
    "connection_id" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_authorizations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "oauth_connections_status_refresh_expires_at_idx" ON "oauth_connections"("status", "refresh_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_connections_tenant_id_ecosystem_account_key_key" ON "oauth_connections"("tenant_id", "ecosystem", "account_key");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_authorizations_ticket_hash_key" ON "oauth_authorizations"("ticket_hash");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_authorizations_state_hash_key" ON "oauth_authorizations"("state_hash");

-- CreateIndex
CREATE INDEX "oauth_authorizations_expires_at_idx" ON "oauth_authorizations"("expires_at");
