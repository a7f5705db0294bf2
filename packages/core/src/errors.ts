/**
 * Typed errors shared by every ecosystem. A client maps each platform's error
 * responses onto these, so tools, the server and the audit trail see one vocabulary.
 */

export type ErrorCode =
  | 'authentication_failed'
  | 'permission_denied'
  | 'not_found'
  | 'validation_failed'
  | 'conflict'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'configuration_invalid'
  | 'credentials_missing'
  /** An OAuth connection's grant is gone (expired, revoked, rotated away): a person must connect it again. */
  | 'reconnect_required'
  | 'cancelled'
  /** A failure of ours, not the platform's or the caller's: the log has the details. */
  | 'internal_error';

export interface FieldProblem {
  /** Dotted path of the offending field, as the caller named it (`content`, `records.0.ttl`). */
  path: string;
  message: string;
  /** The platform's own code for this field problem, when it sends one. */
  code?: string;
}

export interface EmcpErrorOptions {
  /** Platform display name, e.g. "Cloudflare". */
  platform?: string;
  /** The platform's own error code (Cloudflare 81057, GoDaddy DUPLICATE_RECORD). */
  platformCode?: string | number;
  /** HTTP status the platform answered with, when there was an answer. */
  status?: number;
  /** What the caller (usually a model) should do next. */
  hint?: string;
  cause?: unknown;
}

export abstract class EmcpError extends Error {
  abstract readonly code: ErrorCode;
  readonly platform?: string;
  readonly platformCode?: string | number;
  readonly status?: number;
  readonly hint?: string;

  constructor(message: string, options: EmcpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.platform = options.platform;
    this.platformCode = options.platformCode;
    this.status = options.status;
    this.hint = options.hint;
  }

  /** One line a model can act on: what happened, whose code it was, what to do next. */
  toToolMessage(): string {
    const origin =
      this.platform && this.platformCode !== undefined
        ? ` (${this.platform} ${this.platformCode})`
        : this.platform
          ? ` (${this.platform})`
          : '';
    return this.hint ? `${this.message}${origin}: ${this.hint}` : `${this.message}${origin}`;
  }
}

export class AuthenticationError extends EmcpError {
  readonly code = 'authentication_failed' as const;
}

export class PermissionDeniedError extends EmcpError {
  readonly code = 'permission_denied' as const;
}

export class NotFoundError extends EmcpError {
  readonly code = 'not_found' as const;
}

export class ConflictError extends EmcpError {
  readonly code = 'conflict' as const;
}

export class ValidationError extends EmcpError {
  readonly code = 'validation_failed' as const;
  readonly fields: FieldProblem[];

  constructor(message: string, fields: FieldProblem[] = [], options: EmcpErrorOptions = {}) {
    super(message, options);
    this.fields = fields;
  }

  override toToolMessage(): string {
    const base = super.toToolMessage();
    if (this.fields.length === 0) return base;
    const details = this.fields.map((f) => `${f.path || '(input)'}: ${f.message}`).join('; ');
    return `${base} [${details}]`;
  }
}

export class RateLimitedError extends EmcpError {
  readonly code = 'rate_limited' as const;
  /** Seconds until a retry may succeed. */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options: EmcpErrorOptions = {}) {
    super(message, {
      hint: options.hint ?? `retry after ${retryAfterSeconds} seconds`,
      ...options,
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UpstreamUnavailableError extends EmcpError {
  readonly code = 'upstream_unavailable' as const;
}

export class UpstreamTimeoutError extends EmcpError {
  readonly code = 'upstream_timeout' as const;
}

export class CancelledError extends EmcpError {
  readonly code = 'cancelled' as const;
}

export interface ConfigProblem {
  /** The environment variable or option name at fault. */
  variable: string;
  message: string;
}

/** Configuration that cannot work; names every variable at fault and what it expects. */
export class ConfigurationError extends EmcpError {
  readonly code = 'configuration_invalid' as const;
  readonly problems: ConfigProblem[];

  constructor(context: string, problems: ConfigProblem[]) {
    super(`${context}: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.problems = problems;
  }
}

/**
 * The tenant has no credentials for the platform, so the call cannot be made:
 * an operator has to store them. Not the platform's fault, and not a bad config.
 */
export class CredentialsMissingError extends EmcpError {
  readonly code = 'credentials_missing' as const;
}

/**
 * An OAuth connection can no longer be refreshed (`invalid_grant`, revoked,
 * past its hard cap): nothing retries it, a person reconnects it at `reconnectUrl`.
 */
export class ReconnectRequiredError extends EmcpError {
  readonly code = 'reconnect_required' as const;
  readonly connectionId?: string;
  readonly reconnectUrl?: string;

  constructor(message: string, options: EmcpErrorOptions & { connectionId?: string; reconnectUrl?: string } = {}) {
    super(message, { ...options, hint: options.hint ?? (options.reconnectUrl ? `reconnect it at ${options.reconnectUrl}` : 'reconnect it with `enterprise-mcp connect`') });
    this.connectionId = options.connectionId;
    this.reconnectUrl = options.reconnectUrl;
  }
}

/** A failure inside the server or a tool (a bug, a broken dependency): the caller sees only a reference. */
export class InternalError extends EmcpError {
  readonly code = 'internal_error' as const;
}

export function isEmcpError(error: unknown): error is EmcpError {
  return error instanceof EmcpError;
}
