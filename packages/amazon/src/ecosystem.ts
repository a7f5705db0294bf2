import {
  defineEcosystem,
  oauthEndpointsFor,
  ValidationError,
  type AnyEcosystem,
  type ClientDependencies,
  type OAuthSpec,
  type ResolvedConfig,
} from '@enterprise-mcp/core';
import { z } from 'zod';
import { AmazonClient } from './client.js';
import { catalogTools } from './catalog.tools.js';
import { inventoryTools } from './inventory.tools.js';
import { listingTools } from './listings.tools.js';
import { LWA_TOKEN_URL, refreshTokenProvider, type LwaApp } from './lwa.js';
import { orderTools } from './orders.tools.js';
import { AMAZON_REGIONS, type AmazonRegion } from './regions.js';
import { reportTools } from './reports.tools.js';
import { describeSeller, sellerTools } from './sellers.tools.js';
import { AMAZON_RATE_LIMITS } from './usage-plans.js';

const marketplaceList = z
  .string()
  .regex(/^[A-Z0-9]+(,[A-Z0-9]+)*$/, 'must be comma-separated marketplace ids such as ATVPDKIKX0DER,A2EUQ1WTGCTBG2')
  .transform((value) => value.split(','))
  .optional()
  .describe("Marketplaces tools use when a call names none, comma-separated (default: the region's main one: US, UK or JP)");

const flag = (description: string) =>
  z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((value) => value === true || value === 'true')
    .default(false)
    .describe(description);

const personalData = flag(
  "Release buyers' personal data: only then do restricted operations fetch a restricted data token (the app needs the restricted roles too)",
);

/** A private app authorised by its own seller: the refresh token Seller Central showed, traded for access tokens by the package. */
export const amazonRefreshTokenConfig = z.object({
  clientId: z.string().min(1).describe('LWA client id of the app (amzn1.application-oa2-client.…), Seller Central > Develop apps > LWA credentials'),
  clientSecret: z.string().min(1).describe('LWA client secret of the app'),
  refreshToken: z.string().min(1).describe('Refresh token from self-authorising the app (Atzr|…), Seller Central > Develop apps > Authorize'),
  sellerId: z.string().min(1).optional().describe('Selling partner id (merchant token) of the seller, for the Listings tools'),
  marketplaceIds: marketplaceList,
  allowPersonalData: personalData,
  lwaEndpoint: z.url().default(LWA_TOKEN_URL).describe('Login with Amazon token endpoint (a proxy or a fake; default https://api.amazon.com/auth/o2/token)'),
});

/** A public app: sellers authorise it through Seller Central's consent page; the host's vault keeps each seller's tokens. */
export const amazonOAuthConfig = z.object({
  clientId: z.string().min(1).describe('LWA client id of the app (amzn1.application-oa2-client.…)'),
  clientSecret: z.string().min(1).describe('LWA client secret of the app'),
  applicationId: z.string().min(1).describe('Application id of the app (amzn1.sp.solution.…), the consent page\'s application_id'),
  draftApp: flag('The app is still a draft: the consent page needs version=beta until it is published'),
  marketplaceIds: marketplaceList,
  allowPersonalData: personalData,
});

export type AmazonRefreshTokenConfig = z.output<typeof amazonRefreshTokenConfig>;
export type AmazonOAuthConfig = z.output<typeof amazonOAuthConfig>;
export type AmazonModeConfigs = { refreshToken: typeof amazonRefreshTokenConfig; oauth: typeof amazonOAuthConfig };

/**
 * The website authorization workflow. The seller lands on Seller Central's
 * consent page (`/apps/authorize/consent?application_id=…&state=…`, plus
 * `version=beta` for a draft app; `redirect_uri` optional, one of the app's),
 * and comes back to the redirect URI with `state`, `selling_partner_id` and
 * `spapi_oauth_code` (Amazon's name for the code, valid about 5 minutes),
 * which the host trades at LWA for tokens. Refresh tokens do not rotate;
 * public-app authorisations must be renewed every 365 days.
 */
export const AMAZON_OAUTH: OAuthSpec = {
  // The Seller Central of each region's main marketplace (a seller of another marketplace signs in there too).
  authorizationUrl: Object.fromEntries(
    Object.entries(AMAZON_REGIONS).map(([region, definition]) => [region, consentPageOf(definition.marketplaces.find((m) => m.id === definition.defaultMarketplace)!.sellerCentral)]),
  ),
  tokenUrl: { production: LWA_TOKEN_URL, sandbox: LWA_TOKEN_URL },
  // SP-API has no OAuth scopes: what an app may call is the roles it was granted.
  scopes: [],
  // Not OAuth's standard query: the app's id, the state, the redirect URI and `version=beta` for a draft app; no PKCE.
  authorizationQuery: ({ resolved, state, redirectUri }) => {
    const config = resolved.config as Partial<AmazonOAuthConfig>;
    return { application_id: config.applicationId ?? '', state, redirect_uri: redirectUri, ...(config.draftApp ? { version: 'beta' } : {}) };
  },
  pkce: false,
  codeParameter: 'spapi_oauth_code',
  // A public app's authorisation expires a year after the seller gave it.
  grantLifetimeDays: 365,
  clientAuthentication: 'client_secret_post',
  identify: ({ params }) => {
    const seller = params['selling_partner_id'];
    if (!seller) {
      throw new ValidationError('Amazon sent no selling_partner_id with the authorisation', [{ path: 'selling_partner_id', message: 'is missing from the callback' }], {
        platform: 'Amazon',
        hint: 'start the authorisation again from the Seller Central consent page',
      });
    }
    return { externalIds: { sellingPartnerId: seller }, accountKind: 'seller account' };
  },
};

function consentPageOf(sellerCentral: string): string {
  return new URL('/apps/authorize/consent', sellerCentral).toString();
}

/**
 * The consent page a seller starts from: the Seller Central of one of the
 * region's marketplaces (default its main one), with the app's id and the
 * state; `version=beta` while the app is a draft.
 */
export function amazonConsentUrl(options: {
  applicationId: string;
  state: string;
  region?: AmazonRegion;
  marketplaceId?: string;
  redirectUri?: string;
  draftApp?: boolean;
  /** Another origin for the page (a fake); its path is kept. */
  baseUrl?: string;
}): string {
  const region = AMAZON_REGIONS[options.region ?? 'NA'];
  const marketplace = region.marketplaces.find((m) => m.id === (options.marketplaceId ?? region.defaultMarketplace));
  if (!marketplace) throw new ValidationError(`Marketplace ${options.marketplaceId} is not in this region`, [{ path: 'marketplaceId', message: 'must be one of the region\'s marketplaces' }]);
  const url = new URL('/apps/authorize/consent', options.baseUrl ?? marketplace.sellerCentral);
  url.searchParams.set('application_id', options.applicationId);
  url.searchParams.set('state', options.state);
  if (options.redirectUri) url.searchParams.set('redirect_uri', options.redirectUri);
  if (options.draftApp) url.searchParams.set('version', 'beta');
  return url.toString();
}

const environments = {
  production: {
    baseUrl: { NA: AMAZON_REGIONS.NA.production, EU: AMAZON_REGIONS.EU.production, FE: AMAZON_REGIONS.FE.production },
    description: 'Live sellers and orders',
  },
  sandbox: {
    baseUrl: { NA: AMAZON_REGIONS.NA.sandbox, EU: AMAZON_REGIONS.EU.sandbox, FE: AMAZON_REGIONS.FE.sandbox },
    description: "Amazon's sandbox: the models' fixed test cases, with production LWA tokens",
  },
};

/** A client for one resolved configuration: the package trades a private app's refresh token itself; a public app's tokens come from the host. */
export function createAmazonClient(resolved: ResolvedConfig<AmazonModeConfigs>, deps: ClientDependencies): AmazonClient {
  const region = (resolved.region ?? 'NA') as AmazonRegion;
  const common = {
    region,
    baseUrl: resolved.baseUrl,
    connection: deps.connection,
    marketplaceIds: resolved.config.marketplaceIds,
    allowPersonalData: resolved.config.allowPersonalData,
    logger: deps.logger,
    rateLimiter: deps.rateLimiter,
    userAgent: deps.userAgent,
  };
  if (resolved.mode === 'refreshToken') {
    const app: LwaApp = { clientId: resolved.config.clientId, clientSecret: resolved.config.clientSecret, tokenUrl: resolved.config.lwaEndpoint };
    // `deps.token` is this mode's credential as a static provider: the refresh token, which must never be sent as an access token.
    return new AmazonClient({ ...common, app, sellerId: resolved.config.sellerId, token: refreshTokenProvider(app, resolved.config.refreshToken) });
  }
  const app: LwaApp = {
    clientId: resolved.config.clientId,
    clientSecret: resolved.config.clientSecret,
    tokenUrl: oauthEndpointsFor(amazonEcosystem as AnyEcosystem, resolved).tokenUrl,
  };
  return new AmazonClient({ ...common, app, token: deps.token });
}

export const amazonEcosystem = defineEcosystem<AmazonModeConfigs, AmazonClient>({
  id: 'amazon',
  displayName: 'Amazon Selling Partner API',
  description:
    "Amazon sellers' accounts through the Selling Partner API: orders, FBA inventory, listings (validated before they change), the catalog, reports and marketplace participations, per region (NA, EU, FE) and seller.",
  envPrefix: 'AMAZON',
  authModes: {
    refreshToken: {
      kind: 'custom',
      description:
        "A private app self-authorised by its seller: the LWA client id and secret and the refresh token, which the package trades at Login with Amazon for hour-long access tokens (kept until a minute before expiry).",
      config: amazonRefreshTokenConfig,
      env: {
        clientId: 'AMAZON_CLIENT_ID',
        clientSecret: 'AMAZON_CLIENT_SECRET',
        refreshToken: 'AMAZON_REFRESH_TOKEN',
        sellerId: 'AMAZON_SELLER_ID',
        marketplaceIds: 'AMAZON_MARKETPLACE_IDS',
        allowPersonalData: 'AMAZON_ALLOW_PERSONAL_DATA',
        lwaEndpoint: 'AMAZON_LWA_ENDPOINT',
      },
      // The stored secret (what budgets and caches are keyed by); the client trades it for access tokens itself.
      credential: (config) => config.refreshToken,
    },
    oauth: {
      kind: 'oauth2',
      description:
        "A public app: each seller authorises it on Seller Central's consent page (website authorization workflow); the host's vault keeps each seller's tokens, one connection per seller and region.",
      config: amazonOAuthConfig,
      env: {
        clientId: 'AMAZON_CLIENT_ID',
        clientSecret: 'AMAZON_CLIENT_SECRET',
        applicationId: 'AMAZON_APPLICATION_ID',
        draftApp: 'AMAZON_DRAFT_APP',
        marketplaceIds: 'AMAZON_MARKETPLACE_IDS',
        allowPersonalData: 'AMAZON_ALLOW_PERSONAL_DATA',
      },
      oauth: AMAZON_OAUTH,
    },
  },
  environments,
  regions: {
    NA: { description: AMAZON_REGIONS.NA.description },
    EU: { description: AMAZON_REGIONS.EU.description },
    FE: { description: AMAZON_REGIONS.FE.description },
  },
  connections: 'many',
  // Buyers' names and addresses, and restricted data tokens, only for keys granted this level (and AMAZON_ALLOW_PERSONAL_DATA).
  permissionLevels: {
    personal_data: {
      description: "Buyers' names, addresses and regulated order data (restricted data tokens); held only by keys granted amazon:personal_data",
      explicit: true,
    },
  },
  rateLimits: AMAZON_RATE_LIMITS,
  tools: [...orderTools, ...inventoryTools, ...listingTools, ...catalogTools, ...reportTools, ...sellerTools],
  createClient: createAmazonClient,
  describeConnection: describeSeller,
});
