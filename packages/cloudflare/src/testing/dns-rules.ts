import { isIPv4, isIPv6 } from "node:net";
import {
  CONTENT_RECORD_TYPES,
  DATA_RECORD_TYPES,
  PRIORITY_RECORD_TYPES,
  type DnsRecord,
  type DnsRecordData,
  type DnsRecordInput,
} from "../types.js";
import { CloudflareFakeError, dnsValidation } from "./envelope.js";

/** Every record type Cloudflare accepts. */
export const FAKE_RECORD_TYPES = new Set<string>([
  ...CONTENT_RECORD_TYPES,
  ...DATA_RECORD_TYPES,
]);
const DATA_TYPES = new Set<string>(DATA_RECORD_TYPES);
const PRIORITY_TYPES = new Set<string>([...PRIORITY_RECORD_TYPES, "SRV"]);

/** SMIMEA (RFC 8162) and TLSA (RFC 6698) share one data shape. */
const CERTIFICATE_ASSOCIATION = {
  fields: {
    usage: [0, 255],
    selector: [0, 255],
    matching_type: [0, 255],
    certificate: "text",
  },
  content: (d: DnsRecordData) => `${d.usage} ${d.selector} ${d.matching_type} ${d.certificate}`,
} satisfies { fields: Record<string, [number, number] | "text">; content: (d: DnsRecordData) => string };

/**
 * The data fields of each structured type with their numeric bounds (`[min, max]`) or `'text'`,
 * and how Cloudflare writes the record's `content` from them.
 */
const DATA_FIELDS: Record<
  string,
  {
    fields: Record<string, [number, number] | "text" | string[]>;
    content: (d: DnsRecordData) => string;
  }
> = {
  CAA: {
    fields: {
      flags: [0, 255],
      tag: ["issue", "issuewild", "iodef", "issuemail", "issuevmc"],
      value: "text",
    },
    content: (d) => `${d.flags} ${d.tag} "${d.value}"`,
  },
  CERT: {
    fields: {
      type: [0, 65535],
      key_tag: [0, 65535],
      algorithm: [0, 255],
      certificate: "text",
    },
    content: (d) => `${d.type} ${d.key_tag} ${d.algorithm} ${d.certificate}`,
  },
  DNSKEY: {
    fields: {
      flags: [0, 65535],
      protocol: [0, 255],
      algorithm: [0, 255],
      public_key: "text",
    },
    content: (d) => `${d.flags} ${d.protocol} ${d.algorithm} ${d.public_key}`,
  },
  DS: {
    fields: {
      key_tag: [0, 65535],
      algorithm: [0, 255],
      digest_type: [0, 255],
      digest: "text",
    },
    content: (d) => `${d.key_tag} ${d.algorithm} ${d.digest_type} ${d.digest}`,
  },
  HTTPS: {
    fields: { priority: [0, 65535], target: "text", value: "text" },
    content: (d) => `${d.priority} ${d.target} ${d.value}`.trim(),
  },
  SVCB: {
    fields: { priority: [0, 65535], target: "text", value: "text" },
    content: (d) => `${d.priority} ${d.target} ${d.value}`.trim(),
  },
  LOC: {
    fields: {
      lat_degrees: [0, 90],
      lat_minutes: [0, 59],
      lat_seconds: [0, 59.999],
      lat_direction: ["N", "S"],
      long_degrees: [0, 180],
      long_minutes: [0, 59],
      long_seconds: [0, 59.999],
      long_direction: ["E", "W"],
      altitude: [-100000, 42849672.95],
      size: [0, 90000000],
      precision_horz: [0, 90000000],
      precision_vert: [0, 90000000],
    },
    content: (d) =>
      `${d.lat_degrees} ${d.lat_minutes} ${d.lat_seconds} ${d.lat_direction} ${d.long_degrees} ${d.long_minutes} ${d.long_seconds} ${d.long_direction} ${d.altitude}m ${d.size}m ${d.precision_horz}m ${d.precision_vert}m`,
  },
  NAPTR: {
    fields: {
      order: [0, 65535],
      preference: [0, 65535],
      flags: "text",
      service: "text",
      regex: "text",
      replacement: "text",
    },
    content: (d) =>
      `${d.order} ${d.preference} "${d.flags}" "${d.service}" "${d.regex}" ${d.replacement}`,
  },
  SMIMEA: CERTIFICATE_ASSOCIATION,
  TLSA: CERTIFICATE_ASSOCIATION,
  SRV: {
    fields: {
      priority: [0, 65535],
      weight: [0, 65535],
      port: [0, 65535],
      target: "text",
    },
    content: (d) => `${d.weight} ${d.port} ${d.target}`,
  },
  SSHFP: {
    fields: { algorithm: [0, 255], type: [0, 255], fingerprint: "text" },
    content: (d) => `${d.algorithm} ${d.type} ${d.fingerprint}`,
  },
  URI: {
    fields: { weight: [0, 65535], target: "text" },
    content: (d) => `${d.weight} "${d.target}"`,
  },
};
const PROXIABLE = new Set(["A", "AAAA", "CNAME"]);
const HOSTNAME =
  /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** Cloudflare stores names fully qualified: `www` and `@` become `www.example.com` and `example.com`. */
export function qualifyName(name: string, zoneName: string): string {
  const trimmed = name.trim().toLowerCase().replace(/\.$/, "");
  if (trimmed === "@" || trimmed === "") return zoneName;
  if (trimmed === zoneName || trimmed.endsWith(`.${zoneName}`)) return trimmed;
  return `${trimmed}.${zoneName}`;
}

/** Validates a full record the way the API does and returns its stored form. */
export function checkRecord(
  input: Partial<DnsRecordInput>,
  zoneName: string
): Required<
  Pick<DnsRecordInput, "type" | "name" | "content" | "ttl" | "proxied">
> &
  DnsRecordInput {
  const type = String(input.type ?? "").toUpperCase();
  if (!FAKE_RECORD_TYPES.has(type))
    dnsValidation(
      9101,
      `Unsupported or invalid DNS record type '${input.type ?? ""}'.`
    );
  if (typeof input.name !== "string")
    dnsValidation(9000, "DNS name is invalid.");
  const name = qualifyName(input.name, zoneName);
  if (!HOSTNAME.test(name)) dnsValidation(9000, "DNS name is invalid.");
  let content = typeof input.content === "string" ? input.content.trim() : "";
  let data: DnsRecordData | undefined;
  if (DATA_TYPES.has(type)) {
    data = checkData(type, input.data);
    content = DATA_FIELDS[type]!.content(data);
  } else {
    checkContent(type, content);
  }
  const ttl = input.ttl ?? 1;
  if (!Number.isInteger(ttl) || (ttl !== 1 && (ttl < 60 || ttl > 86400))) {
    dnsValidation(
      9021,
      "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic."
    );
  }
  const proxied = input.proxied ?? false;
  if (proxied && !PROXIABLE.has(type))
    dnsValidation(9004, `This record type cannot be proxied.`);
  const priority = type === "SRV" ? data?.priority : input.priority;
  if (
    PRIORITY_TYPES.has(type) &&
    (priority === undefined ||
      typeof priority !== "number" ||
      !Number.isInteger(priority) ||
      priority < 0 ||
      priority > 65535)
  ) {
    dnsValidation(
      9100,
      `${type} records require a priority between 0 and 65535.`
    );
  }
  const { data: _data, priority: _priority, ...rest } = input;
  return {
    ...rest,
    type,
    name,
    content:
      type === "CNAME" || type === "MX" || type === "NS"
        ? content.replace(/\.$/, "").toLowerCase()
        : content,
    ttl,
    proxied,
    ...(data ? { data } : {}),
    ...(PRIORITY_TYPES.has(type) ? { priority: priority as number } : {}),
  };
}

/** The data of a structured record: every field of its type present and in range, nothing else. */
function checkData(type: string, data: unknown): DnsRecordData {
  const rule = DATA_FIELDS[type]!;
  if (!data || typeof data !== "object" || Array.isArray(data))
    dnsValidation(9101, `${type} records require data.`);
  const given = data as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in rule.fields))
      dnsValidation(9101, `Unknown field data.${key} for a ${type} record.`);
  }
  for (const [field, bound] of Object.entries(rule.fields)) {
    const value = given[field];
    if (value === undefined)
      dnsValidation(9101, `${type} record data.${field} is required.`);
    if (bound === "text") {
      if (typeof value !== "string")
        dnsValidation(9101, `${type} record data.${field} must be a string.`);
    } else if (Array.isArray(bound) && typeof bound[0] === "string") {
      if (!(bound as string[]).includes(value as string))
        dnsValidation(
          9101,
          `${type} record data.${field} must be one of ${bound.join(", ")}.`
        );
    } else {
      const [min, max] = bound as [number, number];
      if (typeof value !== "number" || value < min || value > max) {
        dnsValidation(
          9101,
          `${type} record data.${field} must be a number between ${min} and ${max}.`
        );
      }
    }
  }
  return given as DnsRecordData;
}

function checkContent(type: string, content: string): void {
  if (!content) dnsValidation(9002, "DNS record content is required.");
  if (type === "A" && !isIPv4(content))
    dnsValidation(9005, "Content for A record must be a valid IPv4 address.");
  if (type === "AAAA" && !isIPv6(content))
    dnsValidation(
      9006,
      "Content for AAAA record must be a valid IPv6 address."
    );
  if (
    (type === "CNAME" || type === "MX" || type === "NS") &&
    !HOSTNAME.test(content.replace(/\.$/, ""))
  ) {
    dnsValidation(9007, `Content for ${type} record is invalid.`);
  }
  if (type === "TXT" && content.length > 2048)
    dnsValidation(9008, "TXT content must be at most 2048 characters.");
}

/** The name and type clashes Cloudflare refuses, with its codes. */
export function checkClashes(
  candidate: Pick<DnsRecord, "type" | "name" | "content">,
  others: DnsRecord[],
  isUpdate: boolean
): void {
  const sameName = others.filter((r) => r.name === candidate.name);
  if (
    sameName.some(
      (r) =>
        r.type === candidate.type &&
        r.content.toLowerCase() === candidate.content.toLowerCase()
    )
  ) {
    throw new CloudflareFakeError(400, [
      isUpdate
        ? { code: 81058, message: "An identical record already exists." }
        : { code: 81057, message: "Record already exists." },
    ]);
  }
  const addressLike = (type: string) =>
    type === "A" || type === "AAAA" || type === "CNAME";
  if (candidate.type === "CNAME" && sameName.length > 0) {
    throw new CloudflareFakeError(400, [
      {
        code: 81053,
        message: "An A, AAAA, or CNAME record with that host already exists.",
      },
    ]);
  }
  if (addressLike(candidate.type) && sameName.some((r) => r.type === "CNAME")) {
    throw new CloudflareFakeError(400, [
      { code: 81054, message: "A CNAME record with that host already exists." },
    ]);
  }
}

export function isProxiable(type: string): boolean {
  return PROXIABLE.has(type);
}
