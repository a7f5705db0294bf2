// The client: transport and pagination; the calls are per area below.
export {
  CLOUDFLARE_API_BASE_URL,
  CloudflareClient,
  createCloudflareClient,
  type CallOptions,
  type CloudflareClientOptions,
  type Page,
  type PageQuery,
  type PaginateOptions,
} from './client.js';
export {
  cloudflareEcosystem,
  cloudflareLegacyConfig,
  cloudflareTokenConfig,
  type CloudflareLegacyConfig,
  type CloudflareModeConfigs,
  type CloudflareTokenConfig,
} from './ecosystem.js';
export { CloudflareErrorCode, mapCloudflareError, type CloudflareAuthMode } from './errors.js';
export { registerCloudflareTools, type CloudflareToolOptions } from './register.js';
export { cloudflareTool } from './tool.js';

// API calls, one module per area.
export { purgeCache } from './cache.api.js';
export {
  createDnsRecord,
  deleteDnsRecord,
  exportDnsRecords,
  getDnsRecord,
  listAllDnsRecords,
  listDnsRecords,
  updateDnsRecord,
  type ListDnsRecordsQuery,
} from './dns.api.js';
export {
  DNS_ANALYTICS_DIMENSIONS,
  DNS_ANALYTICS_METRICS,
  getDnsAnalyticsReport,
  type DnsAnalyticsQuery,
  type DnsAnalyticsReport,
} from './dns-analytics.api.js';
export { getDnssec, type Dnssec, type DnssecStatus } from './dnssec.api.js';
export { getZoneSetting, getZoneSettings, updateZoneSetting } from './settings.api.js';
export { getUser, verifyAccountToken, verifyUserToken } from './tokens.api.js';
export { getZone, listZones, resolveZoneId, type ListZonesQuery } from './zones.api.js';

// Tools, one module per area.
export { cacheTools, purgeCacheTool } from './cache.tools.js';
export {
  createDnsRecordTool,
  deleteDnsRecordTool,
  dnsTools,
  exportDnsRecordsTool,
  getDnsRecordTool,
  listDnsRecordsTool,
  updateDnsRecordTool,
} from './dns.tools.js';
export { dnsAnalyticsTools, getDnsAnalyticsTool } from './dns-analytics.tools.js';
export { dnssecTools, getDnssecStatusTool } from './dnssec.tools.js';
export { READABLE_SETTINGS, getZoneSettingsTool, settingsTools, updateZoneSettingsTool } from './settings.tools.js';
export { tokenTools, verifyTokenTool } from './tokens.tools.js';
export { getZoneTool, listZonesTool, zoneTools } from './zones.tools.js';

// The platform's shapes.
export { DNS_RECORD_DATA, dnsRecordDataField } from './dns-data.js';
export {
  CONTENT_RECORD_TYPES,
  DATA_RECORD_TYPES,
  DNS_RECORD_TYPES,
  PRIORITY_RECORD_TYPES,
  type CloudflareEnvelope,
  type CloudflareMessage,
  type CloudflareResultInfo,
  type CloudflareUser,
  type DataRecordType,
  type DnsRecord,
  type DnsRecordData,
  type DnsRecordInput,
  type DnsRecordType,
  type PurgeCacheRequest,
  type TokenStatus,
  type TokenVerification,
  type Zone,
  type ZoneSetting,
  type ZoneSettingValue,
  type ZoneStatus,
} from './types.js';
