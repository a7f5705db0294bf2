import type { AmazonClient } from './client.js';

// Sellers API v1.

export interface MarketplaceParticipation {
  marketplace: { id: string; name: string; countryCode: string; defaultCurrencyCode: string; defaultLanguageCode: string; domainName: string };
  participation: { isParticipating: boolean; hasSuspendedListings: boolean };
  storeName: string;
}

/** getMarketplaceParticipations: the marketplaces the seller can sell in, and its store name in each. */
export async function getMarketplaceParticipations(client: AmazonClient, signal?: AbortSignal): Promise<MarketplaceParticipation[]> {
  const body = await client.call<{ payload?: MarketplaceParticipation[] }>('sellers.getMarketplaceParticipations', { signal });
  return body.payload ?? [];
}

export interface SellerAccount {
  businessType: string;
  sellingPlan: string;
  marketplaceParticipationList: MarketplaceParticipation[];
  business?: { name: string; registeredBusinessAddress: Record<string, string>; companyRegistrationNumber?: string; companyTaxIdentificationNumber?: string; nonLatinName?: string };
  primaryContact?: { name: string; address: Record<string, string>; nonLatinName?: string };
}

/** getAccount: the seller's business type, selling plan, business and primary contact. */
export async function getAccount(client: AmazonClient, signal?: AbortSignal): Promise<SellerAccount> {
  const body = await client.call<{ payload?: SellerAccount }>('sellers.getAccount', { signal });
  return body.payload ?? { businessType: '', sellingPlan: '', marketplaceParticipationList: [] };
}
