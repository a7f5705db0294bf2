import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import { CATALOG_INCLUDED_DATA, getCatalogItem, searchCatalogItems, type CatalogItem } from './catalog.api.js';
import { compact, jsonValue, marketplaceIdsInput } from './schemas.js';
import { amazonTool } from './tool.js';

const includedDataInput = z
  .array(z.enum(CATALOG_INCLUDED_DATA))
  .default(['summaries', 'identifiers', 'images', 'salesRanks'])
  .describe('Sections per item: attributes, classifications, dimensions, identifiers, images, productTypes, relationships, salesRanks, summaries, vendorDetails (default summaries, identifiers, images, salesRanks)');

const itemSchema = z
  .object({ asin: z.string().describe('ASIN') })
  .catchall(jsonValue)
  .describe('A catalog item with the sections asked for, each a list per marketplace');

export const searchCatalogItemsTool = amazonTool({
  name: 'amazon_search_catalog_items',
  title: 'Search the catalog',
  description:
    "Finds items in Amazon's catalog by keywords (optionally of some brands), or by identifiers (ASIN, EAN, GTIN, ISBN, JAN, UPC, or the seller's own SKUs). Catalog Items API searchCatalogItems.",
  input: z.object({
    terms: z.array(z.string().min(1)).min(1).max(20).describe('Keywords to search for, or the identifiers to look up (see by)'),
    by: z.enum(['keywords', 'ASIN', 'EAN', 'GTIN', 'ISBN', 'JAN', 'MINSAN', 'SKU', 'UPC']).default('keywords').describe('What terms are: keywords (default) or a kind of identifier'),
    brandNames: z.array(z.string().min(1)).max(20).optional().describe('Only these brands (keyword searches)'),
    marketplaceIds: marketplaceIdsInput,
    includedData: includedDataInput,
    locale: z.string().min(2).optional().describe('Locale of the texts, e.g. en_US'),
    limit: z.number().int().min(1).max(20).default(10).describe('Most items to return (1-20, default 10)'),
  }),
  output: z.object({
    items: z.array(itemSchema).describe('Matching items'),
    total: z.number().int().describe('How many items match'),
    nextToken: z.string().optional().describe('More items match'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: { ttlSeconds: 600 },
  handler: async ({ terms, by, brandNames, limit, ...options }, ctx) => {
    if (brandNames && by !== 'keywords') throw new ValidationError('brandNames narrow keyword searches only', [{ path: 'brandNames', message: 'leave it out when searching by identifiers' }]);
    const search = by === 'keywords' ? { keywords: terms, brandNames } : { identifiers: terms, identifiersType: by };
    const page = await searchCatalogItems(ctx.client, { ...search, ...options, pageSize: limit }, ctx.signal);
    return compact({ items: page.items as CatalogItem[], total: page.numberOfResults, nextToken: page.pagination?.nextToken });
  },
});

export const getCatalogItemTool = amazonTool({
  name: 'amazon_get_catalog_item',
  title: 'Get a catalog item',
  description: "Reads one item of Amazon's catalog by ASIN: title, brand, identifiers, images, sales ranks, dimensions, attributes as asked. Catalog Items API getCatalogItem.",
  input: z.object({
    asin: z.string().regex(/^[A-Z0-9]{10}$/, 'must be a 10-character ASIN such as B07N4M94X4').describe('ASIN of the item'),
    marketplaceIds: marketplaceIdsInput,
    includedData: includedDataInput,
    locale: z.string().min(2).optional().describe('Locale of the texts, e.g. en_US'),
  }),
  output: z.object({ item: itemSchema }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: { ttlSeconds: 600 },
  handler: async ({ asin, ...options }, ctx) => ({ item: await getCatalogItem(ctx.client, asin, options, ctx.signal) }),
});

export const catalogTools = [searchCatalogItemsTool, getCatalogItemTool];
