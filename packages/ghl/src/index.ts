// The ecosystem, its registration helper and the one tool definer.
export {
  ghlEcosystem,
  ghlLocationOf,
  ghlMarketplaceConfig,
  ghlPrivateIntegrationConfig,
  GHL_OAUTH,
  type GhlMarketplaceConfig,
  type GhlModeConfigs,
  type GhlPrivateIntegrationConfig,
} from './ecosystem.js';
export { registerGhlTools, type RegisterGhlToolsOptions } from './register.js';
export { ghlTool } from './tool.js';

// The transport, its errors, pagination, rate limits and Version headers.
export { expandPath, GhlClient, GHL_BASE_URL, type GhlClientOptions, type GhlMethod, type GhlRequestOptions } from './client.js';
export { mapGhlError } from './errors.js';
export { paginate, take, type ListOptions, type Page, type PageListener, type PaginateOptions } from './paginate.js';
export { GHL_RATE_LIMITS, parseRateLimitHeaders, RATE_LIMIT_HEADERS, type GhlRateLimitBudget } from './rate-limit.js';
export { apiOfPath, GHL_API_VERSIONS, versionForPath, type GhlApi } from './versions.js';

// The API calls, per area, and the platform's shapes.
export * from './calendars.api.js';
export * from './contacts.api.js';
export * from './conversations.api.js';
export * from './locations.api.js';
export * from './opportunities.api.js';
export * from './users.api.js';
export type * from './types.js';

// The tools, per area.
export * from './calendars.tools.js';
export * from './contacts.tools.js';
export * from './conversations.tools.js';
export * from './locations.tools.js';
export * from './opportunities.tools.js';
export * from './users.tools.js';
