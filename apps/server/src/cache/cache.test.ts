import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Logger } from '@enterprise-mcp/core';
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { cacheKey, cacheLifetime, createApiCache, createApiCacheFromConfig, resilientCache, type ApiCache, type CacheEntry } from './index.js';

function captureLogger() {
  const entries: { level: string; msg?: string }[] = [];
  const at = (level: string) => (_obj: object, msg?: string) => void entries.push({ level, msg });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

function entry(overrides: Partial<CacheEntry> & { args?: unknown } = {}): CacheEntry {
  const { args = { zone: 'example.com' }, ...rest } = overrides;
  const tenantId = rest.tenantId ?? 'acme';
  const toolName = rest.toolName ?? 'cloudflare_list_dns_records';
  const connection = rest.connection ?? null;
  return {
    key: cacheKey({ tenantId, connection, tool: toolName, args }),
    tenantId,
    ecosystem: 'cloudflare',
    connection,
    toolName,
    result: { content: [{ type: 'text', text: `records of ${tenantId}` }], structuredContent: { records: [1, 2] } },
    ttlSeconds: 30,
    ...rest,
  };
}

describe('cacheKey', () => {
  const base = { tenantId: 'acme', connection: 'zone-1', tool: 'cloudflare_list_dns_records' };

  it('is a SHA-256 hex digest that ignores key order and undefined properties at every depth', () => {
    const key = cacheKey({ ...base, args: { zone: 'a', filter: { type: 'A', name: 'x' }, page: 1 } });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base, args: { page: 1, filter: { name: 'x', type: 'A', extra: undefined }, zone: 'a', cursor: undefined } })).toBe(key);
  });

  it('differs by tenant, connection, tool, argument value and array order', () => {
    const key = cacheKey({ ...base, args: { ids: [1, 2] } });
    expect(cacheKey({ ...base, tenantId: 'globex', args: { ids: [1, 2] } })).not.toBe(key);
    expect(cacheKey({ ...base, connection: 'zone-2', args: { ids: [1, 2] } })).not.toBe(key);
    expect(cacheKey({ ...base, connection: undefined, args: { ids: [1, 2] } })).not.toBe(key);
    expect(cacheKey({ ...base, tool: 'cloudflare_list_zones', args: { ids: [1, 2] } })).not.toBe(key);
    expect(cacheKey({ ...base, args: { ids: [2, 1] } })).not.toBe(key);
    expect(cacheKey({ ...base, args: { ids: [1, 2], page: 2 } })).not.toBe(key);
    expect(cacheKey({ ...base, args: { ids: ['1', 2] } })).not.toBe(key);
  });

  it('cannot be forged by putting separators inside values', () => {
    expect(cacheKey({ tenantId: 'a|b', connection: 'c', tool: 't', args: {} })).not.toBe(cacheKey({ tenantId: 'a', connection: 'b|c', tool: 't', args: {} }));
    expect(cacheKey({ tenantId: 'a","b', connection: '', tool: 't', args: {} })).not.toBe(cacheKey({ tenantId: 'a', connection: 'b', tool: 't', args: {} }));
  });

  it('treats a missing connection and an empty one alike, and missing arguments as none', () => {
    expect(cacheKey({ ...base, connection: undefined, args: undefined })).toBe(cacheKey({ ...base, connection: '', args: null }));
  });
});

describe('cacheLifetime', () => {
  const read = { annotations: { readOnlyHint: true } };
  it("is the tool's own lifetime, else the server's; 0 for write tools, cache: false, and a server lifetime of 0", () => {
    expect(cacheLifetime(read, 30)).toBe(30);
    expect(cacheLifetime({ ...read, cache: { ttlSeconds: 300 } }, 30)).toBe(300);
    expect(cacheLifetime({ ...read, cache: false }, 30)).toBe(0);
    expect(cacheLifetime({ annotations: { readOnlyHint: false } }, 30)).toBe(0);
    expect(cacheLifetime({ ...read, cache: { ttlSeconds: 300 } }, 0)).toBe(0);
  });
});

describe('createApiCacheFromConfig', () => {
  it('is off when the store is off or the lifetime is 0, and needs a database for the database store', () => {
    expect(createApiCacheFromConfig({ API_CACHE_STORE: 'memory', API_CACHE_TTL_SECONDS: 30, API_CACHE_MAX_ENTRIES: 10, API_CACHE_MAX_MB: 32 }, {}).kind).toBe('memory');
    expect(createApiCacheFromConfig({ API_CACHE_STORE: 'memory', API_CACHE_TTL_SECONDS: 0, API_CACHE_MAX_ENTRIES: 10, API_CACHE_MAX_MB: 32 }, {}).kind).toBe('off');
    expect(createApiCacheFromConfig({ API_CACHE_STORE: 'off', API_CACHE_TTL_SECONDS: 30, API_CACHE_MAX_ENTRIES: 10, API_CACHE_MAX_MB: 32 }, {}).kind).toBe('off');
    expect(() => createApiCacheFromConfig({ API_CACHE_STORE: 'database', API_CACHE_TTL_SECONDS: 30, API_CACHE_MAX_ENTRIES: 10, API_CACHE_MAX_MB: 32 }, {})).toThrow(/API_CACHE_STORE=database/);
  });

  it('bounds the memory store by API_CACHE_MAX_MB', async () => {
    const cache = createApiCacheFromConfig({ API_CACHE_STORE: 'memory', API_CACHE_TTL_SECONDS: 30, API_CACHE_MAX_ENTRIES: 10, API_CACHE_MAX_MB: 1 }, {});
    const [a, b] = ['a', 'b'].map((zone) => entry({ args: { zone }, result: { text: 'x'.repeat(600_000) } }));
    await cache.set(a!);
    await cache.set(b!); // 1.2 million characters in all: over 1 MiB, so a goes
    expect(await cache.get(a!.key)).toBeUndefined();
    expect(await cache.get(b!.key)).toBeDefined();
  });

  it('off keeps nothing', async () => {
    const off = createApiCache({ store: 'off' });
    const e = entry();
    await off.set(e);
    expect(await off.get(e.key)).toBeUndefined();
    expect(await off.invalidate('acme', 'cloudflare')).toBe(0);
  });
});

/** The behaviour both stores share; `clock.at` is the time both see. */
function sharedBehaviour(make: (now: () => number) => Promise<ApiCache>) {
  const clock = { at: Date.parse('2026-12-01T12:00:00Z') };
  let cache: ApiCache;
  beforeAll(async () => {
    cache = await make(() => clock.at);
  });

  it('serves a kept answer again, counting hits, as a copy', async () => {
    const e = entry({ args: { zone: 'hits.example' } });
    expect(await cache.get(e.key)).toBeUndefined();
    await cache.set(e);
    const first = await cache.get(e.key);
    expect(first).toMatchObject({ result: e.result, hitCount: 1, expiresAt: new Date(clock.at + 30_000) });
    (first!.result as { structuredContent: { records: number[] } }).structuredContent.records.push(3);
    expect(await cache.get(e.key)).toMatchObject({ result: e.result, hitCount: 2 });
  });

  it('stops serving an answer when its lifetime is over, and a new set starts again at 0 hits', async () => {
    const e = entry({ args: { zone: 'expiry.example' }, ttlSeconds: 5 });
    await cache.set(e);
    expect(await cache.get(e.key)).toMatchObject({ hitCount: 1 });
    clock.at += 4_999;
    expect(await cache.get(e.key)).toMatchObject({ hitCount: 2 });
    clock.at += 1;
    expect(await cache.get(e.key)).toBeUndefined();
    await cache.set({ ...e, result: { fresh: true } });
    expect(await cache.get(e.key)).toMatchObject({ result: { fresh: true }, hitCount: 1 });
  });

  it('keeps nothing for a lifetime of 0', async () => {
    const e = entry({ args: { zone: 'zero.example' }, ttlSeconds: 0 });
    await cache.set(e);
    expect(await cache.get(e.key)).toBeUndefined();
  });

  it("invalidates only that tenant's answers of that ecosystem", async () => {
    const acme1 = entry({ args: { zone: 'inv-1' } });
    const acme2 = entry({ args: { zone: 'inv-2' }, connection: 'account-2' });
    const acmeGhl = { ...entry({ toolName: 'ghl_list_contacts', args: { q: 'x' } }), ecosystem: 'ghl' };
    const globex = entry({ tenantId: 'globex', args: { zone: 'inv-1' } });
    for (const e of [acme1, acme2, acmeGhl, globex]) await cache.set(e);
    expect(await cache.invalidate('acme', 'cloudflare')).toBeGreaterThanOrEqual(2);
    expect(await cache.get(acme1.key)).toBeUndefined();
    expect(await cache.get(acme2.key)).toBeUndefined();
    expect(await cache.get(acmeGhl.key)).toMatchObject({ hitCount: 1 });
    expect(await cache.get(globex.key)).toMatchObject({ result: globex.result });
    expect(await cache.invalidate('acme', 'cloudflare')).toBe(0);
  });

  it('never shares an answer between two tenants with the same call', async () => {
    const acme = entry({ tenantId: 'acme', args: { zone: 'shared.example' } });
    const globex = entry({ tenantId: 'globex', args: { zone: 'shared.example' } });
    expect(acme.key).not.toBe(globex.key);
    await cache.set(acme);
    expect(await cache.get(globex.key)).toBeUndefined();
    await cache.set(globex);
    expect((await cache.get(acme.key))?.result).toEqual(acme.result);
    expect((await cache.get(globex.key))?.result).toEqual(globex.result);
  });

  it('finds an answer under arguments given in another order or with undefined properties', async () => {
    const e = entry({ args: { zone: 'norm.example', type: 'A' } });
    await cache.set(e);
    const sameCall = cacheKey({ tenantId: 'acme', connection: '', tool: e.toolName, args: { type: 'A', page: undefined, zone: 'norm.example' } });
    expect(await cache.get(sameCall)).toMatchObject({ result: e.result });
  });

  it('does not keep an answer whose call started before the latest invalidation of its scope', async () => {
    const started = new Date(clock.at);
    clock.at += 10;
    await cache.invalidate('acme', 'cloudflare');
    const stale = entry({ args: { zone: 'race.example' }, startedAt: started });
    await cache.set(stale);
    expect(await cache.get(stale.key)).toBeUndefined();
    clock.at += 10;
    await cache.set({ ...stale, startedAt: new Date(clock.at) });
    expect(await cache.get(stale.key)).toMatchObject({ hitCount: 1 });
  });

  it('does not keep answers larger than the bound', async () => {
    const e = entry({ args: { zone: 'big.example' }, result: { text: 'x'.repeat(2_000) } });
    await cache.set(e);
    expect(await cache.get(e.key)).toBeUndefined();
  });

  afterAll(() => cache.close?.());
}

describe('memory store', () => {
  sharedBehaviour(async (now) => createApiCache({ store: 'memory', maxEntries: 100, maxResultBytes: 1_000, now }));

  it('holds at most maxEntries, dropping the least recently used', async () => {
    const cache = createApiCache({ store: 'memory', maxEntries: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map((zone) => entry({ args: { zone } }));
    await cache.set(a!);
    await cache.set(b!);
    await cache.get(a!.key); // a is now the most recently used
    await cache.set(c!);
    expect(await cache.get(b!.key)).toBeUndefined();
    expect(await cache.get(a!.key)).toBeDefined();
    expect(await cache.get(c!.key)).toBeDefined();
  });

  it('holds at most maxTotalBytes of JSON in all, dropping the least recently used, and counts what an invalidation frees', async () => {
    const sized = (zone: string) => entry({ args: { zone }, result: { text: 'x'.repeat(90) } }); // 101 characters of JSON
    const cache = createApiCache({ store: 'memory', maxTotalBytes: 250 });
    const [a, b, c] = ['a', 'b', 'c'].map(sized);
    await cache.set(a!);
    await cache.set(b!);
    await cache.get(a!.key);
    await cache.set(c!); // 303 characters: b, the least recently used, goes
    expect(await cache.get(b!.key)).toBeUndefined();
    expect(await cache.get(a!.key)).toBeDefined();
    expect(await cache.get(c!.key)).toBeDefined();
    // The freed room is counted: after the tenant's entries are dropped, two fit again.
    expect(await cache.invalidate('acme', 'cloudflare')).toBe(2);
    await cache.set(a!);
    await cache.set(b!);
    expect(await cache.get(a!.key)).toBeDefined();
    expect(await cache.get(b!.key)).toBeDefined();
  });

  it('does not keep an answer larger than the whole budget', async () => {
    const cache = createApiCache({ store: 'memory', maxTotalBytes: 50, maxResultBytes: 1_000 });
    const big = entry({ result: { text: 'x'.repeat(60) } });
    await cache.set(big);
    expect(await cache.get(big.key)).toBeUndefined();
  });
});

describeEachDatabase('database store on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase({ kind });
  });
  afterAll(() => t.cleanup());

  describe('shared behaviour', () => {
    sharedBehaviour(async (now) => createApiCache({ store: 'database', db: t.db, maxResultBytes: 1_000, now }));
  });

  it('stores the row with its tenant, ecosystem, connection, tool and hit count, shared by a second process', async () => {
    const one = createApiCache({ store: 'database', db: t.db });
    const two = createApiCache({ store: 'database', db: t.db }); // another replica on the same database
    const e = entry({ tenantId: 'rowtenant', connection: 'acct-9', args: { zone: 'row.example' } });
    await one.set(e);
    expect(await two.get(e.key)).toMatchObject({ result: e.result, hitCount: 1 });
    expect(await one.get(e.key)).toMatchObject({ hitCount: 2 });
    expect(await t.db.prisma.apiCache.findUniqueOrThrow({ where: { key: e.key } })).toMatchObject({
      tenantId: 'rowtenant',
      ecosystem: 'cloudflare',
      connection: 'acct-9',
      toolName: 'cloudflare_list_dns_records',
      result: e.result,
      hitCount: 2,
    });
    expect(await two.invalidate('rowtenant', 'cloudflare')).toBe(1);
    expect(await one.get(e.key)).toBeUndefined();
  });

  it('deletes expired rows after a write', async () => {
    let at = Date.now();
    const cache = createApiCache({ store: 'database', db: t.db, now: () => at });
    const old = entry({ tenantId: 'prune', args: { zone: 'old' }, ttlSeconds: 1 });
    await cache.set(old);
    await cache.close?.(); // lets the first prune finish
    at += 120_000;
    await cache.set(entry({ tenantId: 'prune', args: { zone: 'new' } }));
    await cache.close?.();
    expect(await t.db.prisma.apiCache.count({ where: { key: old.key } })).toBe(0);
    expect(await t.db.prisma.apiCache.count({ where: { tenantId: 'prune' } })).toBe(1);
  });
});

describe('a failing store', () => {
  function broken() {
    const state = { down: true, invalidations: 0 };
    const fail = () => Promise.reject(new Error('connection refused'));
    const memory = createApiCache({ store: 'memory' });
    const inner: ApiCache = {
      kind: 'database',
      get: (key) => (state.down ? fail() : memory.get(key)),
      set: (e) => (state.down ? fail() : memory.set(e)),
      invalidate: (tenant, eco) => {
        state.invalidations += 1;
        return state.down ? fail() : memory.invalidate(tenant, eco);
      },
    };
    return { state, inner, memory };
  }

  it('behaves as a miss, logs the outage once and the recovery once', async () => {
    const { logger, entries } = captureLogger();
    const { state, inner } = broken();
    const cache = resilientCache(inner, { logger });
    const e = entry();
    await expect(cache.set(e)).resolves.toBeUndefined();
    await expect(cache.get(e.key)).resolves.toBeUndefined();
    await expect(cache.get(e.key)).resolves.toBeUndefined();
    expect(entries.filter((x) => x.level === 'warn')).toHaveLength(1);
    state.down = false;
    await cache.set(e);
    expect(await cache.get(e.key)).toMatchObject({ hitCount: 1 });
    expect(entries.map((x) => x.level)).toEqual(['warn', 'info']);
  });

  it('treats a store slower than the timeout as a miss', async () => {
    const slow: ApiCache = { kind: 'database', get: () => new Promise(() => {}), set: async () => {}, invalidate: async () => 0 };
    const { logger, entries } = captureLogger();
    const started = Date.now();
    expect(await resilientCache(slow, { logger, timeoutMs: 50 }).get('k')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(entries[0]?.msg).toMatch(/the store failed/);
  });

  it('serves nothing after a failed invalidation until it has been retried', async () => {
    const { state, inner, memory } = broken();
    state.down = false;
    const cache = resilientCache(inner);
    const e = entry();
    await cache.set(e);
    state.down = true;
    expect(await cache.invalidate('acme', 'cloudflare')).toBe(0);
    state.down = false;
    // the answer is still in the store, but the retried invalidation removes it first
    expect(await cache.get(e.key)).toBeUndefined();
    expect(await memory.get(e.key)).toBeUndefined();
    expect(state.invalidations).toBe(2);
  });

  it('works against a closed database as a miss', async () => {
    const t = await openTestDatabase({ kind: 'pglite' });
    const { logger, entries } = captureLogger();
    const cache = createApiCache({ store: 'database', db: t.db, logger });
    await t.cleanup();
    const e = entry();
    await expect(cache.set(e)).resolves.toBeUndefined();
    await expect(cache.get(e.key)).resolves.toBeUndefined();
    await expect(cache.invalidate('acme', 'cloudflare')).resolves.toBe(0);
    expect(entries.filter((x) => x.level === 'warn')).toHaveLength(1);
  });
});
