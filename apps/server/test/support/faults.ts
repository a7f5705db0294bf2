import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloudflareFake, type CloudflareFake } from '@enterprise-mcp/cloudflare/testing';
import { migrate, openDatabase, type Database } from '@enterprise-mcp/database';
import { createFreshDatabase, startTcpProxy, testDatabaseUrl, type TcpProxy } from '@enterprise-mcp/database/testing';
import { createApiKey, createTenant } from '@enterprise-mcp/tenancy';

/**
 * What a fault test (or the soak) runs a real server process against: a
 * migrated database with a tenant and key (PostgreSQL behind a TCP proxy the
 * test can cut, or PGlite in a data folder), a Cloudflare fake, and a spill folder.
 */
export interface FaultRig {
  kind: 'postgres' | 'pglite';
  apiKey: string;
  fake: CloudflareFake;
  /** PostgreSQL only: the proxy the server's DATABASE_URL points at. */
  proxy?: TcpProxy;
  dataDir: string;
  /** The environment of a server process on this rig. */
  env: Record<string, string>;
  /** Audit rows per request id, read directly (not through the proxy). PGlite: only while no server runs. */
  rowsByRequestId(): Promise<Map<string, number>>;
  cleanup(): Promise<void>;
}

export async function startFaultRig(kind: 'postgres' | 'pglite', adminUrl = testDatabaseUrl()): Promise<FaultRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emcp-fault-'));
  const fake = await startCloudflareFake({ rateLimit: { requests: 1_000_000 } });
  const fresh = kind === 'postgres' ? await createFreshDatabase(requireUrl(adminUrl)) : undefined;
  const open = () => (fresh ? openDatabase({ databaseUrl: fresh.url, poolSize: 2 }) : openDatabase({ dataDir: join(dataDir, 'db') }));
  const db = await open();
  let apiKey: string;
  try {
    await migrate(db);
    const tenant = await createTenant(db.prisma, { slug: 'faults', name: 'Fault tests' });
    apiKey = (await createApiKey(db.prisma, { tenantId: tenant.id, name: 'fault-test' })).key;
  } finally {
    await db.close();
  }
  const target = fresh ? new URL(fresh.url) : undefined;
  const proxy = target ? await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) }) : undefined;
  const env: Record<string, string> = {
    DATA_DIR: kind === 'pglite' ? join(dataDir, 'db') : join(dataDir, 'data'),
    ...(fresh && proxy ? { DATABASE_URL: proxy.urlFor(fresh.url), DATABASE_POOL_SIZE: '4' } : {}),
    CLOUDFLARE_API_TOKEN: fake.apiToken,
    CLOUDFLARE_BASE_URL: fake.url,
    AUDIT_FLUSH_INTERVAL_MS: '50',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    RATE_LIMIT_TOOL_CALLS_PER_MINUTE: '1000000',
    // Every call must reach the platform: a cached answer would not exercise the fault.
    API_CACHE_TTL_SECONDS: '0',
    LOG_LEVEL: 'info',
  };
  return {
    kind,
    apiKey,
    fake,
    proxy,
    dataDir,
    env,
    async rowsByRequestId() {
      const reader: Database = await open();
      try {
        const rows = await reader.prisma.toolExecution.findMany({ select: { requestId: true } });
        const counts = new Map<string, number>();
        for (const { requestId } of rows) if (requestId) counts.set(requestId, (counts.get(requestId) ?? 0) + 1);
        return counts;
      } finally {
        await reader.close();
      }
    },
    async cleanup() {
      await proxy?.stop();
      await fake.close();
      await fresh?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('PostgreSQL fault runs need TEST_DATABASE_URL (or DATABASE_URL for the soak): a server where test databases may be created');
  return url;
}

export type CallOutcome =
  /** The tool ran and the client got its result (ok or a tool error): it must have exactly one audit row. */
  | 'answered'
  /** Refused before running (audit full, 503 outage, shutting down): no row expected. */
  | 'refused'
  /** No HTTP answer (socket error): the call may or may not have run. */
  | 'failed';

/** One `tools/call` over plain HTTP with its own request id, as a stateless MCP client sends it. */
export async function callTool(mcpUrl: string, apiKey: string, requestId: string, tool = 'cloudflare_list_zones'): Promise<CallOutcome> {
  let response: Response;
  try {
    response = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-request-id': requestId,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: {} } }),
    });
  } catch {
    return 'failed';
  }
  const text = await response.text().catch(() => undefined);
  if (text === undefined) return 'failed';
  if (response.status !== 200) return 'refused';
  const body = JSON.parse(text) as { result?: { content?: Array<{ text?: string }> } };
  if (!body.result) return 'refused';
  return body.result.content?.[0]?.text?.includes('was not run') ? 'refused' : 'answered';
}

/** Waits for `check` to hold, polling; generous bounds for a loaded machine, never a fixed sleep. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
