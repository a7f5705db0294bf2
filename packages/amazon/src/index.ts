// The ecosystem, its registration helper and the one tool definer.
export {
  AMAZON_OAUTH,
  amazonConsentUrl,
  amazonEcosystem,
  amazonOAuthConfig,
  amazonRefreshTokenConfig,
  createAmazonClient,
  type AmazonModeConfigs,
  type AmazonOAuthConfig,
  type AmazonRefreshTokenConfig,
} from './ecosystem.js';
export { registerAmazonTools, type RegisterAmazonToolsOptions } from './register.js';
export { amazonTool } from './tool.js';

// The transport: LWA, regions, usage plans and buckets, errors.
export { AmazonClient, amazonUserAgent, expandPath, PACKAGE_VERSION, type AmazonClientOptions, type CallOptions, type PendingListingChange } from './client.js';
export { grantlessTokenProvider, LWA_TOKEN_URL, refreshTokenProvider, requestLwaToken, type GrantlessScope, type LwaApp } from './lwa.js';
export { AMAZON_REGION_NAMES, AMAZON_REGIONS, foreignMarketplaces, marketplaceById, type AmazonMarketplace, type AmazonRegion, type AmazonRegionInfo } from './regions.js';
export { AMAZON_RATE_LIMITS, rateLimitHeader, SP_API_OPERATIONS, type SpApiOperation, type UsagePlan } from './usage-plans.js';
export { sharedBuckets, SpApiBuckets } from './buckets.js';
export { errorsOf, mapSpApiError, requestIdOf, type SpApiError } from './errors.js';
export { COMMON_REPORT_TYPES, reportTypeInfo, type ReportType } from './report-types.js';

// The API calls, per area.
export * from './catalog.api.js';
export * from './inventory.api.js';
export * from './listings.api.js';
export * from './orders.api.js';
export * from './reports.api.js';
export * from './sellers.api.js';
export type { Json } from './schemas.js';

// The tools, per area.
export * from './catalog.tools.js';
export * from './inventory.tools.js';
export * from './listings.tools.js';
export * from './orders.tools.js';
export * from './reports.tools.js';
export * from './sellers.tools.js';
