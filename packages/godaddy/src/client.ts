import { createHttpClient, type ClientDependencies, type HttpClient } from '@enterprise-mcp/core';
import { mapGodaddyError } from './errors.js';

export const GODADDY_DEFAULT_BASE_URL = 'https://api.godaddy.com';

export interface GodaddyClientOptions extends ClientDependencies {
  /** API key for the GoDaddy API */
  apiKey: string;
  /** Defaults to GODADDY_DEFAULT_BASE_URL; point it at the fake in tests. */
  baseUrl?: string;
  /** Retries of idempotent requests on 429/5xx (default 2). */
  retries?: number;
  timeoutMs?: number;
}

export interface GodaddyItem {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface GodaddyItemPage {
  items: GodaddyItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ListGodaddyItemsParams {
  limit?: number;
  cursor?: string;
  signal?: AbortSignal;
}

export interface CreateGodaddyItemParams {
  name: string;
  description?: string;
  signal?: AbortSignal;
}

/** Typed access to the GoDaddy API: auth, retries and error mapping live here once. */
export class GodaddyClient {
  private readonly http: HttpClient;

  constructor(options: GodaddyClientOptions) {
    const credential = options.apiKey;
    this.http = createHttpClient({
      platform: 'GoDaddy',
      baseUrl: options.baseUrl ?? GODADDY_DEFAULT_BASE_URL,
      headers: () => ({ authorization: `Bearer ${credential}` }),
      mapError: mapGodaddyError,
      retries: options.retries,
      timeoutMs: options.timeoutMs,
      rateLimiter: options.rateLimiter,
      rateLimitKey: options.tenantId ? `godaddy:${options.tenantId}` : 'godaddy',
      logger: options.logger,
      userAgent: options.userAgent,
    });
  }

  listItems(params: ListGodaddyItemsParams = {}): Promise<GodaddyItemPage> {
    return this.http.get<GodaddyItemPage>('/items', {
      query: { limit: params.limit, cursor: params.cursor },
      signal: params.signal,
    });
  }

  createItem(params: CreateGodaddyItemParams): Promise<GodaddyItem> {
    return this.http.post<GodaddyItem>('/items', {
      json: { name: params.name, description: params.description },
      signal: params.signal,
    });
  }
}
