import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CancelledError, RateLimitedError } from '@enterprise-mcp/core';
import { needsRedis } from '@enterprise-mcp/database/testing';
import { notesEcosystem } from '../../test/support/notes-ecosystem.js';
import { readTenantSettings } from '@enterprise-mcp/tenancy';
import { InboundRateLimits } from './inbound.js';
import { createOutboundLimiter } from './outbound.js';
import { createLimiterStore, type LimiterStore } from './store.js';

const redisUrl = process.env['TEST_REDIS_URL'] || undefined;
const ecosystem = (points: number, durationSeconds = 1) => ({
  ...notesEcosystem,
  rateLimits: [{ points, durationSeconds, scope: 'credential' as const, description: 'test' }],
});

describe(`rate limits (${redisUrl ? 'Redis' : 'memory'} store)`, () => {
  const stores: LimiterStore[] = [];
  // A fresh namespace per run keeps counters from earlier runs out of a shared Redis.
  const store = async (namespace = `test-${randomUUID()}`) => {
    const created = createLimiterStore(redisUrl, namespace);
    stores.push(created);
    expect(await created.ready()).toBe(true);
    return created;
  };
  afterAll(async () => {
    await Promise.all(stores.map((created) => created.close()));
  });

  it(`uses the ${redisUrl ? 'redis' : 'memory'} backend`, async () => {
    expect((await store()).kind).toBe(redisUrl ? 'redis' : 'memory');
  });

  it('limits requests per tenant with a per-tenant override', async () => {
    const inbound = new InboundRateLimits(await store(), { requestsPerMinute: 2, toolCallsPerMinute: 100 });
    expect(await inbound.checkRequest('k1', undefined)).toBe(0);
    expect(await inbound.checkRequest('k1', undefined)).toBe(0);
    const retry = await inbound.checkRequest('k1', undefined);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await inbound.checkRequest('k2', undefined)).toBe(0);
    const generous = { requestsPerMinute: 5 };
    for (let i = 0; i < 5; i++) expect(await inbound.checkRequest('k3', generous)).toBe(0);
    expect(await inbound.checkRequest('k3', generous)).toBeGreaterThan(0);
  });

  it('limits tool calls per tenant and tool, per-tool settings first', async () => {
    const inbound = new InboundRateLimits(await store(), { requestsPerMinute: 100, toolCallsPerMinute: 2 });
    const limits = readTenantSettings({ rateLimits: { perTool: { 'notes_delete_*': 1 } } }).rateLimits;
    expect(await inbound.checkToolCall('t1', 'notes_delete_note', limits)).toBe(0);
    expect(await inbound.checkToolCall('t1', 'notes_delete_note', limits)).toBeGreaterThan(0);
    expect(await inbound.checkToolCall('t1', 'notes_list_notes', limits)).toBe(0);
    expect(await inbound.checkToolCall('t1', 'notes_list_notes', limits)).toBe(0);
    expect(await inbound.checkToolCall('t1', 'notes_list_notes', limits)).toBeGreaterThan(0);
    expect(await inbound.checkToolCall('t2', 'notes_list_notes', limits)).toBe(0);
  });

  it('ignores malformed tenant settings (tenancy validates them when a tenant is read)', () => {
    expect(readTenantSettings({ rateLimits: { requestsPerMinute: -1 } }).rateLimits).toBeUndefined();
    expect(readTenantSettings(null).rateLimits).toBeUndefined();
  });

  const owner = (credential: string, tenantId = 't1') => ({ ecosystemId: 'notes', credential, tenantId });
  const op = (operation = 'GET /notes', signal?: AbortSignal) => ({ operation, signal });

  it('fails fast outbound with RateLimitedError when the wait would be too long', async () => {
    const limiter = createOutboundLimiter(await store(), ecosystem(2, 30), owner('cred-1'), { maxWaitMs: 100 });
    await limiter.acquire(op());
    await limiter.acquire(op());
    const error = await limiter.acquire(op()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(1);
    expect((error as RateLimitedError).message).toContain('budget for this credential is spent');
    // Another credential has its own budget.
    await expect(createOutboundLimiter(stores.at(-1)!, ecosystem(2, 30), owner('cred-2'), { maxWaitMs: 0 }).acquire(op())).resolves.toBeUndefined();
  });

  it('gives two tenants that share one credential one budget (credential scope), and each tenant its own (tenant scope)', async () => {
    const backend = await store();
    const shared = ecosystem(1, 30);
    const tenantA = createOutboundLimiter(backend, shared, owner('same-cred', 'tenant-a'), { maxWaitMs: 0 });
    const tenantB = createOutboundLimiter(backend, shared, owner('same-cred', 'tenant-b'), { maxWaitMs: 0 });
    await tenantA.acquire(op());
    await expect(tenantB.acquire(op())).rejects.toBeInstanceOf(RateLimitedError);

    const perTenant = { ...notesEcosystem, rateLimits: [{ points: 1, durationSeconds: 30, scope: 'tenant' as const, description: 'per tenant' }] };
    await createOutboundLimiter(backend, perTenant, owner('same-cred', 'tenant-a'), { maxWaitMs: 0 }).acquire(op());
    await expect(createOutboundLimiter(backend, perTenant, owner('same-cred', 'tenant-b'), { maxWaitMs: 0 }).acquire(op())).resolves.toBeUndefined();
  });

  it('counts per operation where the platform does, and only the operations a limit names', async () => {
    const backend = await store();
    const perEndpoint = {
      ...notesEcosystem,
      rateLimits: [
        { points: 1, durationSeconds: 30, scope: 'credential' as const, perOperation: true, description: 'one per endpoint' },
        { points: 1, durationSeconds: 30, scope: 'credential' as const, operations: ['POST /notes/*/purge'], description: 'purges' },
      ],
    };
    const limiter = createOutboundLimiter(backend, perEndpoint, owner('cred-op'), { maxWaitMs: 0 });
    await limiter.acquire(op('GET /notes/{id}'));
    await limiter.acquire(op('GET /notes'));
    await expect(limiter.acquire(op('GET /notes/{id}'))).rejects.toBeInstanceOf(RateLimitedError);
    await limiter.acquire(op('POST /notes/n1/purge'));
    await expect(limiter.acquire(op('POST /notes/n2/purge'))).rejects.toThrow('purges');
  });

  it('queues briefly outbound when the budget frees up within the wait', async () => {
    const backend = await store();
    const limiter = createOutboundLimiter(backend, ecosystem(1, 2), owner('cred-q'), { maxWaitMs: 5000 });
    await limiter.acquire(op());
    // When the spent budget frees up, as the store itself says (not assumed from when the test started).
    const spent = await backend.limiter('out:notes:0', 1, 2).get('notes:0:c:cred-q');
    expect(spent?.remainingPoints).toBe(0);
    const freesAt = Date.now() + (spent?.msBeforeNext ?? 0);
    await expect(limiter.acquire(op())).resolves.toBeUndefined();
    // The second call waited for the budget instead of going out over it (a timer may fire a few ms early).
    expect(Date.now()).toBeGreaterThanOrEqual(freesAt - 20);
  });

  it('stops waiting when the call is cancelled', async () => {
    const limiter = createOutboundLimiter(await store(), ecosystem(1, 1), owner('cred-c'), { maxWaitMs: 3000 });
    await limiter.acquire(op());
    const controller = new AbortController();
    const waiting = limiter.acquire(op('GET /notes', controller.signal));
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
  });

  /** A budget the platform re-rates in `x-amzn-RateLimit-Limit`, as Amazon's usage plans: by default one request per 100 s. */
  const rerated = (points = 1, ttlSeconds?: number) => ({
    ...notesEcosystem,
    rateLimits: [
      {
        points,
        durationSeconds: 100 * points,
        scope: 'credential' as const,
        perOperation: true,
        observed: { rate: (headers: Record<string, string | string[] | undefined>) => Number(headers['x-amzn-ratelimit-limit']) || undefined, ttlSeconds },
        emptiedBy429: true,
        description: 'one request per 100 s by default',
      },
    ],
  });
  /** Two replicas' stores: two on the same Redis, or (memory) one process's store, which only its own clients share. */
  const replicas = async (): Promise<[LimiterStore, LimiterStore]> => {
    const namespace = `rerate-${randomUUID()}`;
    const first = await store(namespace);
    return [first, redisUrl ? await store(namespace) : first];
  };
  const retryOf = (error: unknown) => (error instanceof RateLimitedError ? error.retryAfterSeconds : error);

  it(`adopts x-amzn-RateLimit-Limit that one limiter observed in another (${redisUrl ? 'two replicas on one Redis' : 'one process'})`, async () => {
    const [storeA, storeB] = await replicas();
    const replicaA = createOutboundLimiter(storeA, rerated(), owner('cred-rerate'), { maxWaitMs: 0 });
    const replicaB = createOutboundLimiter(storeB, rerated(), owner('cred-rerate'), { maxWaitMs: 0 });
    await replicaA.observe!('GET /notes', { 'x-amzn-ratelimit-limit': '0.5' }, 200);
    await replicaB.acquire(op());
    // At 0.5 requests per second the next one is 2 s away, not the default's 100 s.
    const error = await replicaB.acquire(op()).catch((caught: unknown) => caught);
    expect(retryOf(error)).toBeLessThanOrEqual(2);
    expect((error as Error).message).toContain('applies 0.5 requests per second now');
    const patient = createOutboundLimiter(storeB, rerated(), owner('cred-rerate'), { maxWaitMs: 3000 });
    await expect(patient.acquire(op())).resolves.toBeUndefined();
    // Without an observed rate, the default holds.
    const other = createOutboundLimiter(storeB, rerated(), owner('cred-default'), { maxWaitMs: 0 });
    await other.acquire(op());
    expect(retryOf(await other.acquire(op()).catch((caught: unknown) => caught))).toBeGreaterThan(90);
  });

  it('forgets an observed rate after its lifetime: the default applies again', async () => {
    const [storeA, storeB] = await replicas();
    await createOutboundLimiter(storeA, rerated(1, 1), owner('cred-stale'), { maxWaitMs: 0 }).observe!('GET /notes', { 'x-amzn-ratelimit-limit': '0.5' }, 200);
    await sleep(1_200);
    const replicaB = createOutboundLimiter(storeB, rerated(1, 1), owner('cred-stale'), { maxWaitMs: 0 });
    await replicaB.acquire(op());
    expect(retryOf(await replicaB.acquire(op()).catch((caught: unknown) => caught))).toBeGreaterThan(90);
  });

  it("empties a budget on the platform's 429 for the other limiter too, until one request's refill time", async () => {
    const [storeA, storeB] = await replicas();
    const fast = rerated(5);
    await createOutboundLimiter(storeA, fast, owner('cred-429'), { maxWaitMs: 0 }).observe!('GET /notes', { 'x-amzn-ratelimit-limit': '1' }, 200);
    const replicaB = createOutboundLimiter(storeB, fast, owner('cred-429'), { maxWaitMs: 0 });
    await replicaB.acquire(op());
    await createOutboundLimiter(storeA, fast, owner('cred-429'), { maxWaitMs: 0 }).observe!('GET /notes', {}, 429);
    // 4 of the 5 requests were left, but the platform says none is: the next waits one refill (1 s at 1 per second).
    const error = await replicaB.acquire(op()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(retryOf(error)).toBeLessThanOrEqual(1);
    await expect(createOutboundLimiter(storeB, fast, owner('cred-429'), { maxWaitMs: 2000 }).acquire(op())).resolves.toBeUndefined();
  });

  // Memory stores are per process by design: replicas share a budget only through Redis.
  needsRedis('shares one budget between two stores on the same backend (replicas)', async () => {
    const namespace = `shared-${randomUUID()}`;
    const replicaA = new InboundRateLimits(await store(namespace), { requestsPerMinute: 2, toolCallsPerMinute: 1 });
    const replicaB = new InboundRateLimits(await store(namespace), { requestsPerMinute: 2, toolCallsPerMinute: 1 });
    expect(await replicaA.checkRequest('shared-key', undefined)).toBe(0);
    expect(await replicaB.checkRequest('shared-key', undefined)).toBe(0);
    expect(await replicaA.checkRequest('shared-key', undefined)).toBeGreaterThan(0);
    expect(await replicaB.checkRequest('shared-key', undefined)).toBeGreaterThan(0);
  });
});
