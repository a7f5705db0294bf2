import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { queryAudit } from '@enterprise-mcp/audit';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import {
  createApiKey,
  createKeyVerifier,
  createTenant,
  deleteTenantCredentials,
  parseCredentialKey,
  revokeApiKey,
  setTenantCredentials,
  suspendTenant,
} from '@enterprise-mcp/tenancy';
import { captureLogger, postMcp } from '../test/support/harness.js';
import { loadConfig, type ServerConfig } from './config.js';
import { credentialSource } from './data-plane/open.js';
import { ecosystems } from './ecosystems.js';
import { createRuntime, type RunningServer } from './runtime.js';
import { servedEcosystems, startServer, type StartedServer } from './server.js';

/**
 * What SECURITY.md and docs/data-plane.md promise about keys and credentials,
 * through HTTP with the real verifier, the real credential store and default
 * settings (API_KEY_CACHE_TTL_MS unset, so 5 s):
 * - a revoked or expired key, or one whose tenant is suspended, stops working
 *   within 5 s even when it is cached, on every replica;
 * - every rejected key gets the same 401;
 * - tenant credentials set, changed or deleted (as the CLI does) take effect
 *   within the same 5 s on every replica;
 * - multi-tenant mode never falls back to the environment's credentials;
 * - a call of a tool that does not exist is refused and audited `denied`.
 *
 * "Within 5 s" is checked on the clock the caches read: only `Date` is faked,
 * so the test moves time by exactly the documented bound instead of sleeping
 * and asserting on a loaded machine's timing. Two replicas are two runtimes
 * on one database, each with its own key and client caches (two servers on
 * PostgreSQL when TEST_DATABASE_URL is set; on PGlite, which serves one
 * process, a second runtime over the first one's database).
 */
const CACHE_BOUND_MS = 5_000;
const CREDENTIALS_KEY = randomBytes(32).toString('base64');
const tick = () => jest.setSystemTime(Date.now() + CACHE_BOUND_MS);

interface Replica extends RunningServer {
  close(): Promise<void>;
}

describe('keys and credentials through HTTP with default settings, on two replicas', () => {
  let tenantFake: CloudflareFake;
  let rotatedFake: CloudflareFake;
  let envFake: CloudflareFake;
  let primary: StartedServer;
  let replicas: Replica[];
  let dropDatabase: (() => Promise<unknown>) | undefined;
  let config: ServerConfig;
  const log = captureLogger();
  const credentialKey = parseCredentialKey(CREDENTIALS_KEY);
  let acmeId: string;
  let globexId: string;

  beforeAll(async () => {
    // Before anything reads the clock, so every cache and expiry uses the test's clock.
    jest.useFakeTimers({
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
      now: Date.now(),
    });
    [tenantFake, rotatedFake, envFake] = await Promise.all([startCloudflareFake(), startCloudflareFake(), startCloudflareFake()]);
    const adminUrl = testDatabaseUrl();
    const fresh = adminUrl ? await createFreshDatabase(adminUrl) : undefined;
    dropDatabase = fresh?.drop;
    config = loadConfig(
      {
        PORT: '0',
        NODE_ENV: 'test',
        LOG_FORMAT: 'json',
        TENANCY_MODE: 'multi',
        CREDENTIALS_ENCRYPTION_KEY: CREDENTIALS_KEY,
        DATABASE_URL: fresh?.url,
        DATA_DIR: 'memory://',
        DATABASE_POOL_SIZE: '4',
        // Present in the environment: multi-tenant mode must never use them.
        CLOUDFLARE_API_TOKEN: envFake.apiToken,
        CLOUDFLARE_BASE_URL: envFake.url,
      },
      ecosystems,
    );
    expect(config.API_KEY_CACHE_TTL_MS).toBe(CACHE_BOUND_MS);
    primary = await startServer(config, log.logger);
    replicas = [primary, await secondReplica(primary, config, fresh?.url)];
    const prisma = primary.dataPlane.db.prisma;
    const suffix = randomBytes(3).toString('hex');
    acmeId = (await createTenant(prisma, { slug: `acme-${suffix}`, name: 'Acme' })).id;
    globexId = (await createTenant(prisma, { slug: `globex-${suffix}`, name: 'Globex' })).id;
    await setTenantCredentials(prisma, acmeId, 'cloudflare', { apiToken: tenantFake.apiToken, baseUrl: tenantFake.url }, credentialKey);
  });

  afterAll(async () => {
    for (const replica of [...(replicas ?? [])].reverse()) await replica.close();
    await dropDatabase?.();
    await Promise.all([tenantFake?.close(), rotatedFake?.close(), envFake?.close()]);
    jest.useRealTimers();
  });

  const listTools = (replica: Replica, key: string) =>
    postMcp(replica.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: `Bearer ${key}` });
  const callTool = async (replica: Replica, key: string, name: string, args: object = {}) => {
    const response = await postMcp(replica.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } }, { authorization: `Bearer ${key}` });
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: { isError?: boolean; content: Array<{ text: string }> } }).result;
  };
  const rejection = async (response: Response) => ({
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.text(),
  });
  const newKey = async (tenantId: string, input: { expiresAt?: Date } = {}) =>
    (await createApiKey(primary.dataPlane.db.prisma, { tenantId, name: `key-${randomBytes(2).toString('hex')}`, ...input })).key;

  it('stops a revoked key, an expired key and a suspended tenant’s key within 5 s on every replica, though each was cached', async () => {
    const prisma = primary.dataPlane.db.prisma;
    const revoked = await newKey(acmeId);
    const expiring = await newKey(acmeId, { expiresAt: new Date(Date.now() + 2_000) });
    const suspendedTenant = (await createTenant(prisma, { slug: `initech-${randomBytes(3).toString('hex')}`, name: 'Initech' })).id;
    const ofSuspended = await newKey(suspendedTenant);
    for (const replica of replicas) {
      for (const key of [revoked, expiring, ofSuspended]) expect((await listTools(replica, key)).status).toBe(200);
    }
    // As `keys revoke` and `tenants suspend` do: straight to the database, no replica told.
    await revokeApiKey(prisma, revoked.split('_')[1]!);
    await suspendTenant(prisma, suspendedTenant);
    tick();
    for (const replica of replicas) {
      for (const key of [revoked, expiring, ofSuspended]) expect((await listTools(replica, key)).status).toBe(401);
    }
  });

  it('gives every kind of rejected key the same 401: unknown, wrong secret, malformed, revoked, expired, suspended tenant', async () => {
    const prisma = primary.dataPlane.db.prisma;
    const valid = await newKey(acmeId);
    const [, prefix] = valid.split('_');
    const revoked = await newKey(acmeId);
    await revokeApiKey(prisma, revoked.split('_')[1]!);
    const expired = await newKey(acmeId, { expiresAt: new Date(Date.now() + 1_000) });
    const suspendedTenant = (await createTenant(prisma, { slug: `hooli-${randomBytes(3).toString('hex')}`, name: 'Hooli' })).id;
    const ofSuspended = await newKey(suspendedTenant);
    await suspendTenant(prisma, suspendedTenant);
    tick();
    const presented = {
      unknown: `emcp_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('hex')}`,
      wrongSecret: `emcp_${prefix}_${randomBytes(32).toString('hex')}`,
      malformed: 'emcp_nonsense',
      revoked,
      expired,
      suspended: ofSuspended,
    };
    const answers = await Promise.all(Object.values(presented).map(async (key) => rejection(await listTools(primary, key))));
    expect(answers[0]).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect((await listTools(primary, valid)).status).toBe(200);
  });

  it('uses changed tenant credentials within 5 s on every replica, and stops using deleted ones', async () => {
    const prisma = primary.dataPlane.db.prisma;
    const key = await newKey(acmeId);
    for (const replica of replicas) expect((await callTool(replica, key, 'cloudflare_list_zones')).isError).toBeFalsy();
    const seenByOld = tenantFake.requests.length;
    expect(seenByOld).toBeGreaterThanOrEqual(replicas.length);

    // What `enterprise-mcp credentials set` does: re-encrypt into the row; no replica is told.
    await setTenantCredentials(prisma, acmeId, 'cloudflare', { apiToken: rotatedFake.apiToken, baseUrl: rotatedFake.url }, credentialKey);
    tick();
    for (const replica of replicas) expect((await callTool(replica, key, 'cloudflare_list_zones')).isError).toBeFalsy();
    expect(tenantFake.requests.length).toBe(seenByOld);
    const seenByRotated = rotatedFake.requests.length;
    expect(seenByRotated).toBeGreaterThanOrEqual(replicas.length);
    expect(new Set(rotatedFake.requests.map((request) => request.headers['authorization']))).toEqual(new Set([`Bearer ${rotatedFake.apiToken}`]));

    // `enterprise-mcp credentials delete`.
    expect(await deleteTenantCredentials(prisma, acmeId, 'cloudflare')).toBe(true);
    tick();
    for (const replica of replicas) {
      const result = await callTool(replica, key, 'cloudflare_list_zones');
      expect(result.isError).toBe(true);
      expect(result.content[0]!.text).toContain('has no stored credentials for this tenant');
    }
    expect(rotatedFake.requests.length).toBe(seenByRotated);
    expect(tenantFake.requests.length).toBe(seenByOld);
  });

  it('never falls back to the environment’s credentials in multi-tenant mode', async () => {
    const key = await newKey(globexId);
    for (const replica of replicas) {
      const result = await callTool(replica, key, 'cloudflare_list_zones');
      expect(result.isError).toBe(true);
      expect(result.content[0]!.text).toContain('Cloudflare has no stored credentials for this tenant');
    }
    expect(envFake.requests).toEqual([]);
  });

  it('refuses a call of a tool that does not exist and audits it as denied', async () => {
    const key = await newKey(acmeId);
    const result = await callTool(primary, key, 'cloudflare_no_such_tool', { zone: 'example.com' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toContain('not available with this API key');
    await primary.dataPlane.audit.flush();
    const rows = await queryAudit(primary.dataPlane.db.prisma, { tenantId: acmeId, toolName: 'cloudflare_no_such_tool' });
    expect(rows.map((row) => [row.status, row.errorCode])).toEqual([['denied', 'permission_denied']]);
  });
});

/**
 * A second replica on the same database with its own caches: a second server on
 * PostgreSQL; on PGlite (one process per database) a second runtime over the
 * first server's database, with its own key verifier and client cache.
 */
async function secondReplica(first: StartedServer, config: ServerConfig, databaseUrl: string | undefined): Promise<Replica> {
  const logger = captureLogger().logger;
  if (databaseUrl) return startServer(config, logger);
  const { db } = first.dataPlane;
  const verifier = createKeyVerifier(db.prisma, { cacheTtlMs: config.API_KEY_CACHE_TTL_MS });
  const runtime = createRuntime({
    settings: config,
    logger,
    ecosystems: servedEcosystems(config),
    verifier,
    credentials: credentialSource(config, db),
    audit: first.dataPlane.audit,
    readiness: first.dataPlane.readiness,
    closeParts: () => verifier.close(),
  });
  return runtime.listen();
}
