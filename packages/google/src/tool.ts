import { toolDefinerFor, type ToolDefinition, type ToolInputSchema, type ToolOutputSchema } from '@enterprise-mcp/core';
import type { GoogleClient } from './client.js';
import { GoogleScopeMissingError } from './errors.js';

const define = toolDefinerFor<GoogleClient>();

/**
 * The one Google tool definer: `defineTool` with the client bound, so
 * handlers get a typed `ctx.client`. A 403 for a missing scope leaves with the
 * host's guidance for the level (`ctx.missingLevelGuidance`: the reconnect
 * link that asks for it), the same words as a refusal before the call.
 */
export function googleTool<TInput extends ToolInputSchema, TOutput extends ToolOutputSchema | undefined = undefined>(
  definition: ToolDefinition<GoogleClient, TInput, TOutput>,
): ToolDefinition<GoogleClient, TInput, TOutput> {
  const { handler } = definition;
  return define({
    ...definition,
    handler: async (input, ctx) => {
      try {
        return await handler(input, ctx);
      } catch (error) {
        if (error instanceof GoogleScopeMissingError && error.level && ctx.missingLevelGuidance) throw error.withGuidance(ctx.missingLevelGuidance(error.level));
        throw error;
      }
    },
  });
}
