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
  type ListDomainsParams,
  type ListRecordsParams,
} from './client.js';
export { addDnsRecords, deleteDnsRecords, dnsTools, listDnsRecords, replaceDnsRecords } from './dns.tools.js';
export { checkDomainAvailability, domainTools, getDomain, listDomains } from './domains.tools.js';
export { godaddyConfigSchema, godaddyEcosystem, type GoDaddyConfig } from './ecosystem.js';
export { createGoDaddyErrorMapper, mapGoDaddyError, PRODUCTION_ACCESS_HINT, type GoDaddyErrorBody } from './errors.js';
export { getNameservers, nameserverTools, updateNameservers } from './nameservers.tools.js';
export { registerGoDaddyTools, type RegisterGoDaddyToolsOptions } from './register.js';
