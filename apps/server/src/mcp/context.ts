import type { Logger } from '@enterprise-mcp/core';
import type { KeyScopes } from '../data-plane/types.js';
import type { TenantRateLimits } from '../rate-limits/inbound.js';

/** Who is calling and on whose behalf: resolved once per HTTP request (or once for stdio). */
export interface CallerContext {
  requestId: string;
  tenantId: string;
  apiKeyId: string | null;
  /** The OAuth token's user and client (null for API keys and stdio). */
  userId?: string | null;
  oauthClientId?: string | null;
  scopes: KeyScopes;
  rateLimits?: TenantRateLimits;
  clientName?: string | null;
  clientVersion?: string | null;
  logger: Logger;
  /** The W3C `traceparent` the client sent in the request's `_meta`, for logs and the audit row. */
  traceparent?: string;
}
