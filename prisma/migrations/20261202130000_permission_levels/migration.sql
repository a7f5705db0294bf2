-- AlterTable: a key's permission levels per ecosystem ("google:read", "amazon:personal_data"); empty: the ecosystems' default levels.
ALTER TABLE "api_keys" ADD COLUMN "permission_levels" TEXT[] DEFAULT ARRAY[]::TEXT[];
