import { parseEcosystemConfig, type AnyEcosystem, type AuditSink } from '@enterprise-mcp/core';
import { auditSqlFor, createAuditWriter, type AuditWriter } from '@enterprise-mcp/audit';
import { migrate, migrationStatus, openDatabase, type Database } from '@enterprise-mcp/database';
import { createKeyVerifier, getTenantCredentials, parseCredentialKeyring } from '@enterprise-mcp/tenancy';
import { createVault, type Vault } from '@enterprise-mcp/vault';
import { envCredentialSource } from '../clients.js';
import type { ServerConfig } from '../config.js';
import type { ServerLogger } from '../logger.js';
import { PublicUrl } from '../public-url.js';
import type { CredentialSource, KeyVerifier, Readiness } from './types.js';

export interface DataPlane {
  db: Database;
  verifier: KeyVerifier;
  audit: AuditWriter;
  credentials: CredentialSource;
  readiness: Readiness;
  /** OAuth connections; absent without CREDENTIALS_ENCRYPTION_KEY (no OAuth mode can then be configured). */
  vault?: Vault;
  publicUrl: PublicUrl;
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
  const audit = createAuditWriter(auditSqlFor(db), {
    logger: logger.child({ component: 'audit' }),
    spillDir: auditSpillDir(config),
    spillMaxBytes: config.AUDIT_SPILL_MAX_BYTES,
    maxBuffer: config.AUDIT_BUFFER_RECORDS,
    onFailure: config.AUDIT_ON_FAILURE,
    flushIntervalMs: config.AUDIT_FLUSH_INTERVAL_MS,
  });
  const credentials = credentialSource(config, db);
  const publicUrl = new PublicUrl(config.PUBLIC_URL, config.HOST, config.PORT);
  const vault = openVault(config, db, { credentials, publicUrl, audit, logger });
  const recovered = await vault?.recover();
  if (recovered) logger.warn({ recovered }, 'oauth: refreshes that a crash kept from the database were recovered from the journal');
  return {
    db,
    verifier,
    audit,
    credentials,
    readiness: databaseReadiness(db),
    vault,
    publicUrl,
    close: async () => {
      await vault?.close();
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
  const keys = parseCredentialKeyring(config.CREDENTIALS_ENCRYPTION_KEY, config.CREDENTIALS_ENCRYPTION_KEY_PREVIOUS);
  return { configFor: (tenantId, ecosystemId) => getTenantCredentials(db.prisma, tenantId, ecosystemId, keys) };
}

/** OAUTH_JOURNAL_DIR, else DATA_DIR (on PostgreSQL too); none when the data folder is in memory. */
export function oauthJournalDir(config: Pick<ServerConfig, 'OAUTH_JOURNAL_DIR' | 'DATA_DIR'>): string | undefined {
  if (config.OAUTH_JOURNAL_DIR) return config.OAUTH_JOURNAL_DIR;
  return config.DATA_DIR.startsWith('memory://') ? undefined : config.DATA_DIR;
}

/**
 * The OAuth vault on this database, for every ecosystem: a tenant's
 * configuration (the OAuth app) comes from the same credential source as its
 * clients'. None without CREDENTIALS_ENCRYPTION_KEY: tokens are never stored unsealed.
 */
export function openVault(
  config: ServerConfig,
  db: Database,
  parts: { credentials: CredentialSource; publicUrl: PublicUrl; audit?: AuditSink; logger: ServerLogger },
): Vault | undefined {
  if (!config.CREDENTIALS_ENCRYPTION_KEY) return undefined;
  const journalDir = oauthJournalDir(config);
  if (!journalDir) parts.logger.warn('oauth: no refresh journal (DATA_DIR is in memory and OAUTH_JOURNAL_DIR is unset): a crash during a refresh can lose a rotated token');
  return createVault({
    prisma: db.prisma,
    keys: parseCredentialKeyring(config.CREDENTIALS_ENCRYPTION_KEY, config.CREDENTIALS_ENCRYPTION_KEY_PREVIOUS),
    ecosystems: config.ecosystems.map((settings) => settings.ecosystem),
    resolveConfig: async (tenantId: string, ecosystem: AnyEcosystem) => {
      const raw = await parts.credentials.configFor(tenantId, ecosystem.id);
      return raw ? parseEcosystemConfig(ecosystem, raw) : undefined;
    },
    publicUrl: () => parts.publicUrl.get(),
    refreshMarginSeconds: config.OAUTH_REFRESH_MARGIN_SECONDS,
    rollingRefreshDays: config.OAUTH_ROLLING_REFRESH_DAYS,
    hardExpiryWarningDays: config.OAUTH_HARD_EXPIRY_WARNING_DAYS,
    ...(journalDir ? { journalDir } : {}),
    audit: parts.audit,
    logger: parts.logger.child({ component: 'vault' }),
    userAgent: 'enterprise-mcp/0.1.0',
  });
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
