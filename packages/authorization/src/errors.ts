import { EmcpError, type EmcpErrorOptions } from '@enterprise-mcp/core';

/** The error codes of RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 8707 and RFC 6750 that this server answers with. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'access_denied'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'server_error'
  | 'temporarily_unavailable';

const STATUS: Partial<Record<OAuthErrorCode, number>> = { invalid_client: 401, server_error: 500, temporarily_unavailable: 503 };

/**
 * An OAuth protocol error: `oauthError` and the message become the
 * `error` / `error_description` of the JSON body or the redirect.
 */
export class OAuthError extends EmcpError {
  readonly code = 'validation_failed' as const;
  readonly httpStatus: number;

  constructor(
    readonly oauthError: OAuthErrorCode,
    message: string,
    options: EmcpErrorOptions = {},
  ) {
    super(message, options);
    this.httpStatus = STATUS[oauthError] ?? 400;
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.oauthError, error_description: this.message };
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
