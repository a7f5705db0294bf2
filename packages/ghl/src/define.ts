import { toolDefinerFor } from '@enterprise-mcp/core';
import type { GhlClient } from './client.js';

/** `defineTool` with the GoHighLevel client bound, so handlers get a typed `ctx.client`. */
export const defineGhlTool = toolDefinerFor<GhlClient>();
