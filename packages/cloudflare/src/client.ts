import { createHash } from 'node:crypto';
import {
  NotFoundError,
  ValidationError,
  createHttpClient,
  type HttpClient,
  type Logger,
  type OutboundRateLimiter,
  type QueryValue,
} from '@enterprise-mcp/core';
import { PLATFORM, mapCloudflareError } from './errors.js';
import type {
  CloudflareEnvelope,
  CloudflareResultInfo,
  DnsRecord,
  DnsRecordInput,
  PurgeCacheRequest,
  TokenVerification,
  Zone,
  ZoneSetting,
  ZoneSettingValue,
  ZoneStatus,
} from './types.js';

export const CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

export interface CloudflareClientOptions {
  /** A Cloudflare API token (user- or account-owned), sent as `Authorization: Bearer`. */
  apiToken: string;
  /** Needed for account-owned tokens and account-scoped calls. */
  accountId?: string;
  /** Defaults to the production API; point it at the fake in tests. */
  baseUrl?: string;
  logger?: Logger;
  rateLimiter?: OutboundRateLimiter;
  tenantId?: string;
  userAgent?: string;
  timeoutMs?: number;
  retries?: number;
  maxRetryAfterSeconds?: number;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  signal?: AbortSignal;
}

export interface Page<T> {
  items: T[];
  resultInfo: CloudflareResultInfo;
}

export interface PageQuery {
  page?: number;
  perPage?: number;
}

export interface ListZonesQuery extends PageQuery {
  name?: string;
  status?: ZoneStatus;
  accountId?: string;
}

export interface ListDnsRecordsQuery extends PageQuery {
  type?: string;
  name?: string;
  content?: string;
  proxied?: boolean;
  comment?: string;
  tag?: string;
  search?: string;
}

const ZONE_ID = /^[0-9a-f]{32}$/;

/** A typed client for the Cloudflare API v4: the envelope unwrapped, errors typed. */
export class CloudflareClient {
  readonly accountId?: string;
  private readonly http: HttpClient;
  private readonly zoneIds = new Map<string, string>();

  constructor(options: CloudflareClientOptions) {
    if (!options.apiToken?.trim()) {
      throw new ValidationError('A Cloudflare API token is required', [
        { path: 'apiToken', message: 'set CLOUDFLARE_API_TOKEN or pass apiToken (create one under My Profile > API Tokens)' },
      ]);
    }
    this.accountId = options.accountId;
    const token = options.apiToken.trim();
    this.http = createHttpClient({
      platform: PLATFORM,
      baseUrl: options.baseUrl ?? CLOUDFLARE_API_BASE_URL,
      headers: () => ({ authorization: `Bearer ${token}` }),
      mapError: mapCloudflareError,
      rateLimiter: options.rateLimiter,
      // Cloudflare's budget is per token: key on a digest so the secret never reaches a limiter or a log.
      rateLimitKey: `cloudflare:${options.tenantId ?? 'default'}:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`,
      logger: options.logger,
      userAgent: options.userAgent ?? 'enterprise-mcp-cloudflare',
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
    });
  }

  /** Sends one request and returns the whole v4 envelope; a `success: false` answer throws. */
  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}) {
    const response = await this.http.request<CloudflareEnvelope<T>>({ method, path, ...options });
    const envelope = response.body;
    if (!envelope || typeof envelope !== 'object' || envelope.success !== true) {
      throw mapCloudflareError({ platform: PLATFORM, method, status: response.status, headers: response.headers, body: envelope });
    }
    return envelope;
  }

  /** The `result` of a v4 answer. */
  async result<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(method, path, options)).result;
  }

  /** One page of a list endpoint, with Cloudflare's `result_info`. */
  async page<T>(path: string, query: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<Page<T>> {
    const envelope = await this.request<T[]>('GET', path, { query, signal });
    const items = envelope.result ?? [];
    const resultInfo = envelope.result_info ?? {
      page: Number(query.page ?? 1),
      per_page: items.length,
      count: items.length,
      total_count: items.length,
      total_pages: 1,
    };
    return { items, resultInfo };
  }

  /** Every item of a list endpoint, page by page, until `result_info.total_pages`. */
  async *paginate<T>(path: string, query: Record<string, QueryValue> = {}, options: { signal?: AbortSignal; maxPages?: number } = {}) {
    const maxPages = options.maxPages ?? 1000;
    for (let page = 1; page <= maxPages; page++) {
      const { items, resultInfo } = await this.page<T>(path, { ...query, page }, options.signal);
      yield* items;
      if (items.length === 0 || page >= resultInfo.total_pages) return;
    }
  }

  /** Collects `paginate` into an array. */
  async listAll<T>(path: string, query: Record<string, QueryValue> = {}, options: { signal?: AbortSignal; maxPages?: number } = {}) {
    const all: T[] = [];
    for await (const item of this.paginate<T>(path, query, options)) all.push(item);
    return all;
  }

  verifyUserToken(signal?: AbortSignal) {
    return this.request<TokenVerification>('GET', '/user/tokens/verify', { signal });
  }

  verifyAccountToken(accountId: string, signal?: AbortSignal) {
    return this.request<TokenVerification>('GET', `/accounts/${encodeURIComponent(accountId)}/tokens/verify`, { signal });
  }

  listZones(query: ListZonesQuery = {}, signal?: AbortSignal) {
    return this.page<Zone>(
      '/zones',
      { name: query.name, status: query.status, 'account.id': query.accountId, page: query.page, per_page: query.perPage },
      signal,
    );
  }

  getZone(zoneId: string, signal?: AbortSignal) {
    return this.result<Zone>('GET', `/zones/${encodeURIComponent(zoneId)}`, { signal });
  }

  /** A zone id from an id or a domain name, so callers (and models) can name zones either way. */
  async resolveZoneId(zone: string, signal?: AbortSignal): Promise<string> {
    const key = zone.trim().toLowerCase().replace(/\.$/, '');
    if (ZONE_ID.test(key)) return key;
    const cached = this.zoneIds.get(key);
    if (cached) return cached;
    const { items } = await this.listZones({ name: key }, signal);
    const match = items.find((z) => z.name.toLowerCase() === key);
    if (!match) {
      throw new NotFoundError(`No Cloudflare zone named "${key}" is visible to this API token`, {
        platform: PLATFORM,
        hint: 'list the zones with cloudflare_list_zones, or check that the token has Zone:Read on it',
      });
    }
    this.zoneIds.set(key, match.id);
    return match.id;
  }

  listDnsRecords(zoneId: string, query: ListDnsRecordsQuery = {}, signal?: AbortSignal) {
    return this.page<DnsRecord>(dnsPath(zoneId), dnsQuery(query), signal);
  }

  /** Every record matching the filter, across all pages. */
  listAllDnsRecords(zoneId: string, query: Omit<ListDnsRecordsQuery, 'page'> = {}, signal?: AbortSignal) {
    return this.listAll<DnsRecord>(dnsPath(zoneId), dnsQuery(query), { signal });
  }

  getDnsRecord(zoneId: string, recordId: string, signal?: AbortSignal) {
    return this.result<DnsRecord>('GET', dnsPath(zoneId, recordId), { signal });
  }

  createDnsRecord(zoneId: string, record: DnsRecordInput, signal?: AbortSignal) {
    return this.result<DnsRecord>('POST', dnsPath(zoneId), { json: record, signal });
  }

  /** PATCH: only the fields given change. */
  updateDnsRecord(zoneId: string, recordId: string, changes: Partial<DnsRecordInput>, signal?: AbortSignal) {
    return this.result<DnsRecord>('PATCH', dnsPath(zoneId, recordId), { json: changes, signal });
  }

  deleteDnsRecord(zoneId: string, recordId: string, signal?: AbortSignal) {
    return this.result<{ id: string }>('DELETE', dnsPath(zoneId, recordId), { signal });
  }

  /** The zone's records as a BIND zone file (the endpoint answers text/plain, not the envelope). */
  async exportDnsRecords(zoneId: string, signal?: AbortSignal): Promise<string> {
    const response = await this.http.request<unknown>({
      method: 'GET',
      path: `${dnsPath(zoneId)}/export`,
      headers: { accept: 'text/plain' },
      signal,
    });
    if (typeof response.body === 'string') return response.body;
    throw mapCloudflareError({ platform: PLATFORM, method: 'GET', status: response.status, headers: response.headers, body: response.body });
  }

  purgeCache(zoneId: string, request: PurgeCacheRequest, signal?: AbortSignal) {
    return this.result<{ id: string }>('POST', `/zones/${encodeURIComponent(zoneId)}/purge_cache`, { json: request, signal });
  }

  getZoneSettings(zoneId: string, signal?: AbortSignal) {
    return this.result<ZoneSetting[]>('GET', `/zones/${encodeURIComponent(zoneId)}/settings`, { signal });
  }

  getZoneSetting<T = ZoneSettingValue>(zoneId: string, settingId: string, signal?: AbortSignal) {
    return this.result<ZoneSetting<T>>('GET', settingPath(zoneId, settingId), { signal });
  }

  updateZoneSetting<T extends ZoneSettingValue>(zoneId: string, settingId: string, value: T, signal?: AbortSignal) {
    return this.result<ZoneSetting<T>>('PATCH', settingPath(zoneId, settingId), { json: { value }, signal });
  }
}

function dnsPath(zoneId: string, recordId?: string): string {
  const base = `/zones/${encodeURIComponent(zoneId)}/dns_records`;
  return recordId ? `${base}/${encodeURIComponent(recordId)}` : base;
}

function settingPath(zoneId: string, settingId: string): string {
  return `/zones/${encodeURIComponent(zoneId)}/settings/${encodeURIComponent(settingId)}`;
}

function dnsQuery(query: ListDnsRecordsQuery): Record<string, QueryValue> {
  return {
    type: query.type,
    name: query.name,
    content: query.content,
    proxied: query.proxied,
    comment: query.comment,
    tag: query.tag,
    search: query.search,
    page: query.page,
    per_page: query.perPage,
  };
}
