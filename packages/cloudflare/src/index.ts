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
export { cloudflareConfigSchema, cloudflareEcosystem, type CloudflareConfig } from './ecosystem.js';
export { CloudflareErrorCode, mapCloudflareError } from './errors.js';
export { registerCloudflareTools, type CloudflareToolOptions } from './register.js';
export { READABLE_SETTINGS, getZoneSettings, settingsTools, updateZoneSettings } from './settings.tools.js';
export { tokenTools, verifyToken } from './tokens.tools.js';
export {
  DNS_RECORD_TYPES,
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
