-- AlterTable: the permission levels a connection holds (chosen when it was connected, their scopes all granted); null: not narrowed.
ALTER TABLE "oauth_connections" ADD COLUMN "permission_levels" JSONB;

-- AlterTable: the permission levels a connect flow asks for.
ALTER TABLE "oauth_authorizations" ADD COLUMN "requested_levels" TEXT[] DEFAULT ARRAY[]::TEXT[];
