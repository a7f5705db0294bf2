import { toolDefinerFor } from '@enterprise-mcp/core';
import type { CloudflareClient } from './client.js';

/** defineTool with the Cloudflare client as context, so handlers get it typed. */
export const cloudflareTool = toolDefinerFor<CloudflareClient>();
