import { z } from 'zod';
import { getInventorySummaries, type InventorySummary } from './inventory.api.js';
import { compact, isoDateTime } from './schemas.js';
import { amazonTool } from './tool.js';

const quantity = (description: string) => z.number().int().optional().describe(description);

const summarySchema = z.object({
  sellerSku: z.string().optional().describe('Seller SKU'),
  asin: z.string().optional().describe('ASIN'),
  fnSku: z.string().optional().describe('Fulfillment network SKU (the FBA label)'),
  productName: z.string().optional().describe('Product title'),
  condition: z.string().optional().describe('Item condition'),
  totalQuantity: quantity('All units Amazon holds or expects for the SKU'),
  fulfillable: quantity('Units that can be sold now'),
  inboundWorking: quantity('Units in shipments being prepared'),
  inboundShipped: quantity('Units in shipments on their way'),
  inboundReceiving: quantity('Units being received at the fulfillment centre'),
  reserved: quantity('Units reserved (customer orders, transfers, processing)'),
  researching: quantity('Units under research (lost or misplaced)'),
  unfulfillable: quantity('Damaged, defective or expired units'),
  lastUpdatedTime: z.string().optional().describe('When the quantities last changed (ISO 8601)'),
});

function toSummary(s: InventorySummary): z.input<typeof summarySchema> {
  const d = s.inventoryDetails;
  return compact({
    sellerSku: s.sellerSku,
    asin: s.asin,
    fnSku: s.fnSku,
    productName: s.productName,
    condition: s.condition,
    totalQuantity: s.totalQuantity,
    fulfillable: d?.fulfillableQuantity,
    inboundWorking: d?.inboundWorkingQuantity,
    inboundShipped: d?.inboundShippedQuantity,
    inboundReceiving: d?.inboundReceivingQuantity,
    reserved: d?.reservedQuantity?.totalReservedQuantity,
    researching: d?.researchingQuantity?.totalResearchingQuantity,
    unfulfillable: d?.unfulfillableQuantity?.totalUnfulfillableQuantity,
    lastUpdatedTime: s.lastUpdatedTime || undefined,
  });
}

export const listInventoryTool = amazonTool({
  name: 'amazon_list_inventory',
  title: 'List FBA inventory',
  description:
    'Lists Fulfillment by Amazon stock in one marketplace: per SKU the total, fulfillable, inbound, reserved, researching and unfulfillable units (with details). ' +
    'Filter by SKUs, or by changedSince for SKUs whose stock changed (then the SKU filter is ignored, as Amazon does). FBA Inventory API getInventorySummaries.',
  input: z.object({
    sellerSkus: z.array(z.string().min(1)).min(1).max(50).optional().describe('Only these SKUs (up to 50)'),
    changedSince: isoDateTime('Only SKUs whose quantities changed since this time').optional(),
    marketplaceId: z.string().min(1).optional().describe("One marketplace id (default: the connection's first marketplace)"),
    details: z.boolean().default(true).describe('Include the breakdown by state (default true)'),
    limit: z.number().int().min(1).max(1000).default(200).describe('Most SKUs to return (1-1000, default 200)'),
  }),
  output: z.object({
    inventory: z.array(summarySchema).describe('Stock per SKU'),
    truncated: z.boolean().describe('More SKUs matched than limit'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: { ttlSeconds: 60 },
  handler: async ({ sellerSkus, changedSince, marketplaceId, details, limit }, ctx) => {
    const inventory: InventorySummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await getInventorySummaries(ctx.client, { sellerSkus, startDateTime: changedSince, marketplaceId, details, nextToken }, ctx.signal);
      inventory.push(...page.summaries);
      nextToken = page.nextToken;
    } while (nextToken && inventory.length < limit);
    return { inventory: inventory.slice(0, limit).map(toSummary), truncated: inventory.length > limit || nextToken !== undefined };
  },
});

export const inventoryTools = [listInventoryTool];
