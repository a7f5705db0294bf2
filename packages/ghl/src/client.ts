import { setTimeout as delay } from 'node:timers/promises';
import {
  CancelledError,
  CredentialsMissingError,
  createHttpClient,
  RateLimitedError,
  tokenProviderOf,
  type ClientDependencies,
  type Connection,
  type HttpClient,
  type HttpRequest,
  type TokenSource,
} from '@enterprise-mcp/core';
import { mapGhlError, PLATFORM } from './errors.js';
import { parseRateLimitHeaders, type GhlRateLimitBudget } from './rate-limit.js';
import { versionForPath } from './versions.js';

export const GHL_BASE_URL = 'https://services.leadconnectorhq.com';

export interface GhlClientOptions extends Omit<ClientDependencies, 'token'> {
  /** The access token: a Private Integration token, or the host's provider of a marketplace app's OAuth tokens. */
  token: TokenSource;
  /** The sub-account (location) the calls act on; the ecosystem picks it from the config or the connection. */
  locationId?: string;
  baseUrl?: string;
  timeoutMs?: number;
  retries?: number;
  maxRetryAfterSeconds?: number;
}

export type GhlMethod = NonNullable<HttpRequest['method']>;

export interface GhlRequestOptions extends Omit<HttpRequest, 'path' | 'method' | 'operation'> {
  /** Values of the path template's `{name}` placeholders; they are URL-encoded here. */
  params?: Record<string, string>;
  /** A read-only POST (searches): safe to send again after a 429, which core only does for idempotent verbs. */
  readOnly?: boolean;
}

/** How often a read-only POST is sent again after a 429. */
const READ_ONLY_POST_RETRIES = 2;

/**
 * The GoHighLevel API 2.0 transport for one sub-account: bearer auth from the
 * token provider, the Version header each API needs, typed errors and the
 * rate-limit budget the platform reports. The calls themselves live in the
 * `<area>.api.ts` modules.
 */
export class GhlClient {
  readonly baseUrl: string;
  /** The connection the calls act on, when the host named one (a marketplace app's install). */
  readonly connection?: Connection;
  private readonly location?: string;
  private readonly http: HttpClient;
  private readonly maxRetryAfterSeconds: number;
  private budget?: GhlRateLimitBudget;

  constructor(options: GhlClientOptions) {
    this.baseUrl = options.baseUrl ?? GHL_BASE_URL;
    this.connection = options.connection;
    this.location = options.locationId || undefined;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this.http = createHttpClient({
      platform: PLATFORM,
      baseUrl: this.baseUrl,
      auth: { token: tokenProviderOf(options.token) },
      mapError: mapGhlError,
      // Core hands every response's headers to the limiter's `observe`; the budget is kept here too.
      rateLimiter: options.rateLimiter,
      onResponse: (_status, headers) => {
        this.budget = parseRateLimitHeaders(headers) ?? this.budget;
      },
      logger: options.logger,
      userAgent: options.userAgent,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
    });
  }

  /** The sub-account the calls act on; a clear error when neither the config nor the connection names one. */
  get locationId(): string {
    if (this.location) return this.location;
    throw missingLocation(this.connection);
  }

  /** The rate-limit budget GoHighLevel reported on the last response, if any. */
  get rateLimitBudget(): GhlRateLimitBudget | undefined {
    return this.budget;
  }

  /**
   * One API call. `path` is the endpoint's template (`/contacts/{contactId}`)
   * with `params` filling it in, or a literal path; the template is what the
   * rate limiter sees as the operation.
   */
  async request<T>(method: GhlMethod, path: string, options: GhlRequestOptions = {}): Promise<T> {
    const { readOnly, params, ...request } = options;
    const concrete = expandPath(path, params);
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.http.request<T>({
          ...request,
          method,
          path: concrete,
          operation: `${method} ${path}`,
          headers: { version: versionForPath(concrete), ...request.headers },
        });
        return response.body;
      } catch (error) {
        if (!(readOnly && attempt < READ_ONLY_POST_RETRIES && this.waitable(error))) throw error;
        await wait(error.retryAfterSeconds * 1000, request.signal);
      }
    }
  }

  private waitable(error: unknown): error is RateLimitedError {
    return error instanceof RateLimitedError && error.retryAfterSeconds <= this.maxRetryAfterSeconds;
  }
}

/** Fills `{name}` placeholders with URL-encoded values; a placeholder without a value is a bug in the caller. */
export function expandPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`GoHighLevel path ${template} needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
}

function missingLocation(connection: Connection | undefined): CredentialsMissingError {
  if (connection) {
    return new CredentialsMissingError(`The GoHighLevel connection "${connection.id}" names no location`, {
      platform: PLATFORM,
      hint: "the connection's externalIds need the locationId the marketplace app was installed in; connect the sub-account again",
    });
  }
  return new CredentialsMissingError('GoHighLevel has no sub-account (location) to act on', {
    platform: PLATFORM,
    hint: "a marketplace app acts on the location of the call's connection: connect a sub-account first (used alone, pass `connection: { id, externalIds: { locationId } }` with the token)",
  });
}

async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    throw new CancelledError('The GoHighLevel request was cancelled while waiting out a rate limit', { platform: PLATFORM, cause: error });
  }
}
