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
    "Finds items in Amazon's catalog by keywords (and brands), or by identifiers (ASIN, EAN, GTIN, ISBN, JAN, UPC, or the seller's SKUs). Catalog Items API searchCatalogItems.",
  input: z.object({
    keywords: z.array(z.string().min(1)).min(1).max(20).optional().describe('Words to search for; not with identifiers'),
    brandNames: z.array(z.string().min(1)).max(20).optional().describe('Only these brands (with keywords)'),
    identifiers: z.array(z.string().min(1)).min(1).max(20).optional().describe('Product identifiers to look up; not with keywords'),
    identifiersType: z.enum(['ASIN', 'EAN', 'GTIN', 'ISBN', 'JAN', 'MINSAN', 'SKU', 'UPC']).optional().describe('What the identifiers are (required with identifiers)'),
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
  handler: async ({ limit, ...search }, ctx) => {
    if (!search.keywords === !search.identifiers) {
      throw new ValidationError('Search by keywords or by identifiers, one of the two', [{ path: search.keywords ? 'identifiers' : 'keywords', message: search.keywords ? 'leave it out with keywords' : 'give keywords or identifiers' }]);
    }
    if (search.identifiers && !search.identifiersType) throw new ValidationError('identifiers need their type', [{ path: 'identifiersType', message: 'is required with identifiers (ASIN, EAN, UPC…)' }]);
    const page = await searchCatalogItems(ctx.client, { ...search, pageSize: limit }, ctx.signal);
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
