import type { OidcLogin } from '@enterprise-mcp/authorization';
import type { PrismaClient } from '@enterprise-mcp/database';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'used' | 'expired';

export interface ApprovalSummary {
  id: string;
  tenantId: string;
  apiKeyId: string | null;
  userId: string | null;
  ecosystem: string;
  toolName: string;
  arguments: unknown;
  status: ApprovalStatus;
  requestedAt: Date;
  expiresAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

/** The approvals queue the server owns (apps/server/src/approvals); the console only reads and decides. */
export interface ApprovalQueue {
  list(q: { tenantIds?: string[]; status?: ApprovalStatus; limit?: number }): Promise<ApprovalSummary[]>;
  get(id: string): Promise<ApprovalSummary | null>;
  approve(id: string, decidedBy: string): Promise<ApprovalSummary>;
  deny(id: string, decidedBy: string, reason?: string): Promise<ApprovalSummary>;
}

/** One tool of the server's catalog, as the console lists it and builds its form. */
export interface ConsoleTool {
  name: string;
  description?: string;
  ecosystem: string;
  readOnly: boolean;
  inputSchema: Record<string, unknown>;
}

/** A connected platform account, without its tokens. */
export interface ConsoleConnection {
  id: string;
  tenantId: string;
  ecosystem: string;
  name: string;
  displayName?: string;
  status: string;
  accessExpiresAt?: Date;
  refreshExpiresAt?: Date;
  lastError?: string;
  warnings: string[];
}

/** OAuth connections (the server's vault); absent when the server has none. */
export interface ConsoleConnections {
  list(tenantId: string): Promise<ConsoleConnection[]>;
  /** A one-time connect link; with `connectionId`, it reconnects that account. */
  connectLink(request: { tenantId: string; ecosystem: string; connectionId?: string }): Promise<{ url: string; expiresAt: Date }>;
  disconnect(tenantId: string, connectionId: string): Promise<void>;
  /** The ecosystems that connect through OAuth. */
  ecosystems(): string[];
}

/** What a tool call from "try a tool" returns: the MCP tool result. */
export interface TryResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface ConsoleDeps {
  prisma: PrismaClient;
  /** Derives the CSRF tokens of sessions: at least 32 bytes, the same on every replica. */
  sessionSecret: string;
  /** Session lifetime from sign-in, not extended by use (default 8 hours). */
  sessionTtlMs?: number;
  /** The public URL is https: the session cookie is then Secure. */
  secureCookies: () => boolean;
  /** PUBLIC_URL's origin, when a proxy in front makes it differ from the request URL's (form posts must come from it). */
  publicOrigin?: () => string | undefined;
  tools: () => ConsoleTool[];
  /** Runs a tool as the signed-in user through the server's guarded, audited call path. */
  callTool(request: { tenantId: string; userId: string; readOnly: boolean; name: string; args: unknown }): Promise<TryResult>;
  approvals: ApprovalQueue;
  connections?: ConsoleConnections;
  /** Sign-in through the external OIDC provider (AUTH_OIDC_ISSUER), beside passwords; its redirect URI is `<origin>/console/login/oidc/callback`. */
  oidc?: Pick<OidcLogin, 'label' | 'start' | 'finish'>;
}
