import { z } from 'zod';
import { mayShowPersonalData } from './client.js';
import { FULFILLMENT_STATUSES, getOrder, getOrderRegulatedInfo, ORDER_INCLUDED_DATA, searchOrders, type SpOrder } from './orders.api.js';
import { compact, isoDateTime, jsonObject, jsonValue, marketplaceIdsInput } from './schemas.js';
import { amazonTool } from './tool.js';

const includedDataInput = z
  .array(z.enum(ORDER_INCLUDED_DATA))
  .optional()
  .describe(
    'Extra sections per order: BUYER and RECIPIENT (personal data: only when the server allows it), PROCEEDS, EXPENSE, PROMOTION, CANCELLATION, FULFILLMENT, PACKAGES, TAX, PAYMENT, FULFILLMENT_ORDERS',
  );

const orderIdInput = z.string().min(1).max(40).describe('Amazon order id, e.g. 114-9876543-1234567');

const orderSchema = z
  .object({
    orderId: z.string().describe('Amazon order id'),
    createdTime: z.string().describe('When the order was placed (ISO 8601)'),
    lastUpdatedTime: z.string().describe('When the order last changed (ISO 8601)'),
    salesChannel: z
      .object({
        channelName: z.string().describe('AMAZON or NON_AMAZON'),
        marketplaceId: z.string().optional().describe('Marketplace id'),
        marketplaceName: z.string().optional().describe('Marketplace name'),
      })
      .catchall(jsonValue)
      .describe('Where the order was placed'),
    orderItems: z
      .array(
        z
          .object({
            orderItemId: z.string().describe('Order item id'),
            quantityOrdered: z.number().describe('Units ordered'),
            product: jsonObject.describe('ASIN, SKU, title, price and condition of the item'),
          })
          .catchall(jsonValue),
      )
      .describe('The items of the order'),
  })
  .catchall(jsonValue)
  .describe('An order as Amazon returns it, with the sections asked for (fulfillment, proceeds, buyer…)');

export const searchOrdersTool = amazonTool({
  name: 'amazon_search_orders',
  title: 'Search orders',
  description:
    'Finds orders created (createdAfter/createdBefore) or updated (lastUpdatedAfter/lastUpdatedBefore) in a window, optionally by fulfillment status, ' +
    'fulfilled by (MERCHANT or AMAZON) and marketplace, newest data per includedData. Orders API v2026-01-01 searchOrders. ' +
    'Amazon allows about one search a minute per seller after a burst of 20: ask for what you need in one call.',
  input: z.object({
    createdAfter: isoDateTime('Orders placed at or after this time (default, with no other window: 7 days ago)').optional(),
    createdBefore: isoDateTime('Orders placed before this time (at least 2 minutes ago)').optional(),
    lastUpdatedAfter: isoDateTime('Orders changed at or after this time; not with createdAfter').optional(),
    lastUpdatedBefore: isoDateTime('Orders changed before this time (at least 2 minutes ago)').optional(),
    fulfillmentStatuses: z.array(z.enum(FULFILLMENT_STATUSES)).optional().describe('Only orders in these states'),
    fulfilledBy: z.array(z.enum(['MERCHANT', 'AMAZON'])).optional().describe('MERCHANT (seller-fulfilled) or AMAZON (FBA)'),
    marketplaceIds: marketplaceIdsInput,
    includedData: includedDataInput,
    limit: z.number().int().min(1).max(500).default(100).describe('Most orders to return (1-500, default 100); pages of 100 are fetched as needed'),
    paginationToken: z.string().min(1).optional().describe('nextToken of an earlier answer, to continue it (valid 24 hours; give the same filters)'),
  }),
  output: z.object({
    orders: z.array(orderSchema).describe('Matching orders'),
    nextToken: z.string().optional().describe('More orders match: pass this as paginationToken with the same filters'),
    createdBefore: z.string().optional().describe('The end of the creation window Amazon applied'),
    lastUpdatedBefore: z.string().optional().describe('The end of the update window Amazon applied'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ limit, ...query }, ctx) => {
    // No window at all: the last week's orders, the question most often asked.
    if (!query.createdAfter && !query.createdBefore && !query.lastUpdatedAfter && !query.lastUpdatedBefore && !query.paginationToken) {
      query.createdAfter = new Date(Date.now() - 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    const orders: SpOrder[] = [];
    let token = query.paginationToken;
    let last;
    do {
      const maxResultsPerPage = Math.min(100, limit - orders.length);
      last = await searchOrders(ctx.client, { ...query, maxResultsPerPage, paginationToken: token }, ctx.signal, mayShowPersonalData(ctx));
      orders.push(...last.orders);
      // A token that does not move on (Amazon's static sandbox answers) would loop: stop there.
      token = last.pagination?.nextToken === token ? undefined : last.pagination?.nextToken;
      if (token && orders.length < limit) await ctx.progress({ progress: orders.length, total: limit, message: `${orders.length} orders read` });
    } while (token && orders.length < limit);
    return compact({ orders, nextToken: token, createdBefore: last.createdBefore, lastUpdatedBefore: last.lastUpdatedBefore });
  },
});

export const getOrderTool = amazonTool({
  name: 'amazon_get_order',
  title: 'Get an order',
  description:
    'Reads one order with its items (SKU, ASIN, title, quantity) and the sections asked for in includedData. Orders API v2026-01-01 getOrder; ' +
    'buyer and address data come only with BUYER/RECIPIENT, when the server allows personal data and the app has the role.',
  input: z.object({
    orderId: orderIdInput,
    includedData: includedDataInput.default(['FULFILLMENT', 'PROCEEDS']),
  }),
  output: z.object({ order: orderSchema }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ orderId, includedData }, ctx) => ({ order: await getOrder(ctx.client, orderId, includedData, ctx.signal, mayShowPersonalData(ctx)) }),
});

export const getOrderRegulatedInfoTool = amazonTool({
  name: 'amazon_get_order_regulated_info',
  title: 'Get regulated order information',
  description:
    'Reads the verification state and the documents of a regulated order (prescription products and similar). Orders API v0 getOrderRegulatedInfo, ' +
    'which v2026-01-01 has no equivalent for; it is a restricted operation, so it runs only when the server allows personal data.',
  input: z.object({ orderId: orderIdInput }),
  output: z.object({ regulatedInfo: jsonObject.describe('AmazonOrderId, RequiresDosageLabel, RegulatedInformation, RegulatedOrderVerificationStatus') }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  // Personal data: never served from a cache.
  cache: false,
  handler: async ({ orderId }, ctx) => ({ regulatedInfo: await getOrderRegulatedInfo(ctx.client, orderId, ctx.signal, mayShowPersonalData(ctx)) }),
});

export const orderTools = [searchOrdersTool, getOrderTool, getOrderRegulatedInfoTool];
