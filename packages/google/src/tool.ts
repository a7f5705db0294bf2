import { toolDefinerFor } from '@enterprise-mcp/core';
import type { GoogleClient } from './client.js';

/** The one Google tool definer: `defineTool` with the client bound, so handlers get a typed `ctx.client`. */
export const googleTool = toolDefinerFor<GoogleClient>();
