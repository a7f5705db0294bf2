export { cacheTools, purgeCache } from './cache.tools.js';
export {
  CLOUDFLARE_API_BASE_URL,
  CloudflareClient,
  type CloudflareClientOptions,
  type ListDnsRecordsQuery,
  type ListZonesQuery,
  type Page,
  type PageQuery,
  type RequestOptions,
} from './client.js';
export {
  createDnsRecord,
  deleteDnsRecord,
  dnsTools,
  exportDnsRecords,
  getDnsRecord,
  listDnsRecords,
  updateDnsRecord,
} from './dns.tools.js';
export { DNS_RECORD_DATA, dnsRecordDataField } from './dns-data.js';
export {
  DNS_ANALYTICS_DIMENSIONS,
  DNS_ANALYTICS_METRICS,
  getDnsAnalyticsReport,
  type DnsAnalyticsQuery,
  type DnsAnalyticsReport,
} from './dns-analytics.api.js';
export { dnsAnalyticsTools, getDnsAnalytics } from './dns-analytics.tools.js';
export { getDnssec, type Dnssec, type DnssecStatus } from './dnssec.api.js';
export { dnssecTools, getDnssecStatus } from './dnssec.tools.js';
export { cloudflareConfigSchema, cloudflareEcosystem, type CloudflareConfig } from './ecosystem.js';
export { CloudflareErrorCode, mapCloudflareError } from './errors.js';
export { registerCloudflareTools, type CloudflareToolOptions } from './register.js';
export { READABLE_SETTINGS, getZoneSettings, settingsTools, updateZoneSettings } from './settings.tools.js';
export { tokenTools, verifyToken } from './tokens.tools.js';
export {
  CONTENT_RECORD_TYPES,
  DATA_RECORD_TYPES,
  DNS_RECORD_TYPES,
  PRIORITY_RECORD_TYPES,
  type DataRecordType,
  type DnsRecordData,
  type CloudflareEnvelope,
  type CloudflareMessage,
  type CloudflareResultInfo,
  type DnsRecord,
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
export { getZone, listZones, zoneTools } from './zones.tools.js';
