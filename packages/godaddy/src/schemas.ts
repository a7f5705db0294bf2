import { z } from 'zod';
import { DELETABLE_RECORD_TYPES, DNS_RECORD_TYPES } from './dns.api.js';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

export const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(DOMAIN, 'must be a domain name such as example.com')
  .describe('Domain name, e.g. example.com (no scheme, no trailing dot)');

export const recordType = z.enum(DNS_RECORD_TYPES).describe('DNS record type');
export const deletableRecordType = z
  .enum(DELETABLE_RECORD_TYPES)
  .describe('DNS record type; GoDaddy does not delete NS or SOA records through the API');

export const recordName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .describe('Record name relative to the domain: "@" for the domain itself, "www", "_dmarc", "*" for a wildcard');

const ttl = z
  .number()
  .int()
  .min(600)
  .max(604800)
  .describe('Time to live in seconds, 600 (GoDaddy\'s minimum) to 604800; GoDaddy uses 3600 when omitted');

export const recordDataFields = {
  data: z.string().min(1).max(4096).describe('Record value: an IP for A/AAAA, a host name for CNAME/MX/NS, text for TXT'),
  ttl: ttl.optional(),
  priority: z.number().int().min(0).max(65535).optional().describe('Priority, MX and SRV only (lower is preferred)'),
  port: z.number().int().min(1).max(65535).optional().describe('Service port, SRV only'),
  weight: z.number().int().min(0).max(65535).optional().describe('Weight among equal-priority targets, SRV only'),
  service: z.string().optional().describe('Service label such as "_sip", SRV only'),
  protocol: z.string().optional().describe('Protocol label such as "_tcp", SRV only'),
};

export const recordDataSchema = z.object(recordDataFields);

export const recordSchema = z.object({
  type: recordType,
  name: recordName,
  ...recordDataFields,
});

/** What tools return for a record: GoDaddy's DNSRecord as it came back. */
export const recordOutputSchema = z.object({
  type: z.string().describe('DNS record type'),
  name: z.string().describe('Record name relative to the domain ("@" is the domain itself)'),
  data: z.string().describe('Record value'),
  ttl: z.number().optional().describe('Time to live in seconds'),
  priority: z.number().optional().describe('Priority (MX, SRV)'),
  port: z.number().optional().describe('Port (SRV)'),
  weight: z.number().optional().describe('Weight (SRV)'),
  service: z.string().optional().describe('Service (SRV)'),
  protocol: z.string().optional().describe('Protocol (SRV)'),
});

/** GoDaddy prices are integers in micro-units: 11990000 means 11.99 in `currency`. */
export function priceOf(micros: number | undefined, currency: string | undefined) {
  if (micros === undefined) return undefined;
  return { micros, amount: micros / 1_000_000, currency: currency ?? 'USD' };
}

export const priceSchema = z
  .object({
    micros: z.number().int().describe('Price as GoDaddy sends it: an integer in micro-units (1/1,000,000) of the currency'),
    amount: z.number().describe('The same price as a decimal amount, e.g. 11.99'),
    currency: z.string().describe('ISO 4217 currency code, e.g. USD'),
  });
