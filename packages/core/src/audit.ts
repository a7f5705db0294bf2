/**
 * The audit sink contract. The server hands one record per tool execution to a
 * sink; the database-backed writer lives in its own package.
 */

export type ToolExecutionStatus =
  | 'ok'
  | 'tool_error'
  | 'denied'
  | 'rate_limited'
  | 'upstream_error'
  | 'timeout'
  | 'cancelled'
  /** The tenant has no credentials for the platform: refused before any upstream call. */
  | 'no_credentials';

export interface ToolExecutionRecord {
  /** Unique per record, so retried writes never duplicate a row. */
  id: string;
  timestamp: Date;
  tenantId: string;
  apiKeyId?: string | null;
  /** The signed-in user, when the caller presented an OAuth access token. */
  userId?: string | null;
  /** The OAuth client the token was issued to. */
  oauthClientId?: string | null;
  requestId?: string | null;
  sessionId?: string | null;
  clientName?: string | null;
  clientVersion?: string | null;
  ecosystem: string;
  toolName: string;
  /** Arguments with secrets already redacted. */
  arguments: unknown;
  status: ToolExecutionStatus;
  errorCode?: string | null;
  errorMessage?: string | null;
  durationMs: number;
  resultSize?: number | null;
  /** The answer came from the server's cache: the platform was not called. Absent means false. */
  cached?: boolean;
  /** The W3C `traceparent` the client sent in the request's `_meta`: joins the row to the client's trace. */
  traceparent?: string | null;
  /** The platform's ids of the call's upstream requests (Amazon's `x-amzn-RequestId`), which its support asks for. */
  upstreamRequestIds?: string[];
}

export interface AuditSink {
  /** Must not wait for storage: the request path calls it. */
  record(record: ToolExecutionRecord): void;
  /** Writes everything buffered; called at shutdown. */
  flush(): Promise<void>;
  /**
   * False when the sink can no longer keep records (storage down and its buffers
   * full): the server then refuses a tool call before it runs rather than run it
   * unaudited. Absent means always accepting. Must not wait for storage.
   */
  accepting?(): boolean;
}
