import type { CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { envCredentialSource } from '../../apps/server/src/clients.js';
import { ecosystems } from '../../apps/server/src/ecosystems.js';
import { createLogger } from '../../apps/server/src/logger.js';
import { createRuntime } from '../../apps/server/src/runtime.js';
import type { Target } from './server-targets.js';

export async function startBenchServer(fake: CloudflareFake, body: string, headers: Record<string, string>): Promise<Target> {
  const key = 'emcp_bench_key';
  const logger = createLogger({ level: 'warn', format: 'json' });
  // Rate limiting stays on, with budgets the load cannot spend, so the figures show its cost, not its effect.
  const unthrottled = ecosystems.map((ecosystem) => ({
    ...ecosystem,
    rateLimits: ecosystem.rateLimits.map((spec) => ({ ...spec, points: 1_000_000_000 })),
  }));
  const runtime = createRuntime({
    settings: {
      HOST: '127.0.0.1',
      PORT: 0,
      dnsRebindingProtection: true,
      MAX_BODY_BYTES: 1_048_576,
      MCP_JSON_RESPONSE: false,
      RATE_LIMIT_REQUESTS_PER_MINUTE: 10_000_000,
      RATE_LIMIT_TOOL_CALLS_PER_MINUTE: 10_000_000,
      OUTBOUND_MAX_WAIT_MS: 2000,
      SHUTDOWN_TIMEOUT_MS: 2000,
    },
    logger,
    ecosystems: unthrottled,
    verifier: {
      verify: async (presented) =>
        presented === key ? { ok: true, tenant: { id: 't', slug: 't' }, key: { id: 'k' }, scopes: { readOnly: false } } : { ok: false, reason: 'x' },
    },
    credentials: envCredentialSource(new Map([['cloudflare', { apiToken: fake.apiToken, baseUrl: fake.url }]])),
    audit: { record: () => {}, flush: async () => {} },
    readiness: { check: async () => ({ ok: true }) },
  });
  const running = await runtime.listen();
  return { url: running.mcpUrl, headers: { ...headers, authorization: `Bearer ${key}` }, body, tools: runtime.catalog.size, close: running.close };
}
