/**
 * Where the Selling Partner API lives: three regions, each with a production
 * and a sandbox host and its marketplaces (developer-docs: sp-api-endpoints,
 * marketplace-ids). Seller Central's consent page, where a seller authorises
 * a public app, is per marketplace.
 */

export type AmazonRegion = 'NA' | 'EU' | 'FE';

export interface AmazonMarketplace {
  id: string;
  countryCode: string;
  name: string;
  /** Seller Central of the marketplace: its `/apps/authorize/consent` page starts the website authorization workflow. */
  sellerCentral: string;
}

export interface AmazonRegionInfo {
  description: string;
  production: string;
  sandbox: string;
  /** The marketplace calls use when neither the tool nor the configuration names one. */
  defaultMarketplace: string;
  marketplaces: AmazonMarketplace[];
}

const market = (id: string, countryCode: string, name: string, sellerCentral: string): AmazonMarketplace => ({ id, countryCode, name, sellerCentral });

export const AMAZON_REGIONS: Record<AmazonRegion, AmazonRegionInfo> = {
  NA: {
    description: 'North America (Canada, United States, Mexico, Brazil); AWS us-east-1',
    production: 'https://sellingpartnerapi-na.amazon.com',
    sandbox: 'https://sandbox.sellingpartnerapi-na.amazon.com',
    defaultMarketplace: 'ATVPDKIKX0DER',
    marketplaces: [
      market('A2EUQ1WTGCTBG2', 'CA', 'Amazon.ca', 'https://sellercentral.amazon.ca'),
      market('ATVPDKIKX0DER', 'US', 'Amazon.com', 'https://sellercentral.amazon.com'),
      market('A1AM78C64UM0Y8', 'MX', 'Amazon.com.mx', 'https://sellercentral.amazon.com.mx'),
      market('A2Q3Y263D00KWC', 'BR', 'Amazon.com.br', 'https://sellercentral.amazon.com.br'),
    ],
  },
  EU: {
    description: 'Europe, the Middle East, Africa and India; AWS eu-west-1',
    production: 'https://sellingpartnerapi-eu.amazon.com',
    sandbox: 'https://sandbox.sellingpartnerapi-eu.amazon.com',
    defaultMarketplace: 'A1F83G8C2ARO7P',
    marketplaces: [
      market('A28R8C7NBKEWEA', 'IE', 'Amazon.ie', 'https://sellercentral.amazon.ie'),
      market('A1RKKUPIHCS9HS', 'ES', 'Amazon.es', 'https://sellercentral-europe.amazon.com'),
      market('A1F83G8C2ARO7P', 'UK', 'Amazon.co.uk', 'https://sellercentral-europe.amazon.com'),
      market('A13V1IB3VIYZZH', 'FR', 'Amazon.fr', 'https://sellercentral-europe.amazon.com'),
      market('AMEN7PMS3EDWL', 'BE', 'Amazon.com.be', 'https://sellercentral.amazon.com.be'),
      market('A1805IZSGTT6HS', 'NL', 'Amazon.nl', 'https://sellercentral.amazon.nl'),
      market('A1PA6795UKMFR9', 'DE', 'Amazon.de', 'https://sellercentral-europe.amazon.com'),
      market('APJ6JRA9NG5V4', 'IT', 'Amazon.it', 'https://sellercentral-europe.amazon.com'),
      market('A2NODRKZP88ZB9', 'SE', 'Amazon.se', 'https://sellercentral.amazon.se'),
      market('AE08WJ6YKNBMC', 'ZA', 'Amazon.co.za', 'https://sellercentral.amazon.co.za'),
      market('A1C3SOZRARQ6R3', 'PL', 'Amazon.pl', 'https://sellercentral.amazon.pl'),
      market('ARBP9OOSHTCHU', 'EG', 'Amazon.eg', 'https://sellercentral.amazon.eg'),
      market('A33AVAJ2PDY3EV', 'TR', 'Amazon.com.tr', 'https://sellercentral.amazon.com.tr'),
      market('A17E79C6D8DWNP', 'SA', 'Amazon.sa', 'https://sellercentral.amazon.sa'),
      market('A2VIGQ35RCS4UG', 'AE', 'Amazon.ae', 'https://sellercentral.amazon.ae'),
      market('A21TJRUUN4KGV', 'IN', 'Amazon.in', 'https://sellercentral.amazon.in'),
    ],
  },
  FE: {
    description: 'Far East (Singapore, Australia, Japan); AWS us-west-2',
    production: 'https://sellingpartnerapi-fe.amazon.com',
    sandbox: 'https://sandbox.sellingpartnerapi-fe.amazon.com',
    defaultMarketplace: 'A1VC38T7YXB528',
    marketplaces: [
      market('A19VAU5U5O7RUS', 'SG', 'Amazon.sg', 'https://sellercentral.amazon.sg'),
      market('A39IBJ37TRP1C6', 'AU', 'Amazon.com.au', 'https://sellercentral.amazon.com.au'),
      market('A1VC38T7YXB528', 'JP', 'Amazon.co.jp', 'https://sellercentral.amazon.co.jp'),
    ],
  },
};

export const AMAZON_REGION_NAMES = Object.keys(AMAZON_REGIONS) as AmazonRegion[];

/** The marketplace with this id, in any region. */
export function marketplaceById(id: string): (AmazonMarketplace & { region: AmazonRegion }) | undefined {
  for (const region of AMAZON_REGION_NAMES) {
    const found = AMAZON_REGIONS[region].marketplaces.find((marketplace) => marketplace.id === id);
    if (found) return { ...found, region };
  }
  return undefined;
}

/** The region whose marketplaces include every id, or the ids that belong elsewhere. */
export function foreignMarketplaces(region: AmazonRegion, ids: string[]): string[] {
  const own = new Set(AMAZON_REGIONS[region].marketplaces.map((marketplace) => marketplace.id));
  return ids.filter((id) => !own.has(id));
}
