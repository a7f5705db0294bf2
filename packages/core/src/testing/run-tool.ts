import { executeTool, type ToolExecutionOutcome } from '../execute.js';
import { noopLogger } from '../logger.js';
import type { AnyTool, ToolContext } from '../tool.js';

/**
 * Runs a tool the way a server would, with a quiet default context, so an
 * ecosystem's tests exercise the same validation and error shaping users get.
 */
export function runTool<TClient>(
  tool: AnyTool<TClient>,
  args: unknown,
  client: TClient,
  context: Partial<Omit<ToolContext<TClient>, 'client'>> = {},
): Promise<ToolExecutionOutcome> {
  return executeTool(tool, args, {
    client,
    tenantId: 'test',
    logger: noopLogger,
    signal: new AbortController().signal,
    progress: async () => {},
    ...context,
  });
}
