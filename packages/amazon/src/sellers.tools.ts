import { z } from 'zod';
import type { AmazonClient } from './client.js';
import { marketplaceById } from './regions.js';
import { compact } from './schemas.js';
import { getAccount, getMarketplaceParticipations } from './sellers.api.js';
import { amazonTool } from './tool.js';

const participationSchema = z.object({
  marketplaceId: z.string().describe('Marketplace id, for the marketplaceIds arguments of other tools'),
  name: z.string().describe('Marketplace name, e.g. Amazon.com'),
  countryCode: z.string().describe('Country code'),
  currency: z.string().describe('Default currency'),
  language: z.string().describe('Default language'),
  domain: z.string().describe('Web domain'),
  storeName: z.string().describe("The seller's store name there"),
  participating: z.boolean().describe('The seller can sell there'),
  suspendedListings: z.boolean().describe('Some of its listings there are suspended'),
  region: z.string().optional().describe('SP-API region of the marketplace: NA, EU or FE'),
});

export const listMarketplaceParticipationsTool = amazonTool({
  name: 'amazon_list_marketplace_participations',
  title: 'List marketplace participations',
  description:
    "Lists the marketplaces the connected seller sells in, with its store name, currency and language there and whether listings are suspended. Use the ids as other tools' marketplaceIds. Sellers API getMarketplaceParticipations.",
  input: z.object({}),
  output: z.object({ marketplaces: z.array(participationSchema).describe('One entry per marketplace') }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: { ttlSeconds: 3600 },
  handler: async (_input, ctx) => ({
    marketplaces: (await getMarketplaceParticipations(ctx.client, ctx.signal)).map((p) =>
      compact({
        marketplaceId: p.marketplace.id,
        name: p.marketplace.name,
        countryCode: p.marketplace.countryCode,
        currency: p.marketplace.defaultCurrencyCode,
        language: p.marketplace.defaultLanguageCode,
        domain: p.marketplace.domainName,
        storeName: p.storeName,
        participating: p.participation.isParticipating,
        suspendedListings: p.participation.hasSuspendedListings,
        region: marketplaceById(p.marketplace.id)?.region,
      }),
    ),
  }),
});

export const getSellerAccountTool = amazonTool({
  name: 'amazon_get_seller_account',
  title: 'Get the seller account',
  description: "Reads the connected seller's account: business type, selling plan (PROFESSIONAL or INDIVIDUAL), business name and registered address. Sellers API getAccount.",
  input: z.object({}),
  output: z.object({
    businessType: z.string().describe('CHARITY, CRAFTSMAN, NATURAL_PERSON_COMPANY, PUBLIC_LISTED, PRIVATE_LIMITED, SOLE_PROPRIETORSHIP, STATE_OWNED or INDIVIDUAL'),
    sellingPlan: z.string().describe('PROFESSIONAL or INDIVIDUAL'),
    businessName: z.string().optional().describe('Registered business name'),
    businessAddress: z.record(z.string(), z.string()).optional().describe('Registered business address'),
    marketplaceIds: z.array(z.string()).describe('Marketplaces the account participates in'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: { ttlSeconds: 3600 },
  handler: async (_input, ctx) => {
    const account = await getAccount(ctx.client, ctx.signal);
    return compact({
      businessType: account.businessType,
      sellingPlan: account.sellingPlan,
      businessName: account.business?.name,
      businessAddress: account.business?.registeredBusinessAddress,
      marketplaceIds: account.marketplaceParticipationList.map((p) => p.marketplace.id),
    });
  },
});

/** A connected seller's name for people: its store name and region, read right after it is connected. */
export async function describeSeller(client: AmazonClient): Promise<string | undefined> {
  const participations = await getMarketplaceParticipations(client);
  const store = participations.find((p) => p.participation.isParticipating)?.storeName ?? participations[0]?.storeName;
  return store ? `${store} (${client.region})` : undefined;
}

export const sellerTools = [listMarketplaceParticipationsTool, getSellerAccountTool];
