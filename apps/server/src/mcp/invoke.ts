import { randomUUID } from 'node:crypto';
import {
  CredentialsMissingError,
  ReconnectRequiredError,
  ValidationError,
  executeTool,
  splitConnection,
  type AuditSink,
  type ConnectionSummary,
  type ProgressReporter,
  type ResolvedConfig,
  type ToolCallResult,
  type ToolExecutionOutcome,
  type ToolExecutionRecord,
} from '@enterprise-mcp/core';
import type { ApprovalGate } from '../approvals/gate.js';
import { cacheKey, cacheLifetime, type ApiCache } from '../cache/index.js';
import type { ClientProvider } from '../clients.js';
import type { ConnectionChooser } from '../connections.js';
import { toolCallsIn } from '../http/json-rpc.js';
import type { InboundRateLimits, RequestRefusal } from '../rate-limits/inbound.js';
import { boundedName } from '../text.js';
import type { CatalogEntry, ToolCatalog } from './catalog.js';
import type { CallerContext } from './context.js';
import { InFlight } from './inflight.js';
import { memoryPendingStates, type PendingStates } from './pending.js';
import { followAborts } from './signals.js';
import { activeMetrics } from '../telemetry/metrics.js';
import { currentTraceId, traceTool } from '../telemetry/tracing.js';

/** The name of a tenant's only connection: its stored or environment credential. */
export const DEFAULT_CONNECTION = 'default';

export interface ToolInvokerDeps {
  catalog: ToolCatalog;
  clients: ClientProvider;
  inbound: InboundRateLimits;
  audit: AuditSink;
  /** Answers of read tools, served again while fresh; emptied for a tenant's ecosystem by any of its write tools. */
  cache?: ApiCache;
  /** Lifetime for read tools that declare none (API_CACHE_TTL_SECONDS); 0: nothing is cached. */
  cacheTtlSeconds?: number;
  /** Picks the OAuth connection of a call (the vault's); without it, OAuth modes have no connections. */
  connections?: ConnectionChooser;
  /** Where tools keep values for a later call (`ctx.pending`): the database, shared by replicas; this process's memory by default. */
  pending?: PendingStates;
  /** Holds calls to tools the caller's rules name until a person approves them; none: no call is held. */
  approvals?: ApprovalGate;
}

/** What a call runs with: its client, the connection's name, its arguments without `connection`, and the OAuth connection chosen. */
interface Target {
  client: unknown;
  connection: string;
  args: unknown;
  resolved: ResolvedConfig;
  chosen?: ConnectionSummary;
}

/** An outcome, and whether it came from the cache (for the audit row); approval steps have codes of their own (`approval_pending`…). */
type CallOutcome = Omit<ToolExecutionOutcome, 'error'> & { error?: { code: string; message: string }; cached?: boolean };

export interface ToolCall {
  name: string;
  args: unknown;
  caller: CallerContext;
  signal: AbortSignal;
  /** A second signal that cancels the call: over HTTP the MCP request's is `signal` and this is the HTTP request's (the client went away). */
  alsoCancelledBy?: AbortSignal;
  progress: ProgressReporter;
  /** The approval a client named in `_meta` (`io.enterprise-mcp/approval-id`); `_approval_id` in the arguments works too. */
  approvalId?: string;
}

interface Running {
  call: ToolCall;
  started: number;
  /** Set once the call's record is handed to the sink: it never gets a second. */
  recorded: boolean;
  abort: AbortController;
}

/**
 * The one call path, for HTTP and stdio alike: the request's budget, then for
 * every `tools/call` the scope check, the per-tool limit, the tenant's own
 * client, core's executeTool, and exactly one audit record whatever the
 * outcome. Limits and audit live here and nowhere else.
 */
export class ToolInvoker {
  private readonly running = new Set<Running>();
  /** Calls in progress, so shutdown can wait for them. */
  readonly inflight = new InFlight();
  private readonly pending: PendingStates;

  constructor(private readonly deps: ToolInvokerDeps) {
    this.pending = deps.pending ?? memoryPendingStates();
  }

  /**
   * At a shutdown that will not wait any longer: records every call still running
   * as cancelled (its platform call may have happened) and aborts it, so none leaves
   * without its one row. A call that finishes later is not recorded again.
   */
  abandonAll(): number {
    const abandoned = [...this.running].filter((entry) => !entry.recorded);
    for (const entry of abandoned) {
      entry.recorded = true;
      const message = `${entry.call.name} was abandoned at server shutdown; the platform may have carried it out`;
      this.deps.audit.record(this.recordOf(entry.call, refusal('cancelled', 'cancelled', message), performance.now() - entry.started));
      entry.abort.abort(new Error('server shutting down'));
    }
    return abandoned.length;
  }

  /**
   * Admits a request of JSON-RPC `messages` against the request budgets (each
   * message costs one point). A refused request's tool calls are audited as
   * `rate_limited`, within an allowance of their own, so a flood of refused
   * requests writes a bounded number of rows.
   */
  async admitRequest(caller: CallerContext, messages: unknown): Promise<RequestRefusal | undefined> {
    const count = Array.isArray(messages) ? messages.length : 1;
    const refused = await this.deps.inbound.admitRequest(caller.tenantId, caller.apiKeyId, count, caller.rateLimits);
    if (refused) {
      activeMetrics()?.inboundRefused();
      await this.auditRefusedRequest(caller, messages, refused);
    }
    return refused;
  }

  private async auditRefusedRequest(caller: CallerContext, messages: unknown, refused: RequestRefusal): Promise<void> {
    const calls = toolCallsIn(messages);
    if (!calls.length) return;
    if (!(await this.deps.inbound.mayAuditRefusals(caller.tenantId, calls.length, caller.rateLimits))) {
      caller.logger.warn({ calls: calls.length, budget: refused.budget }, 'rate-limited tool calls not audited one by one: refusal audit budget spent');
      return;
    }
    const message = requestRefusalMessage(refused);
    for (const call of calls) {
      const full = { name: call.name, args: call.args, caller, signal: AbortSignal.abort(), progress: async () => {} };
      this.deps.audit.record(this.recordOf(full, refusal('rate_limited', 'rate_limited', message), 0));
    }
  }

  call(call: ToolCall): Promise<ToolCallResult> {
    return this.inflight.track(() => this.guardedCall(call));
  }

  private async guardedCall(call: ToolCall): Promise<ToolCallResult> {
    // Nothing may run that the trail cannot keep: refused before it starts, so there is nothing to audit.
    if (this.deps.audit.accepting?.() === false) return auditUnavailable(call).result;
    const abort = new AbortController();
    const release = followAborts(abort, [call.signal, call.alsoCancelledBy]);
    const entry: Running = { call: { ...call, signal: abort.signal }, started: performance.now(), recorded: false, abort };
    this.running.add(entry);
    try {
      const known = this.deps.catalog.find(call.name);
      const outcome = await traceTool(known?.tool.name ?? 'unknown', known?.ecosystem.id ?? 'unknown', () =>
        this.run(entry.call).catch((error: unknown) => internalFailure(call, error)),
      );
      const durationMs = performance.now() - entry.started;
      if (!entry.recorded) this.deps.audit.record(this.recordOf(call, outcome, durationMs));
      entry.recorded = true;
      logCall(call, outcome, durationMs);
      this.countCall(call, outcome, durationMs);
      return outcome.result;
    } finally {
      release();
      this.running.delete(entry);
    }
  }

  private async run(call: ToolCall): Promise<CallOutcome> {
    const { catalog, inbound } = this.deps;
    const entry = catalog.find(call.name);
    if (!entry || !catalog.allows(call.caller.scopes, entry)) {
      return refusal('denied', 'permission_denied', `Tool ${boundedName(call.name)} is not available with this API key; call tools/list to see the tools you may use`);
    }
    const retryAfter = await inbound.checkToolCall(call.caller.tenantId, call.name, call.caller.rateLimits);
    if (retryAfter > 0) {
      return refusal(
        'rate_limited',
        'rate_limited',
        `Rate limit for ${call.name} reached for this tenant: retry after ${retryAfter} seconds`,
      );
    }
    const gate = await this.deps.approvals?.check(call, entry);
    if (gate && 'held' in gate) return gate.held;
    if (gate) call = { ...call, args: gate.args };
    const target = await this.target(call, entry).catch((error: unknown) => error);
    if (target instanceof CredentialsMissingError) return refusal('no_credentials', target.code, target.toToolMessage());
    if (target instanceof ReconnectRequiredError) return refusal('tool_error', target.code, target.toToolMessage());
    if (target instanceof ValidationError) return refusal('tool_error', target.code, target.toToolMessage());
    if (target instanceof Error) return refusal('upstream_error', 'configuration_invalid', `${target.message}`);
    const { client, connection, args, chosen, resolved } = target as Target;
    const levels = this.levelsOf(call, entry, target as Target);
    if (levels.refused) return refusal('denied', 'permission_denied', levels.refused);
    const { permissions } = levels;
    const chooser = this.deps.connections;
    const execute = () =>
      executeTool(entry.tool, args, {
        client,
        tenantId: call.caller.tenantId,
        logger: call.caller.logger,
        signal: call.signal,
        progress: call.progress,
        requestId: call.caller.requestId,
        pending: this.pending.scoped({ tenantId: call.caller.tenantId, ecosystem: entry.ecosystem.id, connection }),
        ...(permissions ? { permissions } : {}),
        ...(chosen && chooser ? { missingLevelGuidance: (level: string) => chooser.guidance(call.caller.tenantId, entry.ecosystem, resolved, chosen, level) } : {}),
      });
    return this.throughCache(call, entry, connection, args, execute, permissions);
  }

  /**
   * The permission levels a call runs with: the key's, narrowed to its
   * connection's when the connection holds levels (Google's); or why it
   * cannot run, when the tool's level is one the connection lacks.
   */
  private levelsOf(call: ToolCall, entry: CatalogEntry, target: Target): { permissions?: ReadonlySet<string>; refused?: string } {
    if (!entry.ecosystem.permissionLevels) return {};
    const keyLevels = this.deps.catalog.levelsOf(call.caller.scopes, entry.ecosystem);
    const chooser = this.deps.connections;
    if (!target.chosen || !chooser) return { permissions: keyLevels };
    const refused = chooser.levelRefusal(call.caller.tenantId, entry.ecosystem, target.resolved, target.chosen, keyLevels, entry.tool.name);
    return refused ? { refused } : { permissions: chooser.levelsOn(target.chosen, keyLevels) };
  }

  /**
   * The client a call runs with and the connection it acts on: for an OAuth
   * mode, the connection the `connection` argument names (or the tenant's only
   * one), whose client is keyed by it; otherwise the tenant's one credential.
   */
  private async target(call: ToolCall, entry: CatalogEntry): Promise<Target> {
    const { clients, connections } = this.deps;
    const tenantId = call.caller.tenantId;
    const resolved = await clients.config(tenantId, entry.ecosystem);
    const { connection: requested, args } = splitConnection(call.args);
    if (connections?.appliesTo(entry.ecosystem, resolved)) {
      const chosen = await connections.choose(tenantId, entry.ecosystem, requested);
      return { client: await clients.get(tenantId, entry.ecosystem, chosen), connection: chosen.id, args, chosen, resolved };
    }
    // A tenant's stored (or environment) credential is its one connection.
    if (requested !== undefined && requested !== DEFAULT_CONNECTION) {
      throw new ValidationError(`connection "${boundedName(requested)}" is not connected for this tenant; it has: ${DEFAULT_CONNECTION} (leave connection out to use it)`);
    }
    return { client: await clients.get(tenantId, entry.ecosystem), connection: DEFAULT_CONNECTION, args, resolved };
  }

  /**
   * A read tool's fresh answer comes from the cache; a miss is run and kept
   * when it succeeds. A write tool empties its tenant's cache for the
   * ecosystem once it has run, whatever its outcome.
   */
  private async throughCache(
    call: ToolCall,
    entry: CatalogEntry,
    connection: string,
    args: unknown,
    execute: () => Promise<ToolExecutionOutcome>,
    permissions: ReadonlySet<string> | undefined,
  ): Promise<CallOutcome> {
    const { cache } = this.deps;
    const tenantId = call.caller.tenantId;
    const ecosystem = entry.ecosystem.id;
    if (!cache) return execute();
    if (!entry.tool.annotations.readOnlyHint) {
      const outcome = await execute();
      await cache.invalidate(tenantId, ecosystem);
      return outcome;
    }
    const ttlSeconds = cacheLifetime(entry.tool, this.deps.cacheTtlSeconds ?? 0);
    if (ttlSeconds <= 0) return execute();
    // The credential is part of the key: after a credential change, answers fetched with the old one are not served.
    const credential = this.deps.clients.fingerprintOf(tenantId, entry.ecosystem) ?? '';
    // So are the caller's levels: an answer that held personal data is never served to a key without that level.
    const levels = permissions ? [...permissions].sort().join('+') : '';
    const key = cacheKey({ tenantId, connection: `${connection}:${credential}:${levels}`, tool: entry.tool.name, args });
    const hit = await cache.get(key);
    activeMetrics()?.cacheLookup(hit ? 'hit' : 'miss');
    if (hit) return cachedOutcome(hit.result as ToolCallResult);
    const startedAt = new Date();
    const outcome = await execute();
    if (outcome.status === 'ok') await cache.set({ key, tenantId, ecosystem, connection, toolName: entry.tool.name, result: outcome.result, ttlSeconds, startedAt });
    return outcome;
  }

  // Only catalog names become labels: a caller's made-up tool name would otherwise grow the series without bound.
  private countCall(call: ToolCall, outcome: CallOutcome, durationMs: number): void {
    const entry = this.deps.catalog.find(call.name);
    activeMetrics()?.toolCall(entry?.ecosystem.id ?? 'unknown', entry?.tool.name ?? 'unknown', outcome.status, durationMs / 1000);
  }

  private recordOf(call: ToolCall, outcome: CallOutcome, durationMs: number): ToolExecutionRecord {
    const { caller } = call;
    const entry = this.deps.catalog.find(call.name);
    return {
      id: randomUUID(),
      timestamp: new Date(),
      tenantId: caller.tenantId,
      apiKeyId: caller.apiKeyId,
      userId: caller.userId ?? null,
      oauthClientId: caller.oauthClientId ?? null,
      requestId: caller.requestId,
      sessionId: null,
      clientName: caller.clientName ?? null,
      clientVersion: caller.clientVersion ?? null,
      // A name not in the catalog is the caller's own text: stored bounded and with control characters escaped.
      ecosystem: entry?.ecosystem.id ?? boundedName(call.name.split('_')[0] || 'unknown', 32),
      toolName: entry?.tool.name ?? boundedName(call.name),
      // Redacted where every record becomes a row (the audit package's toAuditRow), for every sink alike.
      arguments: call.args ?? {},
      status: outcome.status,
      errorCode: outcome.error?.code ?? null,
      errorMessage: outcome.error?.message ?? null,
      durationMs: Math.round(durationMs),
      resultSize: outcome.resultSize,
      cached: outcome.cached ?? false,
      traceparent: caller.traceparent ?? null,
      upstreamRequestIds: outcome.upstreamRequestIds ?? [],
    };
  }
}

/** The call's one log line: its outcome and the platform's request ids, which join it to the platform's own logs and support. */
function logCall(call: ToolCall, outcome: CallOutcome, durationMs: number): void {
  call.caller.logger.info(
    {
      tool: boundedName(call.name),
      status: outcome.status,
      ...(outcome.error ? { errorCode: outcome.error.code } : {}),
      durationMs: Math.round(durationMs),
      ...(outcome.cached ? { cached: true } : {}),
      ...(outcome.upstreamRequestIds?.length ? { upstreamRequestIds: outcome.upstreamRequestIds } : {}),
      ...traceIdField(),
    },
    'tool call',
  );
}

// Joins the log line to the trace in the tracing backend; absent (and free) when tracing is off.
function traceIdField(): { traceId?: string } {
  const traceId = currentTraceId();
  return traceId ? { traceId } : {};
}

function refusal(
  status: ToolExecutionOutcome['status'],
  code: NonNullable<ToolExecutionOutcome['error']>['code'],
  message: string,
): ToolExecutionOutcome {
  return {
    result: { content: [{ type: 'text', text: message }], isError: true },
    status,
    error: { code, message },
    resultSize: Buffer.byteLength(message),
  };
}

function cachedOutcome(result: ToolCallResult): CallOutcome {
  const text = result.content.map((part) => part.text).join('');
  return { result, status: 'ok', resultSize: Buffer.byteLength(text), cached: true };
}

/** What a caller over a request budget is told: which budget, and when to retry. */
export function requestRefusalMessage(refusal: RequestRefusal): string {
  const whose = refusal.budget === 'key' ? 'this API key' : "this API key's tenant (all its keys share one budget)";
  return `Too many requests for ${whose}: retry after ${refusal.retryAfter} seconds`;
}

/** Seconds a client is told to wait when the audit trail cannot take more records. */
export const AUDIT_RETRY_AFTER_SECONDS = 5;

function auditUnavailable(call: ToolCall): ToolExecutionOutcome {
  return refusal(
    'tool_error',
    'upstream_unavailable',
    `${call.name} was not run: the audit trail cannot record more calls right now (database unreachable and local buffers full). ` +
      `Retry after ${AUDIT_RETRY_AFTER_SECONDS} seconds.`,
  );
}

function internalFailure(call: ToolCall, error: unknown): ToolExecutionOutcome {
  const tool = boundedName(call.name);
  call.caller.logger.error({ err: error, tool, requestId: call.caller.requestId }, 'tool call failed in the server');
  return refusal('tool_error', 'internal_error', `${tool} failed with an internal error (request ${call.caller.requestId})`);
}
