export {
  GODADDY_BASE_URLS,
  GoDaddyClient,
  type GoDaddyClientConfig,
  type GoDaddyEnvironment,
  type GoDaddyMethod,
  type GoDaddyRequestOptions,
  type GoDaddyTransportOptions,
} from './client.js';
export {
  DELETABLE_RECORD_TYPES,
  DNS_RECORD_TYPES,
  addRecords,
  deleteRecords,
  listRecords,
  replaceRecords,
  replaceRecordsOfType,
  replaceZone,
  type DeletableRecordType,
  type DnsRecord,
  type DnsRecordData,
  type DnsRecordOfType,
  type DnsRecordType,
  type ListRecordsQuery,
} from './dns.api.js';
export {
  addDnsRecords,
  deleteDnsRecords,
  dnsTools,
  listDnsRecords,
  replaceDnsRecords,
  replaceDnsRecordsOfType,
  replaceDnsZone,
} from './dns.tools.js';
export {
  SUGGESTION_SOURCES,
  checkAvailability,
  checkAvailabilityBulk,
  getDomainDetail,
  listDomainSummaries,
  suggestDomains,
  type AvailabilityQuery,
  type CheckType,
  type DomainAvailability,
  type DomainAvailableBulk,
  type DomainAvailableError,
  type DomainDetail,
  type DomainSuggestion,
  type DomainSummary,
  type ListDomainsQuery,
  type SuggestQuery,
} from './domains.api.js';
export {
  checkDomainAvailability,
  checkDomainsAvailability,
  domainTools,
  getDomain,
  listDomains,
  suggestDomainNames,
} from './domains.tools.js';
export {
  godaddyEcosystem,
  godaddyKeyConfigSchema,
  type GoDaddyKeyConfig,
  type GoDaddyModeConfigs,
  type GoDaddyResolvedConfig,
} from './ecosystem.js';
export { createGoDaddyErrorMapper, mapGoDaddyError, PRODUCTION_ACCESS_HINT, type GoDaddyErrorBody } from './errors.js';
export { getDomainNameservers, setDomainNameservers, type DomainNameservers } from './nameservers.api.js';
export { getNameservers, nameserverTools, updateNameservers } from './nameservers.tools.js';
export { registerGoDaddyTools, type RegisterGoDaddyToolsOptions } from './register.js';
export { godaddyTool } from './tool.js';
