import { z } from 'zod';
import type { ToolExecutionStatus } from './audit.js';
import { scopedSignal, withCallScope } from './call-scope.js';
import { CancelledError, EmcpError, ValidationError, type ErrorCode } from './errors.js';
import type { AnyTool, ToolContext } from './tool.js';

/** The MCP `CallToolResult` shape, declared here so tools stay free of SDK types. */
export interface ToolCallResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface ToolExecutionOutcome {
  result: ToolCallResult;
  status: ToolExecutionStatus;
  error?: { code: ErrorCode; message: string };
  /** Bytes of the text rendering, for the audit trail. */
  resultSize: number;
  /** The platform's ids of the upstream requests the call made, in order (empty when it made none or the platform names none). */
  upstreamRequestIds?: string[];
}

/**
 * Runs one tool: validates input, calls the handler, checks the output and
 * turns every failure into a tool error result a model can act on. This is the
 * one place where tool errors are shaped; both registration paths use it.
 */
export async function executeTool<TClient>(
  tool: AnyTool<TClient>,
  args: unknown,
  ctx: ToolContext<TClient>,
): Promise<ToolExecutionOutcome> {
  const upstreamRequestIds = ctx.upstreamRequestIds ?? [];
  // The handler's requests find this call through its signal: one of its own if another call shares the caller's.
  const signal = scopedSignal(ctx.signal);
  const traced = { ...ctx, signal, upstreamRequestIds };
  const outcome = await withCallScope(signal, { upstreamRequestIds, logger: ctx.logger }, async () => {
    try {
      const input = tool.input.safeParse(args ?? {});
      if (!input.success) throw invalidInput(tool, input.error);
      const output: unknown = await tool.handler(input.data, traced);
      return success(tool, output);
    } catch (error) {
      return failure(tool, error, traced);
    }
  });
  return { ...outcome, upstreamRequestIds: [...upstreamRequestIds] };
}

function success(tool: AnyTool, output: unknown): ToolExecutionOutcome {
  if (tool.output) {
    const checked = (tool.output as z.ZodObject).safeParse(output);
    if (!checked.success) {
      throw new Error(`Tool ${tool.name} produced output that does not match its schema: ${z.prettifyError(checked.error)}`);
    }
    const text = tool.render ? tool.render(checked.data) : JSON.stringify(checked.data);
    return {
      result: { content: [{ type: 'text', text }], structuredContent: checked.data as Record<string, unknown> },
      status: 'ok',
      resultSize: Buffer.byteLength(text),
    };
  }
  const text = tool.render ? tool.render(output) : typeof output === 'string' ? output : JSON.stringify(output);
  return { result: { content: [{ type: 'text', text: text ?? '' }] }, status: 'ok', resultSize: Buffer.byteLength(text ?? '') };
}

function failure(tool: AnyTool, error: unknown, ctx: ToolContext<unknown>): ToolExecutionOutcome {
  if (ctx.signal.aborted && !(error instanceof EmcpError)) {
    error = new CancelledError(`${tool.name} was cancelled`);
  }
  if (error instanceof EmcpError) {
    const message = error.toToolMessage();
    return {
      result: errorResult(message),
      status: statusOf(error),
      error: { code: error.code, message },
      resultSize: Buffer.byteLength(message),
    };
  }
  // Unknown errors may carry internals: log them, show the model only a reference.
  ctx.logger.error({ err: error, tool: tool.name, requestId: ctx.requestId }, 'tool failed unexpectedly');
  const message = `${tool.name} failed with an internal error${ctx.requestId ? ` (request ${ctx.requestId})` : ''}; the server log has details`;
  return {
    result: errorResult(message),
    status: 'tool_error',
    error: { code: 'internal_error', message },
    resultSize: Buffer.byteLength(message),
  };
}

function errorResult(message: string): ToolCallResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

function statusOf(error: EmcpError): ToolExecutionStatus {
  switch (error.code) {
    case 'rate_limited':
      return 'rate_limited';
    case 'upstream_timeout':
      return 'timeout';
    case 'cancelled':
      return 'cancelled';
    case 'credentials_missing':
      return 'no_credentials';
    case 'authentication_failed':
    case 'upstream_unavailable':
    case 'configuration_invalid':
      return 'upstream_error';
    default:
      return 'tool_error';
  }
}

function invalidInput(tool: AnyTool, error: z.ZodError): ValidationError {
  const fields = error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code !== 'unrecognized_keys') return [{ path: at.join('.'), message: issue.message }];
    const known = at.length === 0 ? Object.keys(tool.input.shape) : undefined;
    return issue.keys.map((key) => ({
      path: [...at, key].join('.'),
      message: `is not an argument of ${tool.name}${known ? `; it takes: ${known.join(', ') || 'no arguments'}` : ''}`,
    }));
  });
  return new ValidationError(`Invalid input for ${tool.name}`, fields, {
    hint: 'fix the named fields and call again',
  });
}
