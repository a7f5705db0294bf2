import type { AmazonClient } from './client.js';
import type { Json } from './schemas.js';

// Catalog Items API 2022-04-01.

export const CATALOG_INCLUDED_DATA = [
  'attributes',
  'classifications',
  'dimensions',
  'identifiers',
  'images',
  'productTypes',
  'relationships',
  'salesRanks',
  'summaries',
  'vendorDetails',
] as const;
export type CatalogIncludedData = (typeof CATALOG_INCLUDED_DATA)[number];

export interface CatalogItem {
  asin: string;
  [section: string]: Json;
}

export interface CatalogSearch {
  keywords?: string[];
  identifiers?: string[];
  identifiersType?: 'ASIN' | 'EAN' | 'GTIN' | 'ISBN' | 'JAN' | 'MINSAN' | 'SKU' | 'UPC';
  brandNames?: string[];
  marketplaceIds?: string[];
  includedData?: CatalogIncludedData[];
  locale?: string;
  pageSize?: number;
  pageToken?: string;
}

/** searchCatalogItems: items by keywords or identifiers. */
export function searchCatalogItems(
  client: AmazonClient,
  search: CatalogSearch,
  signal?: AbortSignal,
): Promise<{ numberOfResults: number; items: CatalogItem[]; pagination?: { nextToken?: string } }> {
  const { marketplaceIds, identifiersType, ...rest } = search;
  return client.call('catalog.searchCatalogItems', {
    query: {
      ...rest,
      marketplaceIds: client.marketplaces(marketplaceIds),
      identifiersType: search.identifiers?.length ? identifiersType : undefined,
      // SKU identifiers are the seller's own: Amazon needs the seller to look them up.
      sellerId: identifiersType === 'SKU' ? client.sellerId : undefined,
    },
    signal,
  });
}

/** getCatalogItem: one item by ASIN. */
export function getCatalogItem(
  client: AmazonClient,
  asin: string,
  options: { marketplaceIds?: string[]; includedData?: CatalogIncludedData[]; locale?: string },
  signal?: AbortSignal,
): Promise<CatalogItem> {
  return client.call<CatalogItem>('catalog.getCatalogItem', {
    params: { asin },
    query: { marketplaceIds: client.marketplaces(options.marketplaceIds), includedData: options.includedData, locale: options.locale },
    signal,
  });
}
