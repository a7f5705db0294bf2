export {
  DELETABLE_RECORD_TYPES,
  DNS_RECORD_TYPES,
  GODADDY_BASE_URLS,
  GoDaddyClient,
  type DeletableRecordType,
  type DnsRecord,
  type DnsRecordData,
  type DnsRecordType,
  type DomainAvailability,
  type DomainDetail,
  type DomainSummary,
  type GoDaddyClientOptions,
  type GoDaddyEnvironment,
  type GoDaddyMethod,
  type GoDaddyRequestOptions,
  type ListDomainsParams,
  type ListRecordsParams,
} from './client.js';
export { replaceRecordsOfType, replaceZone, type DnsRecordOfType } from './dns.api.js';
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
  checkAvailabilityBulk,
  suggestDomains,
  type DomainAvailableBulk,
  type DomainAvailableError,
  type DomainSuggestion,
  type SuggestParams,
} from './domains.api.js';
export {
  checkDomainAvailability,
  checkDomainsAvailability,
  domainTools,
  getDomain,
  listDomains,
  suggestDomainNames,
} from './domains.tools.js';
export { godaddyConfigSchema, godaddyEcosystem, type GoDaddyConfig } from './ecosystem.js';
export { createGoDaddyErrorMapper, mapGoDaddyError, PRODUCTION_ACCESS_HINT, type GoDaddyErrorBody } from './errors.js';
export { getNameservers, nameserverTools, updateNameservers } from './nameservers.tools.js';
export { registerGoDaddyTools, type RegisterGoDaddyToolsOptions } from './register.js';
