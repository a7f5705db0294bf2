import { toolDefinerFor } from '@enterprise-mcp/core';
import type { GhlClient } from './client.js';

/** The one GoHighLevel tool definer: `defineTool` with the client bound, so handlers get a typed `ctx.client`. */
export const ghlTool = toolDefinerFor<GhlClient>();
