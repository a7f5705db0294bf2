import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnyTool, AuditSink, ProgressReporter, ToolCallResult } from '@enterprise-mcp/core';
import { normaliseArgs } from '../cache/key.js';
import type { CallerContext } from '../mcp/context.js';
import type { ApprovalBinding, ApprovalStore, ConsumeResult } from './store.js';
import { APPROVAL_ARGUMENT, ApprovalRules } from './rules.js';
import type { ApprovalSummary } from './types.js';

export { APPROVAL_ARGUMENT, isDestructive } from './rules.js';
/** The same, for clients that set `_meta` on `tools/call`. */
export const APPROVAL_META_KEY = 'io.enterprise-mcp/approval-id';

/** What the gate needs of a call (the invoker's ToolCall). */
export interface GatedCall {
  name: string;
  args: unknown;
  caller: CallerContext;
  signal: AbortSignal;
  progress: ProgressReporter;
  approvalId?: string;
}

/** A call the gate did not let through: its result for the client and what the audit row says. */
export interface HeldOutcome {
  result: ToolCallResult;
  status: 'denied';
  error: { code: ApprovalCode; message: string };
  resultSize: number;
}

export type ApprovalCode = 'approval_pending' | 'approval_denied' | 'approval_expired' | 'approval_used' | 'approval_invalid' | 'approval_unavailable';

export interface ApprovalGateOptions {
  /** None (stdio, no database): a call that needs approval is refused, never run. */
  store?: ApprovalStore;
  audit: AuditSink;
  /** PUBLIC_URL (or the listen address): where the console's approval page is. */
  publicUrl: () => string;
  /** How long a held call waits for a decision before answering "pending" (APPROVAL_WAIT_MS; 0: answer at once). */
  waitMs: number;
  /** How often a waiting call reads its approval again. */
  pollMs?: number;
}

/**
 * Holds calls to tools the caller's rules name until a person approves that
 * exact call. The decision never comes through MCP: the same client could
 * answer its own elicitation, so only the console or the CLI decide.
 */
export class ApprovalGate {
  private readonly rules = new ApprovalRules();

  constructor(private readonly options: ApprovalGateOptions) {}

  /** The arguments to run with (the approval id taken out), or why the call does not run now. */
  async check(call: GatedCall, entry: { ecosystem: { id: string }; tool: AnyTool }): Promise<{ args: unknown } | { held: HeldOutcome }> {
    const { args, approvalId: fromArgs } = splitApprovalId(call.args);
    const approvalId = call.approvalId ?? fromArgs;
    if (!this.rules.holds(call.caller.scopes.approvalTools, entry.tool)) return { args };
    const store = this.options.store;
    if (!store) return { held: held('approval_unavailable', `${entry.tool.name} needs a person's approval, and this server has no approval store (approvals need the database; stdio has none): it was not run`) };
    const binding: ApprovalBinding = {
      tenantId: call.caller.tenantId,
      apiKeyId: call.caller.apiKeyId,
      userId: call.caller.userId ?? null,
      ecosystem: entry.ecosystem.id,
      toolName: entry.tool.name,
      argumentsHash: argumentsHash(args),
    };
    try {
      const verdict = approvalId ? await this.withId(store, call, binding, approvalId) : await this.request(store, call, binding, args);
      return verdict === 'run' ? { args } : { held: verdict };
    } catch (error) {
      // Fails closed: a store that cannot answer never lets a held call through.
      call.caller.logger.error({ err: error, tool: entry.tool.name }, 'approval store unavailable: held call refused');
      return { held: held('approval_unavailable', `${entry.tool.name} needs a person's approval, which cannot be checked right now (approval store unreachable): it was not run; retry later`) };
    }
  }

  private async request(store: ApprovalStore, call: GatedCall, binding: ApprovalBinding, args: unknown): Promise<'run' | HeldOutcome> {
    const approval = await store.request(binding, args, call.caller.requestId);
    return this.pendingOrWait(store, call, binding, approval);
  }

  private async withId(store: ApprovalStore, call: GatedCall, binding: ApprovalBinding, id: string): Promise<'run' | HeldOutcome> {
    const spent = await store.consume(id, binding);
    if (spent.ok) return this.used(call, spent.approval);
    if (spent.reason === 'pending') return this.pendingOrWait(store, call, binding, spent.approval!);
    return refusedWith(spent, binding.toolName);
  }

  /** Answers "pending" at once, or waits up to APPROVAL_WAIT_MS for the decision, reporting progress when the client asked for it. */
  private async pendingOrWait(store: ApprovalStore, call: GatedCall, binding: ApprovalBinding, approval: ApprovalSummary): Promise<'run' | HeldOutcome> {
    const deadline = Date.now() + Math.min(this.options.waitMs, approval.expiresAt.getTime() - Date.now());
    const pollMs = this.options.pollMs ?? 500;
    while (Date.now() < deadline && !call.signal.aborted) {
      await call.progress({ progress: 0, message: `waiting for approval ${approval.id}: ${this.linkOf(approval.id)}` }).catch(() => {});
      await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), undefined, { signal: call.signal }).catch(() => {});
      const now = await store.get(approval.id);
      if (now && now.status !== 'pending') return this.withId(store, call, binding, approval.id);
    }
    return pending(approval, this.linkOf(approval.id));
  }

  /** The approval is spent: its own audit row (`approval_used`) ties the id to the call that runs next. */
  private used(call: GatedCall, approval: ApprovalSummary): 'run' {
    this.options.audit.record({
      id: randomUUID(),
      timestamp: new Date(),
      tenantId: approval.tenantId,
      apiKeyId: approval.apiKeyId,
      userId: approval.userId,
      requestId: call.caller.requestId,
      clientName: call.caller.clientName ?? null,
      clientVersion: call.caller.clientVersion ?? null,
      ecosystem: approval.ecosystem,
      toolName: approval.toolName,
      arguments: { approvalId: approval.id, decidedBy: approval.decidedBy },
      status: 'ok',
      errorCode: 'approval_used',
      errorMessage: `Approval ${approval.id} (approved by ${approval.decidedBy}) used`,
      durationMs: 0,
      resultSize: 0,
      traceparent: call.caller.traceparent ?? null,
    });
    return 'run';
  }

  private linkOf(id: string): string {
    return `${this.options.publicUrl()}/console/approvals/${id}`;
  }
}

/** SHA-256 of the arguments as canonical JSON (keys sorted at every depth): the exact call an approval is for. */
export function argumentsHash(args: unknown): string {
  return createHash('sha256').update(JSON.stringify(normaliseArgs(args ?? {}))).digest('hex');
}

/** Takes `_approval_id` out of the arguments, so the tool's strict schema never sees it and the hash is of the call itself. */
export function splitApprovalId(args: unknown): { args: unknown; approvalId?: string } {
  if (!args || typeof args !== 'object' || Array.isArray(args) || !(APPROVAL_ARGUMENT in args)) return { args };
  const { [APPROVAL_ARGUMENT]: id, ...rest } = args as Record<string, unknown>;
  return { args: rest, ...(typeof id === 'string' && id ? { approvalId: id } : {}) };
}

function pending(approval: ApprovalSummary, link: string): HeldOutcome {
  const message =
    `Approval required: ${approval.toolName} was not run. A person must approve this exact call (same tool and arguments) ` +
    `in the console or with \`enterprise-mcp approvals approve ${approval.id}\`. ` +
    `Approval id: ${approval.id}. Console: ${link}. Expires: ${approval.expiresAt.toISOString()}. ` +
    `Once approved, call ${approval.toolName} again with the same arguments plus "${APPROVAL_ARGUMENT}": "${approval.id}".`;
  const outcome = held('approval_pending', message);
  outcome.result['_meta'] = { 'io.enterprise-mcp/approval': { id: approval.id, status: approval.status, url: link, expiresAt: approval.expiresAt.toISOString() } };
  return outcome;
}

function refusedWith(spent: Extract<ConsumeResult, { ok: false }>, tool: string): HeldOutcome {
  const id = spent.approval?.id;
  switch (spent.reason) {
    case 'denied': {
      const why = spent.approval?.reason ? `: ${spent.approval.reason}` : '';
      return held('approval_denied', `${tool} was not run: approval ${id} was denied by ${spent.approval?.decidedBy}${why}. Do not retry this call.`);
    }
    case 'expired':
      return held('approval_expired', `${tool} was not run: approval ${id} has expired. Call again without ${APPROVAL_ARGUMENT} to ask for a new approval.`);
    case 'used':
      return held('approval_used', `${tool} was not run: approval ${id} was already used; an approval runs one call. Call again without ${APPROVAL_ARGUMENT} to ask for a new one.`);
    case 'mismatch':
      return held('approval_invalid', `${tool} was not run: approval ${id} is for another call (tool, arguments or caller differ). Call with exactly the approved arguments, or without ${APPROVAL_ARGUMENT} to ask for a new approval.`);
    default:
      return held('approval_invalid', `${tool} was not run: no approval with that id for this tenant. Call again without ${APPROVAL_ARGUMENT} to ask for one.`);
  }
}

/**
 * An error result (`isError: true`), chosen because the call did not happen:
 * a model reads it as "not done", and SDK clients check a success result
 * against the tool's output schema, which a held call's answer cannot match.
 */
function held(code: ApprovalCode, message: string): HeldOutcome {
  return { result: { content: [{ type: 'text', text: message }], isError: true }, status: 'denied', error: { code, message }, resultSize: Buffer.byteLength(message) };
}
