import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { migrate, readMigrations } from '@enterprise-mcp/database';
import { createApiKey, createTenant } from '@enterprise-mcp/tenancy';
import { captureLogger, postMcp } from '../../test/support/harness.js';
import { loadConfig } from '../config.js';
import { ecosystems } from '../ecosystems.js';
import { startServer, type StartedServer } from '../server.js';

/**
 * docs/data-plane.md: "/readyz reports not ready while any migration is
 * pending", and "if the database cannot be reached, no key is accepted".
 * The real server on a database nothing has migrated (AUTO_MIGRATE=false).
 */
describe('readiness and keys against the real database', () => {
  let server: StartedServer;
  let dropDatabase: (() => Promise<unknown>) | undefined;

  beforeAll(async () => {
    const adminUrl = testDatabaseUrl();
    const fresh = adminUrl ? await createFreshDatabase(adminUrl) : undefined;
    dropDatabase = fresh?.drop;
    const config = loadConfig(
      { PORT: '0', NODE_ENV: 'test', LOG_FORMAT: 'json', DATABASE_URL: fresh?.url, DATA_DIR: 'memory://', DATABASE_POOL_SIZE: '2', AUTO_MIGRATE: 'false' },
      ecosystems,
    );
    server = await startServer(config, captureLogger().logger);
  });
  afterAll(async () => {
    // The last test closed the database under the server; closing it again may complain.
    await server?.close().catch(() => {});
    await dropDatabase?.();
  });

  it('is not ready while migrations are pending, and ready once they are applied', async () => {
    const pending = await fetch(`${server.url}/readyz`);
    expect(pending.status).toBe(503);
    expect(await pending.json()).toEqual({ status: 'not_ready', reason: `${readMigrations().length} database migration(s) not applied` });
    await migrate(server.dataPlane.db);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('accepts no key while the database cannot be reached, and is not ready', async () => {
    const prisma = server.dataPlane.db.prisma;
    const tenant = await createTenant(prisma, { slug: 'outage', name: 'Outage' });
    const { key } = await createApiKey(prisma, { tenantId: tenant.id, name: 'never-used-before' });
    await server.dataPlane.db.close();
    const response = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: `Bearer ${key}` });
    expect(response.ok).toBe(false);
    expect(await response.text()).not.toContain('"tools"');
    const readiness = await fetch(`${server.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ status: 'not_ready', reason: 'database unreachable' });
  });
});
