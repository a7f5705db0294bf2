-- AlterEnum: a call refused because its tenant has no stored credentials for the platform.
ALTER TYPE "tool_execution_status" ADD VALUE 'no_credentials';
