import { createHttpClient, type ClientDependencies, type HttpClient, type QueryValue } from '@enterprise-mcp/core';
import { createGoDaddyErrorMapper } from './errors.js';

export const GODADDY_BASE_URLS = {
  production: 'https://api.godaddy.com',
  ote: 'https://api.ote-godaddy.com',
} as const;

export type GoDaddyEnvironment = keyof typeof GODADDY_BASE_URLS;

/** What the client needs of the resolved configuration (the ecosystem's `ResolvedConfig` of the `key` mode fits). */
export interface GoDaddyClientConfig {
  environment: string;
  baseUrl: string;
  /**
   * `shopperId` is sent as `X-Shopper-Id`: the shopper (customer) whose domains to act on. Resellers set it
   * to act for a subaccount; others leave it out and act on the key's own shopper. The key and secret are
   * not read here: they come through the token provider.
   */
  config: { shopperId?: string };
}

/** Transport settings a host or a test may tune; the ecosystem uses core's defaults. */
export interface GoDaddyTransportOptions {
  /** Retries of idempotent requests on 429/5xx and network errors (default 2). */
  retries?: number;
  timeoutMs?: number;
}

export type GoDaddyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface GoDaddyRequestOptions {
  /** Values for the template's `{placeholders}`. */
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  signal?: AbortSignal;
}

// `@` (the zone apex) is legal in a path segment (RFC 3986 pchar); keep it readable in paths and logs.
const segment = (value: string) => encodeURIComponent(value).replace(/%40/g, '@');

/**
 * GoDaddy's Domains API v1 over core's HTTP client: `sso-key` auth from the token provider (the credential
 * is `<key>:<secret>`), `X-Shopper-Id`, and GoDaddy's error bodies mapped. The calls themselves live in the
 * `*.api.ts` files.
 */
export class GoDaddyClient {
  readonly environment: GoDaddyEnvironment;
  readonly baseUrl: string;
  readonly shopperId: string | undefined;
  private readonly http: HttpClient;

  constructor(resolved: GoDaddyClientConfig, deps: ClientDependencies, options: GoDaddyTransportOptions = {}) {
    // Any environment the contract resolves is one the ecosystem declares; hints only tell OTE from production.
    this.environment = resolved.environment === 'ote' ? 'ote' : 'production';
    this.baseUrl = resolved.baseUrl;
    this.shopperId = resolved.config.shopperId?.trim() || undefined;
    const shopper = this.shopperId;
    const shopperHeaders: Record<string, string> = shopper ? { 'x-shopper-id': shopper } : {};
    this.http = createHttpClient({
      platform: 'GoDaddy',
      baseUrl: this.baseUrl,
      auth: { token: deps.token, headers: (credential) => ({ authorization: `sso-key ${credential}` }) },
      headers: () => shopperHeaders,
      mapError: createGoDaddyErrorMapper(this.environment, shopper),
      retries: options.retries,
      timeoutMs: options.timeoutMs,
      rateLimiter: deps.rateLimiter,
      logger: deps.logger,
      userAgent: deps.userAgent,
    });
  }

  /**
   * One call to an endpoint given by its template (`/v1/domains/{domain}/records/{type}`). GoDaddy counts
   * 60 requests a minute per endpoint, so the request names its operation as `METHOD /template` and the
   * host keys one budget per operation.
   */
  async request<T = unknown>(method: GoDaddyMethod, template: string, options: GoDaddyRequestOptions = {}): Promise<T> {
    const response = await this.http.request<T>({
      method,
      path: fillTemplate(template, options.params),
      query: options.query,
      json: options.json,
      signal: options.signal,
      operation: `${method} ${template}`,
    });
    return response.body;
  }
}

function fillTemplate(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new TypeError(`GoDaddy request ${template}: no value for {${key}}`);
    return segment(value);
  });
}
