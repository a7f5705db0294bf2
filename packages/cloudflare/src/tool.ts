import { defineTool, type ToolDefinition, type ToolInputSchema, type ToolOutputSchema } from '@enterprise-mcp/core';
import type { CloudflareClient } from './client.js';

/** defineTool with the Cloudflare client as context, so handlers get it typed. */
export function cloudflareTool<TInput extends ToolInputSchema, TOutput extends ToolOutputSchema | undefined = undefined>(
  definition: ToolDefinition<CloudflareClient, TInput, TOutput>,
): ToolDefinition<CloudflareClient, TInput, TOutput> {
  return defineTool(definition);
}
