import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as StreamableHTTPClientTransportV2 } from '@modelcontextprotocol/client';
import type { AnyEcosystem, AuditSink, ToolExecutionRecord } from '@enterprise-mcp/core';
import { toAuditRow, type AuditRow } from '@enterprise-mcp/audit';
import type { TenantSettings } from '@enterprise-mcp/tenancy';
import type { CredentialSource, KeyVerification, KeyVerifier } from '../../src/data-plane/types.js';
import type { ApiCache } from '../../src/cache/index.js';
import type { PendingStates } from '../../src/mcp/pending.js';
import type { PrismaClient } from '@enterprise-mcp/database';
import type { Vault } from '@enterprise-mcp/vault';
import type { PublicUrl } from '../../src/public-url.js';
import { createLogger, type ServerLogger } from '../../src/logger.js';
import { createRuntime, type RunningServer, type RuntimeSettings } from '../../src/runtime.js';
import type { MetricsSetup } from '../../src/telemetry/route.js';

export const TEST_SETTINGS: RuntimeSettings = {
  HOST: '127.0.0.1',
  PORT: 0,
  dnsRebindingProtection: true,
  MAX_BODY_BYTES: 64 * 1024,
  HTTP_HEADERS_TIMEOUT_MS: 10_000,
  HTTP_REQUEST_TIMEOUT_MS: 30_000,
  MAX_CONNECTIONS: 1000,
  MCP_RESPONSE_MODE: 'auto',
  MCP_MAX_BATCH_MESSAGES: 10,
  RATE_LIMIT_REQUESTS_PER_MINUTE: 1000,
  RATE_LIMIT_KEY_REQUESTS_PER_MINUTE: 0,
  RATE_LIMIT_TOOL_CALLS_PER_MINUTE: 1000,
  OUTBOUND_MAX_WAIT_MS: 0,
  SHUTDOWN_TIMEOUT_MS: 2000,
};

/** Captures pino's JSON lines so tests can read (and grep) what was logged. */
export function captureLogger(): { logger: ServerLogger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', format: 'json', destination });
  return { logger, lines, text: () => lines.join('\n') };
}

/** An audit sink that keeps what the database writer would store: each record as its row (redacted by toAuditRow). */
export class MemoryAudit implements AuditSink {
  readonly records: AuditRow[] = [];
  record(record: ToolExecutionRecord): void {
    this.records.push(toAuditRow(record));
  }
  async flush(): Promise<void> {}
}

export function keyVerifier(keys: Record<string, Extract<KeyVerification, { ok: true }>>): KeyVerifier {
  return { verify: async (presented) => keys[presented] ?? { ok: false, reason: 'unknown' } };
}

export function memoryCredentials(byTenant: Record<string, Record<string, Record<string, unknown>>>): CredentialSource {
  return { configFor: async (tenantId, ecosystemId) => byTenant[tenantId]?.[ecosystemId] };
}

export interface TestServerOptions {
  ecosystems: AnyEcosystem[];
  verifier: KeyVerifier;
  credentials: CredentialSource;
  settings?: Partial<RuntimeSettings>;
  audit?: AuditSink;
  cache?: ApiCache;
  pending?: PendingStates;
  vault?: Vault;
  publicUrl?: PublicUrl;
  /** The database of held calls' approvals (`tool_approvals`). */
  approvalsDb?: Pick<PrismaClient, 'toolApproval'>;
  metrics?: MetricsSetup;
}

export async function startTestServer(options: TestServerOptions) {
  const log = captureLogger();
  const audit = options.audit ?? new MemoryAudit();
  const runtime = createRuntime({
    settings: { ...TEST_SETTINGS, ...options.settings },
    logger: log.logger,
    ecosystems: options.ecosystems,
    verifier: options.verifier,
    credentials: options.credentials,
    audit,
    cache: options.cache,
    pending: options.pending,
    vault: options.vault,
    publicUrl: options.publicUrl,
    approvalsDb: options.approvalsDb,
    metrics: options.metrics,
    readiness: { check: async () => ({ ok: true }) },
  });
  const server: RunningServer = await runtime.listen();
  return { ...server, runtime, audit, log };
}

export async function connectClient(
  mcpUrl: string,
  headers: Record<string, string>,
  name = 'jest-client',
): Promise<Client> {
  const client = new Client({ name, version: '1.2.3' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers } }));
  return client;
}

/** The SDK v2 client, pinned to 2026-07-28 (server/discover, a `_meta` envelope on every request) or in its 2025-era default. */
export async function connectClientV2(
  mcpUrl: string,
  headers: Record<string, string>,
  era: 'modern' | 'legacy',
  name = 'jest-client-v2',
): Promise<ClientV2> {
  const client = new ClientV2(
    { name, version: '2.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(new StreamableHTTPClientTransportV2(new URL(mcpUrl), { requestInit: { headers } }));
  return client;
}

export function verified(
  tenantId: string,
  keyId: string,
  scopes: { ecosystems?: string[]; tools?: string[]; readOnly?: boolean; toolSurface?: 'full' | 'compact'; permissions?: Record<string, string[]>; approvalTools?: string[] } = {},
  settings?: TenantSettings,
): Extract<KeyVerification, { ok: true }> {
  return {
    ok: true,
    tenant: { id: tenantId, slug: tenantId, settings },
    key: { id: keyId },
    scopes: { readOnly: false, ...scopes },
  };
}

/** A raw JSON-RPC POST, for checks the SDK client would not make. */
export function postMcp(mcpUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
