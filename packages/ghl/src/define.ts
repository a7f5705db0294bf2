import { defineTool, type ToolDefinition, type ToolInputSchema, type ToolOutputSchema } from '@enterprise-mcp/core';
import type { GhlClient } from './client.js';

/** `defineTool` with the GoHighLevel client bound, so handlers get a typed `ctx.client`. */
export function defineGhlTool<TInput extends ToolInputSchema, TOutput extends ToolOutputSchema | undefined = undefined>(
  definition: ToolDefinition<GhlClient, TInput, TOutput>,
): ToolDefinition<GhlClient, TInput, TOutput> {
  return defineTool(definition);
}
