import { z } from 'zod';
import {
  SUGGESTION_SOURCES,
  checkAvailability,
  checkAvailabilityBulk,
  getDomainDetail,
  listDomainSummaries,
  suggestDomains,
  type DomainAvailability,
  type DomainSummary,
} from './domains.api.js';
import { domainName, priceOf, priceSchema } from './schemas.js';
import { godaddyTool } from './tool.js';

const domainSummarySchema = z.object({
  domain: z.string().describe('Domain name'),
  domainId: z.number().describe('GoDaddy\'s numeric id of the domain'),
  status: z.string().describe('Processing status, e.g. ACTIVE, EXPIRED, CANCELLED, PENDING_DNS'),
  expires: z.string().optional().describe('Expiry time, ISO 8601; absent when GoDaddy did not send one'),
  renewAuto: z.boolean().optional().describe('Whether the domain renews automatically'),
  locked: z.boolean().optional().describe('Whether the domain is locked against transfers'),
  privacy: z.boolean().optional().describe('Whether WHOIS privacy protection is on'),
});

const summaryOf = (d: DomainSummary) => ({
  domain: d.domain,
  domainId: d.domainId,
  status: d.status,
  ...definedOnly({ expires: d.expires, renewAuto: d.renewAuto, locked: d.locked, privacy: d.privacy }),
});

/** Leaves out what GoDaddy did not send, rather than sending null (strict clients reject `type: [X, "null"]`). */
function definedOnly<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]?: Exclude<T[K], null | undefined>;
  };
}

const listDomainsInput = z.object({
  statuses: z
    .array(z.string().trim().toUpperCase().regex(/^[A-Z_]+$/, 'must be a GoDaddy status such as ACTIVE'))
    .min(1)
    .optional()
    .describe('Only domains with one of these statuses, e.g. ["ACTIVE"] or ["EXPIRED", "CANCELLED"]; all when omitted'),
  limit: z.number().int().min(1).max(1000).default(100).describe('Domains per page, 1-1000 (default 100)'),
  marker: domainName
    .optional()
    .describe('nextMarker from a previous call: the domain after which this page starts'),
});

export const listDomains = godaddyTool({
  name: 'godaddy_list_domains',
  title: 'List GoDaddy domains',
  description:
    'Lists the domains in the GoDaddy account with status, expiry, auto-renew, lock and privacy flags, in pages ' +
    'sorted by name. Filter with statuses (e.g. ["ACTIVE"]). When nextMarker is present, call again with it as ' +
    'marker for the next page.',
  input: listDomainsInput,
  output: z.object({
    domains: z.array(domainSummarySchema).describe('Domains on this page'),
    nextMarker: z.string().optional().describe('Pass as marker to get the next page; absent when this was the last page'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const domains = await listDomainSummaries(ctx.client, input, ctx.signal);
    // GoDaddy returns a bare array: a full page means there may be more after its last domain.
    const nextMarker = domains.length === input.limit ? domains.at(-1)?.domain : undefined;
    return { domains: domains.map(summaryOf), ...(nextMarker ? { nextMarker } : {}) };
  },
});

const domainInput = z.object({ domain: domainName });

export const getDomain = godaddyTool({
  name: 'godaddy_get_domain',
  title: 'Get GoDaddy domain details',
  description:
    'Gets one domain\'s registration details: status, creation and expiry dates, renewal deadline, auto-renew, ' +
    'transfer lock, privacy, expiration protection and nameservers. The transfer auth code is left out on purpose.',
  input: domainInput,
  output: domainSummarySchema.extend({
    createdAt: z.string().optional().describe('Registration time, ISO 8601'),
    renewDeadline: z.string().optional().describe('Last date the domain can be renewed, ISO 8601'),
    expirationProtected: z.boolean().optional().describe('Whether expiration protection is on'),
    holdRegistrar: z.boolean().optional().describe('Whether the registrar has put the domain on hold'),
    transferProtected: z.boolean().optional().describe('Whether transfer protection is on'),
    subaccountId: z.string().optional().describe('Reseller subaccount (shopper id) that manages the domain, if any'),
    nameServers: z.array(z.string()).describe('Nameservers the domain delegates to'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    // authCode lets anyone transfer the domain away, so it never enters a model's context.
    const d = await getDomainDetail(ctx.client, input.domain, ctx.signal);
    return {
      ...summaryOf(d),
      ...definedOnly({
        createdAt: d.createdAt,
        renewDeadline: d.renewDeadline,
        expirationProtected: d.expirationProtected,
        holdRegistrar: d.holdRegistrar,
        transferProtected: d.transferProtected,
        subaccountId: d.subaccountId,
      }),
      nameServers: d.nameServers ?? [],
    };
  },
});

function availabilityOf(a: DomainAvailability) {
  return {
    domain: a.domain,
    available: a.available,
    definitive: a.definitive,
    ...definedOnly({ price: priceOf(a.price, a.currency), renewalPrice: priceOf(a.renewalPrice, a.currency), period: a.period }),
  };
}

const availabilityOutput = z.object({
  domain: z.string().describe('The domain checked'),
  available: z.boolean().describe('Whether the domain can be registered'),
  definitive: z.boolean().describe('Whether the answer was verified with the registry (FULL check)'),
  price: priceSchema.optional().describe('Registration price for `period` years, excluding taxes and fees; absent if not offered'),
  renewalPrice: priceSchema.optional().describe('Yearly renewal price, excluding taxes and fees; absent if not offered'),
  period: z.number().optional().describe('Years the price covers'),
});

const availabilityInput = z.object({
  domain: domainName,
  checkType: z
    .enum(['FAST', 'FULL'])
    .default('FAST')
    .describe('FAST answers from cache (not definitive); FULL asks the registry (slower, definitive)'),
  forTransfer: z.boolean().default(false).describe('Check whether the domain can be transferred in rather than registered'),
});

export const checkDomainAvailability = godaddyTool({
  name: 'godaddy_check_domain_availability',
  title: 'Check domain availability at GoDaddy',
  description:
    'Checks whether a domain name can be registered at GoDaddy and at what price. Prices come back both as ' +
    'GoDaddy\'s raw micro-unit integers and as decimal amounts with their currency. Use checkType FULL before ' +
    'telling someone a name is definitely free.',
  input: availabilityInput,
  output: availabilityOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const { domain, checkType, forTransfer } = input;
    return availabilityOf(await checkAvailability(ctx.client, domain, { checkType, forTransfer }, ctx.signal));
  },
});

const bulkInput = z.object({
  domains: z.array(domainName).min(1).max(500).describe('Domain names to check, up to 500, e.g. ["acme.com", "acme.io"]'),
  checkType: z
    .enum(['FAST', 'FULL'])
    .default('FAST')
    .describe('FAST answers from cache (not definitive); FULL asks the registry (slower, definitive)'),
});

export const checkDomainsAvailability = godaddyTool({
  name: 'godaddy_check_domains_availability',
  title: 'Check many domains at GoDaddy at once',
  description:
    'Checks up to 500 domain names in one call (POST /v1/domains/available): availability and price of each. ' +
    'Names GoDaddy cannot check (an unsupported TLD, an invalid name) come back under errors while the rest are ' +
    'answered. Prefer it to calling godaddy_check_domain_availability in a loop.',
  input: bulkInput,
  output: z.object({
    domains: z.array(availabilityOutput).describe('One answer per domain GoDaddy could check'),
    errors: z
      .array(
        z.object({
          domain: z.string().describe('The domain that could not be checked'),
          code: z.string().describe("GoDaddy's error code, e.g. UNSUPPORTED_TLD"),
          status: z.number().describe('The HTTP status a single check would have had'),
          message: z.string().optional().describe("GoDaddy's explanation"),
        }),
      )
      .describe('Domains that could not be checked; empty when every one was answered'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const result = await checkAvailabilityBulk(ctx.client, input.domains, { checkType: input.checkType }, ctx.signal);
    return {
      domains: result.domains.map(availabilityOf),
      errors: (result.errors ?? []).map((e) => ({ domain: e.domain, code: e.code, status: e.status, ...definedOnly({ message: e.message }) })),
    };
  },
});

const suggestInput = z.object({
  query: z.string().trim().min(1).max(200).describe('A domain name or keywords to base suggestions on, e.g. "acme bakery"'),
  tlds: z
    .array(z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9-]*$/, 'a TLD without the dot, e.g. com'))
    .min(1)
    .optional()
    .describe('Only suggestions in these TLDs, without the dot, e.g. ["com", "shop"]'),
  sources: z
    .array(z.enum(SUGGESTION_SOURCES))
    .min(1)
    .optional()
    .describe('How to vary the query: CC_TLD (country TLDs), EXTENSION (other TLDs), KEYWORD_SPIN (rotate keywords), PREMIUM (premium names)'),
  country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as US').optional().describe('Two-letter ISO country code as a regional hint, e.g. US'),
  city: z.string().trim().min(1).optional().describe('City name as a regional hint'),
  lengthMin: z.number().int().min(1).max(63).optional().describe('Shortest second-level name to suggest'),
  lengthMax: z.number().int().min(1).max(63).optional().describe('Longest second-level name to suggest'),
  limit: z.number().int().min(1).max(100).default(20).describe('Most suggestions to return, 1-100 (default 20)'),
});

export const suggestDomainNames = godaddyTool({
  name: 'godaddy_suggest_domains',
  title: 'Suggest domain names at GoDaddy',
  description:
    'Suggests alternative domain names for a name or keywords (GET /v1/domains/suggest), e.g. other TLDs or ' +
    'keyword variations. Suggestions are not availability checks: check the ones you like with ' +
    'godaddy_check_domains_availability before offering them.',
  input: suggestInput,
  output: z.object({
    query: z.string().describe('The query suggestions are based on'),
    suggestions: z.array(z.string()).describe('Suggested domain names, best first'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const suggestions = await suggestDomains(ctx.client, input, ctx.signal);
    return { query: input.query, suggestions: suggestions.map((s) => s.domain) };
  },
});

export const domainTools = [listDomains, getDomain, checkDomainAvailability, checkDomainsAvailability, suggestDomainNames];
