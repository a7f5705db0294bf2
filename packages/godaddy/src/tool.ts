import { toolDefinerFor } from '@enterprise-mcp/core';
import type { GoDaddyClient } from './client.js';

/** The one tool definer of this package: every handler gets a typed `ctx.client`. */
export const godaddyTool = toolDefinerFor<GoDaddyClient>();
