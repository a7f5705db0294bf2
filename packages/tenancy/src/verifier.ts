import { noopLogger, type Logger } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';
import { apiKeyMatches, parseApiKey } from './key-format.js';
import { toApiKeyRecord, type ApiKeyRecord } from './keys.js';
import { toTenant, type Tenant } from './tenants.js';

export interface KeyScopes {
  /** Absent: every ecosystem enabled for the tenant. */
  ecosystems?: string[];
  /** Tool names or globs; absent: every tool. */
  tools?: string[];
  readOnly: boolean;
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

  const lookup = async (prefix: string): Promise<Lookup> => {
    const cached = cache.get(prefix);
    if (cached && now() - cached.fetchedAt < ttl) return cached;
    let pending = inFlight.get(prefix);
    if (!pending) {
      pending = fetchKey(prisma, prefix, now).finally(() => inFlight.delete(prefix));
      inFlight.set(prefix, pending);
    }
    const fresh = await pending;
    cache.delete(prefix);
    cache.set(prefix, fresh);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return fresh;
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
  };
}
