import type { DomainAvailability, GoDaddyClient } from './client.js';

/** `DomainSuggestion` of the Domains API v1. */
export interface DomainSuggestion {
  domain: string;
}

export const SUGGESTION_SOURCES = ['CC_TLD', 'EXTENSION', 'KEYWORD_SPIN', 'PREMIUM'] as const;

export interface SuggestParams {
  /** A domain name or keywords; GoDaddy answers 422 without it. */
  query: string;
  country?: string;
  city?: string;
  sources?: Array<(typeof SUGGESTION_SOURCES)[number]>;
  tlds?: string[];
  lengthMin?: number;
  lengthMax?: number;
  limit?: number;
  waitMs?: number;
  signal?: AbortSignal;
}

/** `GET /v1/domains/suggest` (operation `suggest`). */
export function suggestDomains(client: GoDaddyClient, { signal, sources, tlds, ...query }: SuggestParams): Promise<DomainSuggestion[]> {
  return client.request<DomainSuggestion[]>('GET', '/v1/domains/suggest', {
    // Swagger 2.0 arrays without collectionFormat are comma-separated.
    query: { ...query, sources: sources?.join(','), tlds: tlds?.join(',') },
    signal,
  });
}

/** `DomainAvailableError`: one domain the bulk check could not answer. */
export interface DomainAvailableError {
  code: string;
  domain: string;
  path: string;
  status: number;
  message?: string;
}

/** `DomainAvailableBulk` (200) or `DomainAvailableBulkMixed` (203, some domains failed). */
export interface DomainAvailableBulk {
  domains: DomainAvailability[];
  errors?: DomainAvailableError[];
}

/** `POST /v1/domains/available` (operation `availableBulk`): up to 500 domains at once. */
export function checkAvailabilityBulk(
  client: GoDaddyClient,
  domains: string[],
  options: { checkType?: 'FAST' | 'FULL'; signal?: AbortSignal } = {},
): Promise<DomainAvailableBulk> {
  return client.request<DomainAvailableBulk>('POST', '/v1/domains/available', {
    query: { checkType: options.checkType },
    json: domains,
    signal: options.signal,
  });
}
