import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { isStorageUnavailable, type KeyScopes, type KeyVerifier, type Readiness, type TenantInfo } from '../data-plane/types.js';
import { lazyChild, type ServerLogger } from '../logger.js';
import type { CallerContext } from '../mcp/context.js';
import { McpEndpoint, type McpServices, type ResponseMode } from '../mcp/endpoint.js';
import { requestRefusalMessage } from '../mcp/invoke.js';
import type { RequestRefusal } from '../rate-limits/inbound.js';
import type { Vault } from '@enterprise-mcp/vault';
import { requireCaller, stepUpResponse, type OAuthGate, type Verified } from './auth.js';
import { limitBody } from './body-limit.js';
import { ClientInfoMemory } from './client-info.js';
import { connectRoutes, loggablePath } from './connect.js';
import { originGuard, type OriginPolicy } from './guards.js';
import { requestIds, securityHeaders } from './security-headers.js';
import { jsonRpcError } from './json-rpc.js';
import { traceRequest } from '../telemetry/tracing.js';

export interface AppOptions {
  logger: ServerLogger;
  verifier: KeyVerifier;
  readiness: Readiness;
  services: McpServices;
  origin: OriginPolicy;
  corsOrigins?: string[];
  maxBodyBytes: number;
  /** Most JSON-RPC messages in one batch. */
  maxBatchMessages: number;
  responseMode: ResponseMode;
  /** MCP authorization (OAuth metadata, the embedded authorization server, token checks); absent: API keys only. */
  authorization?: OAuthGate & { routes: Hono };
  /** Set by shutdown: new requests get 503 while in-flight ones finish. */
  isDraining?: () => boolean;
  /** OAuth connections: the connect links, the provider redirect and its callback (`/connect/…`, `/oauth/callback/…`). */
  vault?: Vault;
  /** The public URL is https (the connect flow's cookie is then Secure). */
  secureCookies?: () => boolean;
  /** The admin console, served under /console. */
  console?: Hono;
  /** `GET /metrics` behind METRICS_TOKEN, when served on this port (see telemetry/route.ts). */
  metricsRoutes?: Hono;
}

type Env = { Variables: { requestId: string; auth: Verified } };

const METHOD_NOT_ALLOWED = 'This server is stateless: send MCP messages with POST /mcp; there is no session stream to GET or DELETE';

export function createApp(options: AppOptions): Hono<Env> {
  const app = new Hono<Env>();
  const clientInfo = new ClientInfoMemory();
  // One MCP endpoint (two long-lived servers, one per protocol era) for every request.
  const endpoint = new McpEndpoint(options.services, options.responseMode);

  app.use('*', requestIds());
  app.use('*', securityHeaders());
  app.use('*', accessLog(options.logger));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (options.isDraining?.()) return c.json({ status: 'shutting_down' }, 503);
    const result = await options.readiness.check().catch(() => ({ ok: false as const, reason: 'readiness check failed' }));
    return result.ok ? c.json({ status: 'ready' }) : c.json({ status: 'not_ready', reason: result.reason }, 503);
  });

  if (options.metricsRoutes) app.route('/', options.metricsRoutes);
  if (options.authorization) app.route('/', options.authorization.routes);

  if (options.corsOrigins?.length) {
    app.use(
      '/mcp',
      cors({
        origin: options.corsOrigins,
        allowMethods: ['POST', 'OPTIONS'],
        allowHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'Accept', 'Mcp-Protocol-Version', 'Mcp-Method', 'Mcp-Name', 'Mcp-Client', 'X-Request-Id'],
        exposeHeaders: ['X-Request-Id', 'Retry-After', 'WWW-Authenticate'],
        maxAge: 600,
      }),
    );
  }
  app.use('/mcp', originGuard(options.origin));
  app.on(['GET', 'DELETE'], '/mcp', (c) => {
    c.header('Allow', 'POST');
    return c.json(jsonRpcError(null, -32000, METHOD_NOT_ALLOWED), 405);
  });
  app.post(
    '/mcp',
    async (c, next) => {
      if (options.isDraining?.()) {
        c.header('Connection', 'close');
        c.header('Retry-After', '1');
        return c.json(jsonRpcError(null, -32000, 'Server is shutting down; retry on another replica'), 503);
      }
      await next();
    },
    // Headers first: the body is read only for a caller with a valid key.
    requireCaller(options.verifier, options.authorization, options.logger),
    limitBody(options.maxBodyBytes, (c) => c.json(jsonRpcError(null, -32600, `Request body is larger than ${options.maxBodyBytes} bytes`), 413)),
    async (c) => {
      const body = await readJson(c);
      if (!body.ok) return c.json(jsonRpcError(null, -32700, `Parse error: ${body.message}`), 400);
      const auth = c.get('auth');
      const { tenant, principalId } = auth;
      const stepUp = stepUpResponse(c, auth, options.authorization, callsWriteTool(options.services, body.value));
      if (stepUp) return stepUp;
      const rateLimits = tenant.settings?.rateLimits;
      const client = clientInfo.resolve(principalId, c.req.raw.headers, body.value);
      const caller: CallerContext = {
        requestId: c.get('requestId'),
        tenantId: tenant.id,
        apiKeyId: auth.key?.id ?? null,
        userId: auth.oauth?.userId ?? null,
        oauthClientId: auth.oauth?.clientId ?? null,
        scopes: effectiveScopes(auth.scopes, tenant.settings),
        rateLimits,
        clientName: client.name,
        clientVersion: client.version,
        logger: lazyChild(options.logger, { requestId: c.get('requestId'), tenantId: tenant.id, ...(auth.key ? { keyId: auth.key.id } : { userId: auth.oauth?.userId }) }),
      };
      const messages = Array.isArray(body.value) ? body.value.length : 1;
      if (messages > options.maxBatchMessages) {
        return c.json(jsonRpcError(null, -32600, `A batch may hold at most ${options.maxBatchMessages} messages; this one has ${messages}`), 400);
      }
      const refused = await options.services.invoker.admitRequest(caller, body.value);
      if (refused) return rateLimited(c, refused);
      clientInfo.rememberFromBody(principalId, body.value);
      return traceRequest(c.req.raw.headers, body.value, () => endpoint.handle(c.req.raw, body.value, caller));
    },
  );
  if (options.vault) {
    app.route('/', connectRoutes({ vault: options.vault, verifier: options.verifier, authorization: options.authorization, logger: options.logger, origin: options.origin, secureCookies: options.secureCookies ?? (() => false) }));
  }
  if (options.console) app.route('/console', options.console);
  app.notFound((c) => c.json({ error: 'not_found', message: 'Not found; the MCP endpoint is POST /mcp' }, 404));
  app.onError((error, c) => {
    // The outage is logged once where it is detected (the key verifier), not once per request.
    if (isStorageUnavailable(error)) {
      c.header('Retry-After', String(error.retryAfterSeconds));
      const message = `Service temporarily unavailable (its database is unreachable): retry after ${error.retryAfterSeconds} seconds`;
      return c.json(jsonRpcError(null, -32000, message, { retryAfterSeconds: error.retryAfterSeconds }), 503);
    }
    options.logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return c.json(jsonRpcError(null, -32603, `Internal error (request ${c.get('requestId')})`), 500);
  });
  return app;
}

async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const text = await c.req.text();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'invalid JSON' };
  }
}

/** Whether a JSON-RPC message (or batch) calls a tool that is not read-only. */
function callsWriteTool(services: McpServices, body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((message) => {
    const m = message as { method?: unknown; params?: { name?: unknown } } | null;
    if (m?.method !== 'tools/call' || typeof m.params?.name !== 'string') return false;
    const entry = services.catalog.find(m.params.name);
    return !!entry && !entry.tool.annotations.readOnlyHint;
  });
}

/** A key's scopes narrowed to the ecosystems its tenant may use (`enabledEcosystems` in its settings), with the tenant's tools held for approval. */
function effectiveScopes(key: KeyScopes, settings: TenantInfo['settings']): KeyScopes {
  // A key adds tools to hold for approval; it never takes one off its tenant's list.
  const approvalTools = [...(settings?.approvalTools ?? []), ...(key.approvalTools ?? [])];
  const scopes = approvalTools.length ? { ...key, approvalTools } : key;
  const enabled = settings?.enabledEcosystems;
  if (!enabled) return scopes;
  const allowed = scopes.ecosystems?.length ? scopes.ecosystems.filter((id) => enabled.includes(id)) : enabled;
  // An empty list would mean "everything" to the catalog; a tenant with nothing enabled gets an impossible id instead.
  return { ...scopes, ecosystems: allowed.length ? allowed : ['(none)'] };
}

function rateLimited(c: Context, refused: RequestRefusal): Response {
  c.header('Retry-After', String(refused.retryAfter));
  return c.json(jsonRpcError(null, -32000, requestRefusalMessage(refused), { retryAfterSeconds: refused.retryAfter, budget: refused.budget }), 429);
}

function accessLog(logger: ServerLogger) {
  return async (c: Context<Env>, next: () => Promise<void>) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: loggablePath(c.req.path),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}
