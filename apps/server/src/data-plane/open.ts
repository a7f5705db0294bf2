import type { AuditSink } from '@enterprise-mcp/core';
import { createAuditWriter, type AuditWriter, type RawExecutor } from '@enterprise-mcp/audit';
import { migrate, migrationStatus, openDatabase, type Database } from '@enterprise-mcp/database';
import { createKeyVerifier, getTenantCredentials, parseCredentialKey } from '@enterprise-mcp/tenancy';
import { envCredentialSource } from '../clients.js';
import type { ServerConfig } from '../config.js';
import type { ServerLogger } from '../logger.js';
import type { CredentialSource, KeyVerifier, Readiness } from './types.js';

export interface DataPlane {
  db: Database;
  verifier: KeyVerifier;
  audit: AuditWriter;
  credentials: CredentialSource;
  readiness: Readiness;
  /** Closes the verifier, the audit writer (flushing it) and the database pool. */
  close(): Promise<void>;
}

/**
 * Opens storage and everything built on it: the database (PostgreSQL or
 * embedded PGlite), migrations, the API-key verifier, the batching audit
 * writer and the tenant credential source for the tenancy mode.
 */
export async function openDataPlane(config: ServerConfig, logger: ServerLogger): Promise<DataPlane> {
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    logger: logger.child({ component: 'database' }),
  });
  try {
    if (config.AUTO_MIGRATE) {
      const { applied } = await migrate(db, { logger });
      if (applied.length) logger.info({ applied }, 'database migrations applied');
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const verifier = createKeyVerifier(db.prisma, { cacheTtlMs: config.API_KEY_CACHE_TTL_MS, outageGraceMs: config.API_KEY_OUTAGE_GRACE_MS, logger });
  const audit = createAuditWriter(directSql(db), {
    logger: logger.child({ component: 'audit' }),
    spillDir: auditSpillDir(config),
    spillMaxBytes: config.AUDIT_SPILL_MAX_BYTES,
    maxBuffer: config.AUDIT_BUFFER_RECORDS,
    onFailure: config.AUDIT_ON_FAILURE,
    flushIntervalMs: config.AUDIT_FLUSH_INTERVAL_MS,
  });
  return {
    db,
    verifier,
    audit,
    credentials: credentialSource(config, db),
    readiness: databaseReadiness(db),
    close: async () => {
      await verifier.close().catch((error: unknown) => logger.warn({ err: error }, 'key verifier close failed'));
      await audit.close().catch((error: unknown) => logger.error({ err: error }, 'audit writer close failed'));
      await db.close();
    },
  };
}

/** AUDIT_SPILL_DIR, else DATA_DIR (on PostgreSQL too); none when the data folder is in memory. */
export function auditSpillDir(config: Pick<ServerConfig, 'AUDIT_SPILL_DIR' | 'DATA_DIR'>): string | undefined {
  if (config.AUDIT_SPILL_DIR) return config.AUDIT_SPILL_DIR;
  return config.DATA_DIR.startsWith('memory://') ? undefined : config.DATA_DIR;
}

/** Single tenancy: the environment's platform credentials. Multi: each tenant's own, decrypted from the database. */
export function credentialSource(config: ServerConfig, db: Database): CredentialSource {
  if (config.TENANCY_MODE === 'single') {
    return envCredentialSource(config.ecosystems);
  }
  const key = parseCredentialKey(config.CREDENTIALS_ENCRYPTION_KEY);
  return { configFor: (tenantId, ecosystemId) => getTenantCredentials(db.prisma, tenantId, ecosystemId, key) };
}

/**
 * Audit batches go to the driver directly: through Prisma 7 each batch's JSON
 * parameter passes the query compiler, which measured several times the CPU
 * of the insert itself under load.
 */
function directSql(db: Database): RawExecutor {
  return {
    $executeRawUnsafe: async (sql, ...values) => (await db.withSession((session) => session.query(sql, values))).length,
  };
}

function databaseReadiness(db: Database): Readiness {
  return {
    async check() {
      try {
        await db.ping();
      } catch {
        return { ok: false, reason: 'database unreachable' };
      }
      const status = await migrationStatus(db);
      const waiting = status.pending.length + status.failed.length + status.changed.length;
      return waiting === 0 ? { ok: true } : { ok: false, reason: `${waiting} database migration(s) not applied` };
    },
  };
}

export type { AuditSink };
