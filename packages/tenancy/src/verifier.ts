import { noopLogger, type Logger } from '@enterprise-mcp/core';
import { DatabaseUnavailableError, type PrismaClient } from '@enterprise-mcp/database';
import { apiKeyMatches, parseApiKey } from './key-format.js';
import { toApiKeyRecord, type ApiKeyRecord } from './keys.js';
import { toTenant, type Tenant } from './tenants.js';

export interface KeyScopes {
  /** Absent: every ecosystem enabled for the tenant. */
  ecosystems?: string[];
  /** Tool names or globs; absent: every tool. */
  tools?: string[];
  readOnly: boolean;
  /** `compact`: tools/list shows meta-tools (search, describe, call) instead of every tool. Absent: full. */
  toolSurface?: 'full' | 'compact';
  /** Permission levels granted, by ecosystem id; an ecosystem absent here: its default levels. */
  permissions?: Record<string, string[]>;
  /** Tools whose calls wait for a person's approval (names, globs, `destructive`); the server adds the tenant's. */
  approvalTools?: string[];
}

export type KeyRejection = 'malformed' | 'unknown' | 'revoked' | 'expired' | 'tenant_suspended';

export type KeyVerification =
  | { ok: true; tenant: Tenant; key: ApiKeyRecord; scopes: KeyScopes }
  | { ok: false; reason: KeyRejection };

export interface KeyVerifierOptions {
  /** How long a looked-up key (or its absence) is trusted; revocation takes effect within this. Default 5000. */
  cacheTtlMs?: number;
  /** How often `last_used_at` is written, once per key used in the interval. Default 60000. */
  lastUsedFlushMs?: number;
  /** Most prefixes cached at once (unknown ones included); the oldest go first. Default 10000. */
  maxCacheEntries?: number;
  /**
   * While the database cannot be reached, a key looked up less than `cacheTtlMs` plus this
   * long ago keeps its last answer (default 300,000 ms; 0: none past the cache time).
   * Any other key gets DatabaseUnavailableError.
   */
  outageGraceMs?: number;
  logger?: Logger;
  now?: () => number;
}

export interface KeyVerifier {
  verify(presented: string): Promise<KeyVerification>;
  /** Forgets cached lookups (one prefix, or all), e.g. right after a revocation in this process. */
  invalidate(prefix?: string): void;
  /** Writes pending `last_used_at` times now. */
  flushLastUsed(): Promise<void>;
  /** Stops the timer and writes pending `last_used_at` times. */
  close(): Promise<void>;
}

interface Lookup {
  fetchedAt: number;
  found?: { key: ApiKeyRecord; secretHash: string; tenant: Tenant };
}

export const DEFAULT_KEY_CACHE_TTL_MS = 5_000;
export const DEFAULT_KEY_OUTAGE_GRACE_MS = 300_000;
/** During an outage, a stale key's answer is served at once and the database retried at most this often. */
const OUTAGE_PROBE_INTERVAL_MS = 1_000;

/**
 * Verifies presented API keys against the database, caching each prefix's row
 * for `cacheTtlMs` so a hot key costs one hash and no query, and batching
 * `last_used_at` updates instead of writing on every request.
 */
export function createKeyVerifier(prisma: PrismaClient, options: KeyVerifierOptions = {}): KeyVerifier {
  const ttl = options.cacheTtlMs ?? DEFAULT_KEY_CACHE_TTL_MS;
  const maxEntries = options.maxCacheEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? noopLogger;
  const cache = new Map<string, Lookup>();
  const inFlight = new Map<string, Promise<Lookup>>();
  const lastUsed = new Map<string, Date>();

  const grace = options.outageGraceMs ?? DEFAULT_KEY_OUTAGE_GRACE_MS;
  const outage = new OutageLog(logger, now);

  /** One query per prefix at a time; its outcome opens or closes the outage. */
  const fetchShared = (prefix: string): Promise<Lookup> => {
    let pending = inFlight.get(prefix);
    if (!pending) {
      outage.probed();
      pending = fetchKey(prisma, prefix, now)
        .then((fresh) => {
          outage.ended();
          cache.delete(prefix);
          cache.set(prefix, fresh);
          if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
          return fresh;
        }, (error: unknown) => {
          outage.started(error);
          throw error;
        })
        .finally(() => inFlight.delete(prefix));
      inFlight.set(prefix, pending);
    }
    return pending;
  };

  const lookup = async (prefix: string): Promise<Lookup> => {
    const cached = cache.get(prefix);
    const age = cached ? now() - cached.fetchedAt : Infinity;
    if (age < ttl) return cached!;
    const usable = age < ttl + grace ? cached : undefined;
    // In a known outage, waiting for a query that will fail only slows the answer down.
    if (usable && outage.active) {
      if (outage.probeDue(OUTAGE_PROBE_INTERVAL_MS)) void fetchShared(prefix).catch(() => {});
      return usable;
    }
    try {
      return await fetchShared(prefix);
    } catch (error) {
      if (usable) return usable;
      throw new DatabaseUnavailableError('API keys cannot be verified: the database is unreachable', { cause: error });
    }
  };

  const flushLastUsed = async () => {
    const batch = [...lastUsed.entries()];
    lastUsed.clear();
    for (const [id, at] of batch) {
      await prisma.apiKey
        .updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] }, data: { lastUsedAt: at } })
        .catch((error: Error) => logger.warn({ err: error.message, keyId: id }, 'api keys: last_used_at update failed'));
    }
  };
  const timer = setInterval(() => void flushLastUsed(), options.lastUsedFlushMs ?? 60_000);
  timer.unref();

  return {
    async verify(presented) {
      const parsed = parseApiKey(presented);
      if (!parsed) return { ok: false, reason: 'malformed' };
      const { found } = await lookup(parsed.prefix);
      if (!found || !apiKeyMatches(parsed.presented, found.secretHash)) return { ok: false, reason: 'unknown' };
      const { key, tenant } = found;
      if (key.revokedAt) return { ok: false, reason: 'revoked' };
      if (key.expiresAt && key.expiresAt.getTime() <= now()) return { ok: false, reason: 'expired' };
      if (tenant.status !== 'active') return { ok: false, reason: 'tenant_suspended' };
      lastUsed.set(key.id, new Date(now()));
      return { ok: true, tenant, key, scopes: scopesOf(key) };
    },
    invalidate(prefix) {
      if (prefix) cache.delete(prefix);
      else cache.clear();
    },
    flushLastUsed,
    async close() {
      clearInterval(timer);
      await flushLastUsed();
    },
  };
}

/** Logs a database outage once when it starts and once when it ends, with what it cost. */
class OutageLog {
  private since: number | undefined;
  private lastProbe = 0;
  private failures = 0;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  get active(): boolean {
    return this.since !== undefined;
  }

  probed(): void {
    this.lastProbe = this.now();
  }

  probeDue(intervalMs: number): boolean {
    return this.now() - this.lastProbe >= intervalMs;
  }

  started(error: unknown): void {
    this.failures++;
    if (this.since !== undefined) return;
    this.since = this.now();
    this.logger.error({ err: (error as Error)?.message }, 'database unreachable: API keys are answered from the cache only until it is back');
  }

  ended(): void {
    if (this.since === undefined) return;
    this.logger.info({ outageMs: this.now() - this.since, failedLookups: this.failures }, 'database reachable again');
    this.since = undefined;
    this.failures = 0;
  }
}

async function fetchKey(prisma: PrismaClient, prefix: string, now: () => number): Promise<Lookup> {
  const fetchedAt = now();
  const row = await prisma.apiKey.findUnique({ where: { prefix }, include: { tenant: true } });
  if (!row) return { fetchedAt };
  return { fetchedAt, found: { key: toApiKeyRecord(row), secretHash: row.secretHash, tenant: toTenant(row.tenant) } };
}

function scopesOf(key: ApiKeyRecord): KeyScopes {
  return {
    ...(key.ecosystems.length ? { ecosystems: key.ecosystems } : {}),
    ...(key.tools.length ? { tools: key.tools } : {}),
    readOnly: key.readOnly,
    ...(key.toolSurface === 'compact' ? { toolSurface: 'compact' as const } : {}),
    ...(key.permissionLevels.length ? { permissions: permissionsOf(key.permissionLevels) } : {}),
    ...(key.approvalTools.length ? { approvalTools: key.approvalTools } : {}),
  };
}

/** `["google:read", "google:draft"]` as `{ google: ["read", "draft"] }`. */
export function permissionsOf(levels: readonly string[]): Record<string, string[]> {
  const byEcosystem: Record<string, string[]> = {};
  for (const entry of levels) {
    const [ecosystem, level] = entry.split(':');
    if (ecosystem && level) (byEcosystem[ecosystem] ??= []).push(level);
  }
  return byEcosystem;
}
