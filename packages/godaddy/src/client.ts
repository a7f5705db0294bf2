import { createHttpClient, type ClientDependencies, type HttpClient, type QueryValue } from '@enterprise-mcp/core';
import { createGoDaddyErrorMapper } from './errors.js';

export const GODADDY_BASE_URLS = {
  production: 'https://api.godaddy.com',
  ote: 'https://api.ote-godaddy.com',
} as const;

export type GoDaddyEnvironment = keyof typeof GODADDY_BASE_URLS;

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'SOA', 'SRV', 'TXT'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];
/** The types `DELETE /v1/domains/{domain}/records/{type}/{name}` accepts. */
export const DELETABLE_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'SRV', 'TXT'] as const;
export type DeletableRecordType = (typeof DELETABLE_RECORD_TYPES)[number];

export interface GoDaddyClientOptions extends ClientDependencies {
  apiKey: string;
  apiSecret: string;
  /** Picks the base URL (default production); keys only work in the environment they were made for. */
  environment?: GoDaddyEnvironment;
  /** Overrides the environment's base URL (the fake, a proxy). */
  baseUrl?: string;
  /**
   * Sent as `X-Shopper-Id`: the shopper (customer) whose domains to act on. Resellers set it to act
   * for a subaccount; others leave it out and act on the key's own shopper.
   */
  shopperId?: string;
  /** Retries of idempotent requests on 429/5xx (default 2). */
  retries?: number;
  timeoutMs?: number;
}

/** `DNSRecord` of the Domains API v1. */
export interface DnsRecord {
  type: DnsRecordType;
  name: string;
  data: string;
  ttl?: number;
  priority?: number;
  port?: number;
  weight?: number;
  service?: string;
  protocol?: string;
}

/** A record for `PUT .../records/{type}/{name}`, where type and name come from the path. */
export type DnsRecordData = Omit<DnsRecord, 'type' | 'name'>;

/** `DomainSummary` of the Domains API v1 (the fields this package uses). */
export interface DomainSummary {
  domain: string;
  domainId: number;
  status: string;
  expires?: string;
  createdAt?: string;
  renewAuto?: boolean;
  renewable?: boolean;
  locked?: boolean;
  privacy?: boolean;
  expirationProtected?: boolean;
  holdRegistrar?: boolean;
  transferProtected?: boolean;
  renewDeadline?: string;
  nameServers?: string[] | null;
}

/** `DomainDetail` of the Domains API v1 (the fields this package uses). */
export interface DomainDetail extends DomainSummary {
  nameServers: string[];
  authCode?: string;
  subaccountId?: string;
}

/** `DomainAvailableResponse`: prices are integers in micro-units of `currency`. */
export interface DomainAvailability {
  domain: string;
  available: boolean;
  definitive: boolean;
  price?: number;
  renewalPrice?: number;
  currency?: string;
  period?: number;
}

export interface ListDomainsParams {
  statuses?: string[];
  limit?: number;
  /** Domain name after which to start (GoDaddy's marker pagination). */
  marker?: string;
  signal?: AbortSignal;
}

export interface ListRecordsParams {
  type?: DnsRecordType;
  /** Record name (`@`, `www`); needs `type`, as the API only filters by name under a type. */
  name?: string;
  offset?: number;
  limit?: number;
  signal?: AbortSignal;
}

// `@` (the zone apex) is legal in a path segment (RFC 3986 pchar); keep it readable in paths and logs.
const segment = (value: string) => encodeURIComponent(value).replace(/%40/g, '@');

interface Signal {
  signal?: AbortSignal;
}

export type GoDaddyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface GoDaddyRequestOptions extends Signal {
  /** Values for the template's `{placeholders}`. */
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  json?: unknown;
}

/** Typed access to GoDaddy's Domains API v1 with `sso-key` auth and GoDaddy's errors mapped. */
export class GoDaddyClient {
  private readonly http: HttpClient;
  readonly environment: GoDaddyEnvironment;
  readonly baseUrl: string;

  private readonly rateLimitBase: string;

  constructor(options: GoDaddyClientOptions) {
    const authorization = `sso-key ${options.apiKey}:${options.apiSecret}`;
    const shopper = options.shopperId?.trim();
    this.environment = options.environment ?? 'production';
    this.baseUrl = options.baseUrl ?? GODADDY_BASE_URLS[this.environment];
    this.rateLimitBase = options.tenantId ? `godaddy:${options.tenantId}` : 'godaddy';
    this.http = createHttpClient({
      platform: 'GoDaddy',
      baseUrl: this.baseUrl,
      headers: () => ({ authorization, ...(shopper ? { 'x-shopper-id': shopper } : {}) }),
      mapError: createGoDaddyErrorMapper(this.environment, shopper || undefined),
      retries: options.retries,
      timeoutMs: options.timeoutMs,
      rateLimiter: options.rateLimiter,
      rateLimitKey: this.rateLimitBase,
      logger: options.logger,
      userAgent: options.userAgent,
    });
  }

  /**
   * One call to an endpoint given by its template (`/v1/domains/{domain}/records/{type}`). GoDaddy
   * limits each endpoint to 60 requests a minute, so the outbound limiter keys on the template.
   */
  async request<T = unknown>(method: GoDaddyMethod, template: string, options: GoDaddyRequestOptions = {}): Promise<T> {
    const path = template.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = options.params?.[key];
      if (value === undefined) throw new TypeError(`GoDaddy request ${template}: no value for {${key}}`);
      return segment(value);
    });
    const response = await this.http.request<T>({
      method,
      path,
      query: options.query,
      json: options.json,
      signal: options.signal,
      rateLimitKey: `${this.rateLimitBase}:${method} ${template}`,
    });
    return response.body;
  }

  listDomains(params: ListDomainsParams = {}): Promise<DomainSummary[]> {
    return this.request<DomainSummary[]>('GET', '/v1/domains', {
      // Swagger 2.0 arrays without collectionFormat are comma-separated.
      query: { statuses: params.statuses?.join(','), limit: params.limit, marker: params.marker },
      signal: params.signal,
    });
  }

  getDomain(domain: string, options: Signal = {}): Promise<DomainDetail> {
    return this.request<DomainDetail>('GET', '/v1/domains/{domain}', { params: { domain }, signal: options.signal });
  }

  checkAvailability(
    domain: string,
    options: Signal & { checkType?: 'FAST' | 'FULL'; forTransfer?: boolean } = {},
  ): Promise<DomainAvailability> {
    return this.request<DomainAvailability>('GET', '/v1/domains/available', {
      query: { domain, checkType: options.checkType, forTransfer: options.forTransfer },
      signal: options.signal,
    });
  }

  async listRecords(domain: string, params: ListRecordsParams = {}): Promise<DnsRecord[]> {
    if (params.name !== undefined && params.type === undefined) {
      throw new TypeError('listRecords: a record name filter needs a record type');
    }
    const template = `/v1/domains/{domain}/records${params.type ? '/{type}' : ''}${params.name !== undefined ? '/{name}' : ''}`;
    const records = await this.request<DnsRecord[] | undefined>('GET', template, {
      params: { domain, ...(params.type ? { type: params.type } : {}), ...(params.name !== undefined ? { name: params.name } : {}) },
      query: { offset: params.offset, limit: params.limit },
      signal: params.signal,
    });
    return records ?? [];
  }

  /** PATCH: adds records, leaving the existing ones in place. */
  async addRecords(domain: string, records: DnsRecord[], options: Signal = {}): Promise<void> {
    await this.request('PATCH', '/v1/domains/{domain}/records', { params: { domain }, json: records, signal: options.signal });
  }

  /** PUT: replaces every record of one type and name with the given ones. */
  async replaceRecords(
    domain: string,
    type: DnsRecordType,
    name: string,
    records: DnsRecordData[],
    options: Signal = {},
  ): Promise<void> {
    await this.request('PUT', '/v1/domains/{domain}/records/{type}/{name}', { params: { domain, type, name }, json: records, signal: options.signal });
  }

  /** DELETE: removes every record of one type and name. */
  async deleteRecords(domain: string, type: DeletableRecordType, name: string, options: Signal = {}): Promise<void> {
    await this.request('DELETE', '/v1/domains/{domain}/records/{type}/{name}', { params: { domain, type, name }, signal: options.signal });
  }

  /** The v1 API sets nameservers through `PATCH /v1/domains/{domain}` with `nameServers`. */
  async updateNameservers(domain: string, nameServers: string[], options: Signal = {}): Promise<void> {
    await this.request('PATCH', '/v1/domains/{domain}', { params: { domain }, json: { nameServers }, signal: options.signal });
  }
}
