import type { AmazonClient } from './client.js';
import type { Json } from './schemas.js';

// Listings Items API 2021-08-01.

export const LISTING_INCLUDED_DATA = ['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability', 'procurement', 'relationships', 'productTypes'] as const;
export type ListingIncludedData = (typeof LISTING_INCLUDED_DATA)[number];

export interface ListingIssue {
  code: string;
  message: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  categories: string[];
  attributeNames?: string[];
  marketplaceIds?: string[];
  enforcements?: Record<string, Json>;
}

export interface ListingsItem {
  sku: string;
  summaries?: Array<Record<string, Json>>;
  attributes?: Record<string, Json>;
  issues?: ListingIssue[];
  offers?: Array<Record<string, Json>>;
  fulfillmentAvailability?: Array<Record<string, Json>>;
  [section: string]: unknown;
}

export interface ListingSubmission {
  sku: string;
  status: 'ACCEPTED' | 'INVALID' | 'VALID';
  submissionId: string;
  issues?: ListingIssue[];
  identifiers?: Array<{ marketplaceId: string; asin?: string }>;
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'merge' | 'delete';
  path: string;
  value?: Array<Record<string, Json>>;
}

/** getListingsItem: one of the seller's listings with the sections asked for. */
export function getListingsItem(
  client: AmazonClient,
  sku: string,
  options: { marketplaceIds?: string[]; includedData?: ListingIncludedData[]; issueLocale?: string },
  signal?: AbortSignal,
): Promise<ListingsItem> {
  return client.call<ListingsItem>('listings.getListingsItem', {
    params: { sellerId: client.sellerId, sku },
    query: { marketplaceIds: client.marketplaces(options.marketplaceIds), includedData: options.includedData, issueLocale: options.issueLocale },
    signal,
  });
}

export interface ListingSearch {
  marketplaceIds?: string[];
  skus?: string[];
  withIssueSeverity?: Array<'WARNING' | 'ERROR'>;
  withStatus?: Array<'BUYABLE' | 'DISCOVERABLE'>;
  includedData?: ListingIncludedData[];
  sortBy?: 'sku' | 'createdDate' | 'lastUpdatedDate';
  sortOrder?: 'ASC' | 'DESC';
  pageSize?: number;
  pageToken?: string;
}

/** searchListingsItems: a page of the seller's listings. */
export function searchListingsItems(
  client: AmazonClient,
  search: ListingSearch,
  signal?: AbortSignal,
): Promise<{ numberOfResults: number; items: ListingsItem[]; pagination?: { nextToken?: string } }> {
  const { skus, marketplaceIds, ...rest } = search;
  return client.call('listings.searchListingsItems', {
    params: { sellerId: client.sellerId },
    query: { ...rest, marketplaceIds: client.marketplaces(marketplaceIds), ...(skus?.length ? { identifiers: skus, identifiersType: 'SKU' } : {}) },
    signal,
  });
}

interface WriteOptions {
  marketplaceIds: string[];
  /** `VALIDATION_PREVIEW` validates without changing anything. */
  preview: boolean;
  sellerId: string;
  signal?: AbortSignal;
}

/** patchListingsItem: JSON patches to a listing's attributes. */
export function patchListingsItem(client: AmazonClient, sku: string, body: { productType: string; patches: PatchOperation[] }, options: WriteOptions): Promise<ListingSubmission> {
  return client.call<ListingSubmission>('listings.patchListingsItem', writeRequest(sku, body, options));
}

/** putListingsItem: a whole listing, created or replaced. */
export function putListingsItem(
  client: AmazonClient,
  sku: string,
  body: { productType: string; requirements?: string; attributes: Record<string, Json> },
  options: WriteOptions,
): Promise<ListingSubmission> {
  return client.call<ListingSubmission>('listings.putListingsItem', writeRequest(sku, body, options));
}

/** deleteListingsItem: removes a listing from the marketplaces. */
export function deleteListingsItem(client: AmazonClient, sku: string, marketplaceIds: string[] | undefined, signal?: AbortSignal): Promise<ListingSubmission> {
  return client.call<ListingSubmission>('listings.deleteListingsItem', {
    params: { sellerId: client.sellerId, sku },
    query: { marketplaceIds: client.marketplaces(marketplaceIds) },
    signal,
  });
}

function writeRequest(sku: string, body: object, options: WriteOptions) {
  return {
    params: { sellerId: options.sellerId, sku },
    query: { marketplaceIds: options.marketplaceIds, includedData: ['identifiers', 'issues'], mode: options.preview ? 'VALIDATION_PREVIEW' : undefined },
    json: body,
    signal: options.signal,
  };
}
