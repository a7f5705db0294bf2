import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { queryAudit } from '@enterprise-mcp/audit';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { createApiKey, createTenant, setTenantCredentials, parseCredentialKey } from '@enterprise-mcp/tenancy';
import { captureLogger, connectClient } from '../test/support/harness.js';
import { loadConfig } from './config.js';
import { ecosystems } from './ecosystems.js';
import { startServer, type StartedServer } from './server.js';

const CREDENTIALS_KEY = randomBytes(32).toString('base64');

/**
 * The whole server over HTTP with the real data plane: PGlite (or a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set), multi-tenant
 * credentials encrypted in the database, and audit rows read back.
 */
describe('server end to end (multi-tenant, audit in the database)', () => {
  let fakeA: CloudflareFake;
  let fakeB: CloudflareFake;
  let server: StartedServer;
  let dropDatabase: (() => Promise<unknown>) | undefined;
  const log = captureLogger();
  const keys: Record<string, string> = {};
  const tenants: Record<string, string> = {};

  beforeAll(async () => {
    [fakeA, fakeB] = await Promise.all([startCloudflareFake(), startCloudflareFake()]);
    const adminUrl = testDatabaseUrl();
    const fresh = adminUrl ? await createFreshDatabase(adminUrl) : undefined;
    dropDatabase = fresh?.drop;
    const config = loadConfig(
      {
        PORT: '0',
        NODE_ENV: 'test',
        LOG_FORMAT: 'json',
        TENANCY_MODE: 'multi',
        CREDENTIALS_ENCRYPTION_KEY: CREDENTIALS_KEY,
        DATABASE_URL: fresh?.url,
        DATA_DIR: 'memory://',
        DATABASE_POOL_SIZE: '4',
        REDIS_URL: process.env['TEST_REDIS_URL'],
        API_KEY_CACHE_TTL_MS: '1000',
      },
      ecosystems,
    );
    server = await startServer(config, log.logger);
    const prisma = server.dataPlane.db.prisma;
    const key = parseCredentialKey(CREDENTIALS_KEY);
    const suffix = randomBytes(3).toString('hex');
    for (const [name, fake] of [['a', fakeA], ['b', fakeB]] as const) {
      const tenant = await createTenant(prisma, {
        slug: `tenant-${name}-${suffix}`,
        name: `Tenant ${name}`,
        settings: { rateLimits: { perTool: { cloudflare_list_zones: 1 } } },
      });
      tenants[name] = tenant.id;
      await setTenantCredentials(prisma, tenant.id, 'cloudflare', { apiToken: fake.apiToken, baseUrl: fake.url }, key);
      keys[name] = (await createApiKey(prisma, { tenantId: tenant.id, name: `key ${name}` })).key;
    }
    keys['readOnly'] = (await createApiKey(prisma, { tenantId: tenants['a']!, name: 'read-only', readOnly: true })).key;
  });

  afterAll(async () => {
    await server?.close();
    await dropDatabase?.();
    await Promise.all([fakeA?.close(), fakeB?.close()]);
  });

  const rowsOf = async (tenant: string, expected: number) => {
    await server.dataPlane.audit.flush();
    const rows = await queryAudit(server.dataPlane.db.prisma, { tenantId: tenants[tenant]!, limit: 100 });
    expect(rows.length).toBe(expected);
    return rows.reverse();
  };

  it('serves every ecosystem and reaches each tenant platform with that tenant credential only', async () => {
    const clientA = await connectClient(server.mcpUrl, { authorization: `Bearer ${keys['a']}`, 'x-request-id': 'e2e-a-1' }, 'e2e-client');
    const { tools } = await clientA.listTools();
    const prefixes = new Set(tools.map((tool) => tool.name.split('_')[0]));
    expect(prefixes).toEqual(new Set(ecosystems.map((ecosystem) => ecosystem.id)));
    const resultA = await clientA.callTool({ name: 'cloudflare_list_dns_records', arguments: { zone: 'example.com' } });
    expect(resultA.isError).toBeFalsy();
    const clientB = await connectClient(server.mcpUrl, { 'x-api-key': keys['b']! });
    await clientB.callTool({ name: 'cloudflare_create_dns_record', arguments: { zone: 'example.com', type: 'A', name: 'b-only', content: '192.0.2.77' } });
    const aSeesB = await clientA.callTool({ name: 'cloudflare_list_dns_records', arguments: { zone: 'example.com', name: 'b-only.example.com' } });
    expect(JSON.stringify(aSeesB.structuredContent ?? aSeesB.content)).not.toContain('192.0.2.77');
    const tokens = (fake: CloudflareFake) => new Set(fake.requests.map((request) => request.headers['authorization']));
    expect(tokens(fakeA)).toEqual(new Set([`Bearer ${fakeA.apiToken}`]));
    expect(tokens(fakeB)).toEqual(new Set([`Bearer ${fakeB.apiToken}`]));
    await Promise.all([clientA.close(), clientB.close()]);
  });

  it('audits ok, denied, rate-limited and failed calls, each tenant seeing only its own rows', async () => {
    const readOnly = await connectClient(server.mcpUrl, { authorization: `Bearer ${keys['readOnly']}` });
    expect((await readOnly.listTools()).tools.every((tool) => tool.annotations?.readOnlyHint)).toBe(true);
    const denied = await readOnly.callTool({ name: 'cloudflare_delete_dns_record', arguments: { zone: 'example.com', recordId: 'x' } });
    expect(denied.isError).toBe(true);
    expect((await readOnly.callTool({ name: 'cloudflare_list_zones', arguments: {} })).isError).toBeFalsy();
    const limited = await readOnly.callTool({ name: 'cloudflare_list_zones', arguments: {} });
    expect(JSON.stringify(limited.content)).toMatch(/retry after \d+ seconds/);
    fakeA.failNext({ status: 500, times: 5 });
    const failed = await readOnly.callTool({ name: 'cloudflare_get_zone', arguments: { zone: 'example.com' } });
    expect(failed.isError).toBe(true);
    await readOnly.close();

    const rowsA = await rowsOf('a', 6);
    expect(rowsA.map((row) => [row.toolName, row.status])).toEqual([
      ['cloudflare_list_dns_records', 'ok'],
      ['cloudflare_list_dns_records', 'ok'],
      ['cloudflare_delete_dns_record', 'denied'],
      ['cloudflare_list_zones', 'ok'],
      ['cloudflare_list_zones', 'rate_limited'],
      ['cloudflare_get_zone', 'upstream_error'],
    ]);
    expect(rowsA[0]).toMatchObject({ requestId: 'e2e-a-1', clientName: 'e2e-client', clientVersion: '1.2.3', ecosystem: 'cloudflare', arguments: { zone: 'example.com' } });
    expect(rowsA.every((row) => row.tenantId === tenants['a'])).toBe(true);
    const rowsB = await rowsOf('b', 1);
    expect(rowsB[0]).toMatchObject({ toolName: 'cloudflare_create_dns_record', status: 'ok', tenantId: tenants['b'] });
  });

  it('audits a call the client abandons as cancelled', async () => {
    fakeB.setLatency(3000);
    const client = await connectClient(server.mcpUrl, { authorization: `Bearer ${keys['b']}` });
    const before = fakeB.requests.length;
    const call = client.callTool({ name: 'cloudflare_list_zones', arguments: {} }).catch((error: unknown) => error);
    // Abandon the call only once it is in flight at the platform.
    while (fakeB.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 20));
    await client.close();
    await call;
    fakeB.setLatency(0);
    const deadline = Date.now() + 5000;
    let rows = await queryAudit(server.dataPlane.db.prisma, { tenantId: tenants['b']!, status: 'cancelled' });
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.dataPlane.audit.flush();
      rows = await queryAudit(server.dataPlane.db.prisma, { tenantId: tenants['b']!, status: 'cancelled' });
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ toolName: 'cloudflare_list_zones', errorCode: 'cancelled' });
  });

  it('answers readiness from the database and never logs keys or platform tokens', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const text = log.text();
    expect(text).toContain('"msg":"request"');
    for (const secret of [keys['a'], keys['b'], keys['readOnly'], fakeA.apiToken, fakeB.apiToken, CREDENTIALS_KEY]) {
      expect(text).not.toContain(secret);
    }
  });
});
