import { toolDefinerFor } from '@enterprise-mcp/core';
import type { AmazonClient } from './client.js';

/** The one Amazon tool definer: `defineTool` with the client bound, so handlers get a typed `ctx.client`. */
export const amazonTool = toolDefinerFor<AmazonClient>();
