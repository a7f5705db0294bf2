import { toolDefinerFor } from '@enterprise-mcp/core';
import type { QuickBooksClient } from './client.js';

/** The one tool definer of this package: every handler gets a typed `ctx.client`. */
export const quickbooksTool = toolDefinerFor<QuickBooksClient>();
