import { z } from "zod";
import { DNS_RECORD_DATA, dnsRecordDataField } from "./dns-data.js";
import {
  dnsRecordOutput,
  pageField,
  paginationOf,
  paginationOutput,
  recordIdField,
  recordOut,
  zoneField,
} from "./schemas.js";
import {
  createDnsRecord,
  deleteDnsRecord,
  exportDnsRecords,
  getDnsRecord,
  listDnsRecords,
  updateDnsRecord,
} from "./dns.api.js";
import { cloudflareTool } from "./tool.js";
import {
  CONTENT_RECORD_TYPES,
  DATA_RECORD_TYPES,
  DNS_RECORD_TYPES,
  PRIORITY_RECORD_TYPES,
  type DataRecordType,
} from "./types.js";
import { resolveZoneId } from "./zones.api.js";

const recordType = z.enum(DNS_RECORD_TYPES);
const isDataType = (type: string): type is DataRecordType =>
  (DATA_RECORD_TYPES as readonly string[]).includes(type);
const PROXIABLE = ["A", "AAAA", "CNAME"];

/** The value rules a JSON Schema union cannot say: which of content and data a type takes, and its data's fields. */
function checkValue(
  record: {
    type?: string;
    content?: string;
    data?: unknown;
    priority?: number;
    proxied?: boolean;
  },
  ctx: z.RefinementCtx,
  creating: boolean
): void {
  const { type } = record;
  if (record.proxied && type && !PROXIABLE.includes(type)) {
    ctx.addIssue({
      code: "custom",
      path: ["proxied"],
      message: "only A, AAAA and CNAME records can be proxied",
    });
  }
  if (!type) return;
  if (isDataType(type)) {
    if (record.content !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["content"],
        message: `${type} records take data, not content`,
      });
    }
    if (record.data === undefined) {
      if (creating)
        ctx.addIssue({
          code: "custom",
          path: ["data"],
          message: `${type} records need data`,
        });
    } else {
      const parsed = DNS_RECORD_DATA[type].safeParse(record.data);
      for (const issue of parsed.error?.issues ?? []) {
        ctx.addIssue({
          code: "custom",
          path: ["data", ...issue.path.map(String)],
          message: `${issue.message} (for a ${type} record)`,
        });
      }
    }
  } else {
    if (record.data !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["data"],
        message: `${type} records take content, not data`,
      });
    }
    if (creating && record.content === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["content"],
        message: `${type} records need content`,
      });
  }
  if (
    creating &&
    (PRIORITY_RECORD_TYPES as readonly string[]).includes(type) &&
    record.priority === undefined
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["priority"],
      message: `${type} records need a priority`,
    });
  }
}

const recordFields = {
  name: z
    .string()
    .trim()
    .min(1)
    .describe(
      'Record name: "@" for the zone apex, a label such as "www", or the full name www.example.com.'
    ),
  content: z
    .string()
    .trim()
    .min(1)
    .describe(
      `Record value for the content types (${CONTENT_RECORD_TYPES.join(
        ", "
      )}): an IPv4 address for A, IPv6 for AAAA, a host name for CNAME/MX/NS/PTR, text for TXT, a base64 key for OPENPGPKEY. The other types take data instead.`
    ),
  data: dnsRecordDataField,
  ttl: z
    .union([z.literal(1), z.number().int().min(60).max(86400)])
    .describe(
      "Time to live in seconds, 60 to 86400, or 1 for automatic (proxied records are always automatic)."
    ),
  proxied: z
    .boolean()
    .describe(
      "Route traffic through Cloudflare (orange cloud). Only A, AAAA and CNAME records can be proxied."
    ),
  priority: z
    .number()
    .int()
    .min(0)
    .max(65535)
    .describe(
      "Priority of MX and URI records, 0 to 65535; lower is preferred. Required for them (SRV, HTTPS and SVCB carry theirs in data)."
    ),
  comment: z
    .string()
    .max(100)
    .describe("A note for people reading the record (up to 100 characters)."),
  tags: z
    .array(z.string().regex(/^[^:]+:.*$/, "tags look like name:value"))
    .describe("Tags as name:value (paid plans)."),
};

export const listDnsRecordsTool = cloudflareTool({
  name: "cloudflare_list_dns_records",
  title: "List DNS records",
  description:
    "Lists a zone's DNS records with their ids, types, names, values, TTL and proxy status. Use it to see what a domain points at, or to find a record's id before updating or deleting it. Filter by type, exact name or exact content; results are paged (100 per page by default).",
  input: z.object({
    zone: zoneField,
    type: recordType.optional().describe("Only records of this type."),
    name: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        "Only records with exactly this full name, e.g. www.example.com."
      ),
    content: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("Only records with exactly this value, e.g. 192.0.2.1."),
    proxied: z
      .boolean()
      .optional()
      .describe("Only proxied (true) or DNS-only (false) records."),
    page: pageField,
    perPage: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe("Records per page, 1 to 1000 (default 100)."),
  }),
  output: z.object({
    zoneId: z.string().describe("The zone id the records belong to"),
    records: z.array(dnsRecordOutput).describe("Records on this page"),
    ...paginationOutput,
  }),
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  handler: async ({ zone, ...query }, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, zone, ctx.signal);
    const { items, resultInfo } = await listDnsRecords(
      ctx.client,
      zoneId,
      query,
      ctx.signal
    );
    return {
      zoneId,
      records: items.map(recordOut),
      ...paginationOf(resultInfo),
    };
  },
});

export const getDnsRecordTool = cloudflareTool({
  name: "cloudflare_get_dns_record",
  title: "Get a DNS record",
  description:
    "Returns one DNS record by id, with its value, TTL, proxy status, comment and timestamps.",
  input: z.object({ zone: zoneField, recordId: recordIdField }),
  output: z.object({ record: dnsRecordOutput }),
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    return {
      record: recordOut(
        await getDnsRecord(ctx.client, zoneId, args.recordId, ctx.signal)
      ),
    };
  },
});

export const createDnsRecordTool = cloudflareTool({
  name: "cloudflare_create_dns_record",
  title: "Create a DNS record",
  description: `Adds a DNS record of any type Cloudflare supports (${DNS_RECORD_TYPES.join(
    ", "
  )}) to a zone and returns it with its new id. ${CONTENT_RECORD_TYPES.join(
    ", "
  )} take content; the others take structured data (CAA: {flags, tag, value}; SRV: {priority, weight, port, target}; ...). Fails with a conflict if the same record, or a CNAME on the same name, already exists: then change the existing one with cloudflare_update_dns_record instead.`,
  input: z
    .object({
      zone: zoneField,
      type: recordType.describe("Record type."),
      name: recordFields.name,
      content: recordFields.content.optional(),
      data: recordFields.data.optional(),
      ttl: recordFields.ttl
        .optional()
        .describe(`${recordFields.ttl.description} Default 1.`),
      proxied: recordFields.proxied
        .optional()
        .describe(`${recordFields.proxied.description} Default false.`),
      priority: recordFields.priority.optional(),
      comment: recordFields.comment.optional(),
      tags: recordFields.tags.optional(),
    })
    .superRefine((record, ctx) => checkValue(record, ctx, true)),
  output: z.object({ record: dnsRecordOutput }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  handler: async ({ zone, ...record }, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, zone, ctx.signal);
    return {
      record: recordOut(
        await createDnsRecord(ctx.client, zoneId, record, ctx.signal)
      ),
    };
  },
});

export const updateDnsRecordTool = cloudflareTool({
  name: "cloudflare_update_dns_record",
  title: "Update a DNS record",
  description:
    "Changes fields of an existing DNS record (PATCH: fields you leave out keep their values) and returns the updated record. Use it to point a name at a new address, change TTL, turn the proxy on or off, or edit the comment. Find the record id with cloudflare_list_dns_records.",
  input: z
    .object({
      zone: zoneField,
      recordId: recordIdField,
      type: recordType
        .optional()
        .describe("New record type; usually left unchanged."),
      name: recordFields.name.optional(),
      content: recordFields.content.optional(),
      data: recordFields.data
        .optional()
        .describe(
          `${recordFields.data.description} Give the whole data object; it replaces the old one.`
        ),
      ttl: recordFields.ttl.optional(),
      proxied: recordFields.proxied.optional(),
      priority: recordFields.priority.optional(),
      comment: recordFields.comment
        .nullable()
        .optional()
        .describe("New comment; null removes it."),
      tags: recordFields.tags.optional(),
    })
    .refine(
      ({ zone: _zone, recordId: _recordId, ...changes }) =>
        Object.values(changes).some((v) => v !== undefined),
      {
        message:
          "give at least one field to change: content, data, name, ttl, proxied, priority, comment, tags or type",
      }
    )
    .superRefine((record, ctx) => checkValue(record, ctx, false)),
  output: z.object({ record: dnsRecordOutput }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  handler: async ({ zone, recordId, ...changes }, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, zone, ctx.signal);
    return {
      record: recordOut(
        await updateDnsRecord(ctx.client, zoneId, recordId, changes, ctx.signal)
      ),
    };
  },
});

export const deleteDnsRecordTool = cloudflareTool({
  name: "cloudflare_delete_dns_record",
  title: "Delete a DNS record",
  description:
    "Deletes one DNS record by id. The name stops resolving to that value as soon as caches expire; this cannot be undone (export the zone first with cloudflare_export_dns_records if unsure).",
  input: z.object({ zone: zoneField, recordId: recordIdField }),
  output: z.object({
    deleted: z.literal(true).describe("Always true on success"),
    id: z.string().describe("Id of the deleted record"),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    const result = await deleteDnsRecord(
      ctx.client,
      zoneId,
      args.recordId,
      ctx.signal
    );
    return { deleted: true as const, id: result.id };
  },
});

export const exportDnsRecordsTool = cloudflareTool({
  name: "cloudflare_export_dns_records",
  title: "Export DNS records as a BIND zone file",
  description:
    "Exports all of a zone's DNS records as a BIND zone file (text). Use it for a backup before bulk changes, to move DNS elsewhere, or to read every record at once.",
  input: z.object({ zone: zoneField }),
  output: z.object({
    zoneId: z.string().describe("The zone id"),
    recordCount: z.number().describe("Records in the file (SOA excluded)"),
    bind: z.string().describe("The zone file text"),
  }),
  render: (result) => result.bind,
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    const bind = await exportDnsRecords(ctx.client, zoneId, ctx.signal);
    const recordCount = bind
      .split("\n")
      .filter(
        (line) => /\sIN\s/.test(line) && !/\sIN\s+SOA\s/.test(line)
      ).length;
    return { zoneId, recordCount, bind };
  },
});

export const dnsTools = [
  listDnsRecordsTool,
  getDnsRecordTool,
  createDnsRecordTool,
  updateDnsRecordTool,
  deleteDnsRecordTool,
  exportDnsRecordsTool,
];
