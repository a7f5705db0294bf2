import type { GoDaddyClient } from './client.js';

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

export type CheckType = 'FAST' | 'FULL';

export interface ListDomainsQuery {
  statuses?: string[];
  limit?: number;
  /** Domain name after which to start (GoDaddy's marker pagination). */
  marker?: string;
}

/** `GET /v1/domains` (operation `list`): one page of the account's domains, sorted by name. */
export function listDomainSummaries(client: GoDaddyClient, query: ListDomainsQuery = {}, signal?: AbortSignal): Promise<DomainSummary[]> {
  return client.request<DomainSummary[]>('GET', '/v1/domains', {
    // Swagger 2.0 arrays without collectionFormat are comma-separated.
    query: { statuses: query.statuses?.join(','), limit: query.limit, marker: query.marker },
    signal,
  });
}

/** `GET /v1/domains/{domain}` (operation `get`). */
export function getDomainDetail(client: GoDaddyClient, domain: string, signal?: AbortSignal): Promise<DomainDetail> {
  return client.request<DomainDetail>('GET', '/v1/domains/{domain}', { params: { domain }, signal });
}

export interface AvailabilityQuery {
  checkType?: CheckType;
  forTransfer?: boolean;
}

/** `GET /v1/domains/available` (operation `available`): one domain. */
export function checkAvailability(
  client: GoDaddyClient,
  domain: string,
  query: AvailabilityQuery = {},
  signal?: AbortSignal,
): Promise<DomainAvailability> {
  return client.request<DomainAvailability>('GET', '/v1/domains/available', {
    query: { domain, checkType: query.checkType, forTransfer: query.forTransfer },
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
  query: { checkType?: CheckType } = {},
  signal?: AbortSignal,
): Promise<DomainAvailableBulk> {
  return client.request<DomainAvailableBulk>('POST', '/v1/domains/available', {
    query: { checkType: query.checkType },
    json: domains,
    signal,
  });
}

/** `DomainSuggestion` of the Domains API v1. */
export interface DomainSuggestion {
  domain: string;
}

export const SUGGESTION_SOURCES = ['CC_TLD', 'EXTENSION', 'KEYWORD_SPIN', 'PREMIUM'] as const;

export interface SuggestQuery {
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
}

/** `GET /v1/domains/suggest` (operation `suggest`). */
export function suggestDomains(client: GoDaddyClient, { sources, tlds, ...query }: SuggestQuery, signal?: AbortSignal): Promise<DomainSuggestion[]> {
  return client.request<DomainSuggestion[]>('GET', '/v1/domains/suggest', {
    // Swagger 2.0 arrays without collectionFormat are comma-separated.
    query: { ...query, sources: sources?.join(','), tlds: tlds?.join(',') },
    signal,
  });
}
