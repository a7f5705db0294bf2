import type { AmazonClient } from './client.js';

// FBA Inventory API v1.

export interface InventorySummary {
  asin?: string;
  fnSku?: string;
  sellerSku?: string;
  condition?: string;
  productName?: string;
  totalQuantity?: number;
  lastUpdatedTime?: string;
  inventoryDetails?: {
    fulfillableQuantity?: number;
    inboundWorkingQuantity?: number;
    inboundShippedQuantity?: number;
    inboundReceivingQuantity?: number;
    reservedQuantity?: { totalReservedQuantity?: number; pendingCustomerOrderQuantity?: number; pendingTransshipmentQuantity?: number; fcProcessingQuantity?: number };
    researchingQuantity?: { totalResearchingQuantity?: number };
    unfulfillableQuantity?: { totalUnfulfillableQuantity?: number };
  };
}

export interface InventoryQuery {
  marketplaceId?: string;
  sellerSkus?: string[];
  /** Changed since: Amazon ignores the SKU filters with it. */
  startDateTime?: string;
  details?: boolean;
  nextToken?: string;
}

export interface InventoryPage {
  summaries: InventorySummary[];
  nextToken?: string;
}

/** getInventorySummaries: one page of FBA stock in one marketplace (the API takes exactly one). */
export async function getInventorySummaries(client: AmazonClient, query: InventoryQuery, signal?: AbortSignal): Promise<InventoryPage> {
  const [marketplaceId] = client.marketplaces(query.marketplaceId ? [query.marketplaceId] : undefined, 'marketplaceId');
  const body = await client.call<{ payload?: { inventorySummaries?: InventorySummary[] }; pagination?: { nextToken?: string } }>('fbaInventory.getInventorySummaries', {
    query: {
      granularityType: 'Marketplace',
      granularityId: marketplaceId,
      marketplaceIds: [marketplaceId!],
      details: query.details,
      startDateTime: query.startDateTime,
      sellerSkus: query.startDateTime ? undefined : query.sellerSkus,
      nextToken: query.nextToken,
    },
    signal,
  });
  return { summaries: body.payload?.inventorySummaries ?? [], nextToken: body.pagination?.nextToken };
}
