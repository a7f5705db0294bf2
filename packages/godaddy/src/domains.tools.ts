import { defineTool, type ToolContext } from '@enterprise-mcp/core';
import { z } from 'zod';
import type { DomainSummary, GoDaddyClient } from './client.js';
import { domainName, priceOf, priceSchema } from './schemas.js';

type Context = ToolContext<GoDaddyClient>;

const domainSummarySchema = z.object({
  domain: z.string().describe('Domain name'),
  domainId: z.number().describe('GoDaddy\'s numeric id of the domain'),
  status: z.string().describe('Processing status, e.g. ACTIVE, EXPIRED, CANCELLED, PENDING_DNS'),
  expires: z.string().nullable().describe('Expiry time, ISO 8601, or null when GoDaddy did not send one'),
  renewAuto: z.boolean().nullable().describe('Whether the domain renews automatically'),
  locked: z.boolean().nullable().describe('Whether the domain is locked against transfers'),
  privacy: z.boolean().nullable().describe('Whether WHOIS privacy protection is on'),
});

const summaryOf = (d: DomainSummary) => ({
  domain: d.domain,
  domainId: d.domainId,
  status: d.status,
  expires: d.expires ?? null,
  renewAuto: d.renewAuto ?? null,
  locked: d.locked ?? null,
  privacy: d.privacy ?? null,
});

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

export const listDomains = defineTool({
  name: 'godaddy_list_domains',
  title: 'List GoDaddy domains',
  description:
    'Lists the domains in the GoDaddy account with status, expiry, auto-renew, lock and privacy flags, in pages ' +
    'sorted by name. Filter with statuses (e.g. ["ACTIVE"]). When nextMarker is not null, call again with it as ' +
    'marker for the next page.',
  input: listDomainsInput,
  output: z.object({
    domains: z.array(domainSummarySchema).describe('Domains on this page'),
    nextMarker: z.string().nullable().describe('Pass as marker to get the next page; null when this was the last page'),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  handler: async (input: z.output<typeof listDomainsInput>, ctx: Context) => {
    const domains = await ctx.client.listDomains({ ...input, signal: ctx.signal });
    // GoDaddy returns a bare array: a full page means there may be more after its last domain.
    const nextMarker = domains.length === input.limit ? (domains.at(-1)?.domain ?? null) : null;
    return { domains: domains.map(summaryOf), nextMarker };
  },
});

const domainInput = z.object({ domain: domainName });

export const getDomain = defineTool({
  name: 'godaddy_get_domain',
  title: 'Get GoDaddy domain details',
  description:
    'Gets one domain\'s registration details: status, creation and expiry dates, renewal deadline, auto-renew, ' +
    'transfer lock, privacy, expiration protection and nameservers. The transfer auth code is left out on purpose.',
  input: domainInput,
  output: domainSummarySchema.extend({
    createdAt: z.string().nullable().describe('Registration time, ISO 8601'),
    renewDeadline: z.string().nullable().describe('Last date the domain can be renewed, ISO 8601'),
    expirationProtected: z.boolean().nullable().describe('Whether expiration protection is on'),
    holdRegistrar: z.boolean().nullable().describe('Whether the registrar has put the domain on hold'),
    transferProtected: z.boolean().nullable().describe('Whether transfer protection is on'),
    nameServers: z.array(z.string()).describe('Nameservers the domain delegates to'),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  handler: async (input: z.output<typeof domainInput>, ctx: Context) => {
    // authCode lets anyone transfer the domain away, so it never enters a model's context.
    const d = await ctx.client.getDomain(input.domain, { signal: ctx.signal });
    return {
      ...summaryOf(d),
      createdAt: d.createdAt ?? null,
      renewDeadline: d.renewDeadline ?? null,
      expirationProtected: d.expirationProtected ?? null,
      holdRegistrar: d.holdRegistrar ?? null,
      transferProtected: d.transferProtected ?? null,
      nameServers: d.nameServers ?? [],
    };
  },
});

const availabilityInput = z.object({
  domain: domainName,
  checkType: z
    .enum(['FAST', 'FULL'])
    .default('FAST')
    .describe('FAST answers from cache (not definitive); FULL asks the registry (slower, definitive)'),
  forTransfer: z.boolean().default(false).describe('Check whether the domain can be transferred in rather than registered'),
});

export const checkDomainAvailability = defineTool({
  name: 'godaddy_check_domain_availability',
  title: 'Check domain availability at GoDaddy',
  description:
    'Checks whether a domain name can be registered at GoDaddy and at what price. Prices come back both as ' +
    'GoDaddy\'s raw micro-unit integers and as decimal amounts with their currency. Use checkType FULL before ' +
    'telling someone a name is definitely free.',
  input: availabilityInput,
  output: z.object({
    domain: z.string().describe('The domain checked'),
    available: z.boolean().describe('Whether the domain can be registered'),
    definitive: z.boolean().describe('Whether the answer was verified with the registry (FULL check)'),
    price: priceSchema.describe('Registration price for `period` years, excluding taxes and fees; null if not offered'),
    renewalPrice: priceSchema.describe('Yearly renewal price, excluding taxes and fees; null if not offered'),
    period: z.number().nullable().describe('Years the price covers'),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  handler: async (input: z.output<typeof availabilityInput>, ctx: Context) => {
    const a = await ctx.client.checkAvailability(input.domain, {
      checkType: input.checkType,
      forTransfer: input.forTransfer,
      signal: ctx.signal,
    });
    return {
      domain: a.domain,
      available: a.available,
      definitive: a.definitive,
      price: priceOf(a.price, a.currency),
      renewalPrice: priceOf(a.renewalPrice, a.currency),
      period: a.period ?? null,
    };
  },
});

export const domainTools = [listDomains, getDomain, checkDomainAvailability];
