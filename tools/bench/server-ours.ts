import type { CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { createBenchDatabase } from './fresh-database.js';
import { createApiKey, createTenant } from '@enterprise-mcp/tenancy';
import { loadConfig } from '../../apps/server/src/config.js';
import { ecosystems } from '../../apps/server/src/ecosystems.js';
import { createLogger } from '../../apps/server/src/logger.js';
import { startServer } from '../../apps/server/src/server.js';
import type { Target } from './server-targets.js';

const DEFAULT_DATABASE = 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * (d): the production server as `npm start` builds it (API-key auth through
 * the cached verifier, inbound and outbound rate limits, audit rows batched
 * into PostgreSQL), with every ecosystem registered, in a fresh database.
 */
export async function startBenchServer(fake: CloudflareFake, body: string, headers: Record<string, string>): Promise<Target> {
  const admin = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || DEFAULT_DATABASE;
  const database = await createBenchDatabase(admin);
  // Rate limiting stays on, with budgets the load cannot spend, so the figures show its cost, not its effect.
  const unthrottled = ecosystems.map((ecosystem) => ({
    ...ecosystem,
    rateLimits: ecosystem.rateLimits.map((spec) => ({ ...spec, points: 1_000_000_000 })),
  }));
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      PORT: '0',
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: database.url,
      REDIS_URL: process.env['BENCH_REDIS_URL'],
      AUDIT_FLUSH_INTERVAL_MS: process.env['BENCH_AUDIT_FLUSH_MS'],
      RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000000',
      RATE_LIMIT_TOOL_CALLS_PER_MINUTE: '1000000000',
      // The bench measures the server's overhead on a call that reaches the platform, as (a) and (b) do.
      API_CACHE_TTL_SECONDS: process.env['BENCH_API_CACHE_TTL_SECONDS'] ?? '0',
      CLOUDFLARE_API_TOKEN: fake.apiToken,
      CLOUDFLARE_BASE_URL: fake.url,
      // The other platforms are registered (their tools listed) but not called.
      GHL_API_KEY: 'bench-placeholder',
      GHL_LOCATION_ID: 'bench-placeholder',
      GODADDY_API_KEY: 'bench-placeholder',
      GODADDY_API_SECRET: 'bench-placeholder',
    },
    unthrottled,
  );
  const logger = createLogger({ level: config.LOG_LEVEL, format: 'json' });
  const server = await startServer(config, logger);
  const prisma = server.dataPlane.db.prisma;
  const tenant = await createTenant(prisma, { slug: 'bench', name: 'Benchmark' });
  const { key } = await createApiKey(prisma, { tenantId: tenant.id, name: 'bench' });
  const compact = await createApiKey(prisma, { tenantId: tenant.id, name: 'bench-compact', toolSurface: 'compact' });
  return {
    url: server.mcpUrl,
    headers: { ...headers, authorization: `Bearer ${key}` },
    compactHeaders: { ...headers, authorization: `Bearer ${compact.key}` },
    body,
    tools: server.runtime.catalog.size,
    close: async () => {
      const written = server.dataPlane.audit.stats();
      await server.close();
      process.stderr.write(`(d) audit rows written: ${written.written + written.buffered}, dropped: ${written.dropped}\n`);
      await database.drop();
    },
  };
}
