import { z } from 'zod';
import { addRecords, deleteRecords, listRecords, replaceRecords, replaceRecordsOfType, replaceZone } from './dns.api.js';
import {
  deletableRecordType,
  recordDataFields,
  domainName,
  recordDataSchema,
  recordName,
  recordOutputSchema,
  recordSchema,
  recordType,
} from './schemas.js';
import { godaddyTool } from './tool.js';

const listRecordsInput = z.object({
  domain: domainName,
  type: recordType.optional().describe('Only records of this type (A, AAAA, CNAME, MX, NS, SOA, SRV, TXT)'),
  name: recordName.optional().describe('Only records with this name ("@", "www"); works with or without type'),
  offset: z.number().int().min(0).optional().describe('Records to skip, for paging through large zones'),
  limit: z.number().int().min(1).max(500).optional().describe('Most records to return'),
});

export const listDnsRecords = godaddyTool({
  name: 'godaddy_list_dns_records',
  title: 'List GoDaddy DNS records',
  description:
    'Lists the DNS records of a domain whose DNS GoDaddy hosts, optionally only one type and/or one name ' +
    '(e.g. type "TXT", name "_dmarc"). Use it before changing records, to see what exists.',
  input: listRecordsInput,
  output: z.object({
    domain: z.string().describe('The domain'),
    records: z.array(recordOutputSchema).describe('Matching records'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const { domain, type, name, offset, limit } = input;
    // The API filters by name only under a type; without a type, filter the full list here.
    const byPath = type !== undefined || name === undefined;
    const records = await listRecords(ctx.client, domain, byPath ? { type, name, offset, limit } : {}, ctx.signal);
    const matching = byPath ? records : records.filter((r) => r.name === name).slice(offset ?? 0).slice(0, limit);
    return { domain, records: matching };
  },
});

const addRecordsInput = z.object({
  domain: domainName,
  records: z.array(recordSchema).min(1).max(100).describe('Records to add; existing records are kept'),
});

export const addDnsRecords = godaddyTool({
  name: 'godaddy_add_dns_records',
  title: 'Add GoDaddy DNS records',
  description:
    'Adds DNS records to a domain, keeping every existing record (PATCH). Fails with a conflict if an identical ' +
    'record exists. To change a record rather than add one, use godaddy_replace_dns_records.',
  input: addRecordsInput,
  output: z.object({
    domain: z.string().describe('The domain'),
    added: z.number().describe('How many records were added'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => {
    await addRecords(ctx.client, input.domain, input.records, ctx.signal);
    return { domain: input.domain, added: input.records.length };
  },
});

const replaceRecordsInput = z.object({
  domain: domainName,
  type: recordType,
  name: recordName,
  records: z
    .array(recordDataSchema)
    .min(1)
    .max(100)
    .describe('The complete new set of records for this type and name; every current one is replaced'),
});

export const replaceDnsRecords = godaddyTool({
  name: 'godaddy_replace_dns_records',
  title: 'Replace GoDaddy DNS records of a type and name',
  description:
    'Replaces all DNS records of one type and name (e.g. every A record of "www") with the given set (PUT). ' +
    'Records of other types or names are untouched. Use it to change an IP, a TXT value or MX priorities.',
  input: replaceRecordsInput,
  output: z.object({
    domain: z.string().describe('The domain'),
    type: z.string().describe('The record type replaced'),
    name: z.string().describe('The record name replaced'),
    records: z.number().describe('How many records of this type and name exist now'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    const { domain, type, name, records } = input;
    await replaceRecords(ctx.client, domain, type, name, records, ctx.signal);
    return { domain, type, name, records: records.length };
  },
});

const deleteRecordsInput = z.object({ domain: domainName, type: deletableRecordType, name: recordName });

export const deleteDnsRecords = godaddyTool({
  name: 'godaddy_delete_dns_records',
  title: 'Delete GoDaddy DNS records of a type and name',
  description:
    'Deletes every DNS record of one type and name from a domain (e.g. all TXT records named "_acme-challenge"). ' +
    'This cannot be undone; list the records first. NS and SOA records cannot be deleted this way.',
  input: deleteRecordsInput,
  output: z.object({
    domain: z.string().describe('The domain'),
    type: z.string().describe('The record type deleted'),
    name: z.string().describe('The record name deleted'),
    deleted: z.literal(true).describe('Always true when the call succeeded'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    await deleteRecords(ctx.client, input.domain, input.type, input.name, ctx.signal);
    return { domain: input.domain, type: input.type, name: input.name, deleted: true as const };
  },
});

const replaceTypeInput = z.object({
  domain: domainName,
  type: recordType,
  records: z
    .array(z.object({ name: recordName, ...recordDataFields }))
    .min(1)
    .max(500)
    .describe('The complete new set of records of this type, each with its name; every current record of the type is replaced'),
});

export const replaceDnsRecordsOfType = godaddyTool({
  name: 'godaddy_replace_dns_records_of_type',
  title: 'Replace all GoDaddy DNS records of a type',
  description:
    'Replaces every DNS record of one type (e.g. all MX records, whatever their names) with the given set (PUT ' +
    '/records/{type}). Records of the type that are not listed are deleted; other types are untouched. Use it to ' +
    'move mail to a new provider in one call. List the records of the type first with godaddy_list_dns_records.',
  input: replaceTypeInput,
  output: z.object({
    domain: z.string().describe('The domain'),
    type: z.string().describe('The record type replaced'),
    records: z.number().describe('How many records of this type exist now'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    await replaceRecordsOfType(ctx.client, input.domain, input.type, input.records, ctx.signal);
    return { domain: input.domain, type: input.type, records: input.records.length };
  },
});

const replaceZoneInput = z.object({
  domain: domainName,
  records: z
    .array(recordSchema)
    .min(1)
    .max(500)
    .describe('Every record the zone should have, with type and name; all current records not listed are deleted (SOA is kept)'),
});

export const replaceDnsZone = godaddyTool({
  name: 'godaddy_replace_dns_zone',
  title: 'Replace a whole GoDaddy DNS zone',
  description:
    'Replaces all DNS records of a domain with the given set (PUT /records): anything not listed is deleted, ' +
    'including NS records unless you list them (GoDaddy keeps the SOA). Use it to restore a zone from a backup or ' +
    'to apply a complete zone at once; export the current records with godaddy_list_dns_records first.',
  input: replaceZoneInput,
  output: z.object({
    domain: z.string().describe('The domain'),
    records: z.number().describe('How many records the zone has now, besides the SOA'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    await replaceZone(ctx.client, input.domain, input.records, ctx.signal);
    return { domain: input.domain, records: input.records.length };
  },
});

export const dnsTools = [listDnsRecords, addDnsRecords, replaceDnsRecords, replaceDnsRecordsOfType, replaceDnsZone, deleteDnsRecords];
