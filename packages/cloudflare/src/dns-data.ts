import { z } from "zod";
import type { DataRecordType } from "./types.js";

const u8 = (what: string) => z.number().int().min(0).max(255).describe(what);
const u16 = (what: string) => z.number().int().min(0).max(65535).describe(what);
const text = (what: string) => z.string().trim().min(1).describe(what);
const hex = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9a-f]+$/i, "must be hexadecimal")
    .describe(what);

const svcb = z.strictObject({
  priority: u16(
    "SvcPriority: 0 is alias mode, 1 and up service mode (lower is preferred)"
  ),
  target: text('TargetName: a host name, or "." for the owner name'),
  value: z
    .string()
    .trim()
    .describe('SvcParams, e.g. alpn="h3,h2" ipv4hint="192.0.2.1"'),
});
const tlsa = z.strictObject({
  usage: u8("Certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE"),
  selector: u8("Selector: 0 full certificate, 1 SubjectPublicKeyInfo"),
  matching_type: u8("Matching type: 0 exact, 1 SHA-256, 2 SHA-512"),
  certificate: hex("Certificate association data, hex"),
});

/**
 * The `data` fields of each structured record type, as Cloudflare's DNS record
 * schemas name them (`dns-records_CAARecord.data` and so on).
 */
export const DNS_RECORD_DATA = {
  CAA: z.strictObject({
    flags: u8("Flags: 0, or 128 for critical"),
    tag: z
      .enum(["issue", "issuewild", "iodef", "issuemail", "issuevmc"])
      .describe("Property: issue, issuewild, iodef, issuemail or issuevmc"),
    value: text(
      "Value for the tag: a CA domain such as letsencrypt.org for issue, a mailto: or https: URL for iodef"
    ),
  }),
  CERT: z.strictObject({
    type: u16("Certificate type: 1 PKIX, 2 SPKI, 3 PGP, ..."),
    key_tag: u16("Key tag"),
    algorithm: u8("Algorithm number"),
    certificate: text("The certificate, base64"),
  }),
  DNSKEY: z.strictObject({
    flags: u16("Flags: 256 zone signing key, 257 key signing key"),
    protocol: u8("Protocol: always 3"),
    algorithm: u8("Algorithm number, e.g. 13 for ECDSA P-256 SHA-256"),
    public_key: text("The public key, base64"),
  }),
  DS: z.strictObject({
    key_tag: u16("Key tag of the DNSKEY it points at"),
    algorithm: u8("Algorithm number of that DNSKEY"),
    digest_type: u8("Digest type: 2 SHA-256, 4 SHA-384"),
    digest: hex("Digest, hex"),
  }),
  HTTPS: svcb,
  LOC: z.strictObject({
    lat_degrees: z
      .number()
      .int()
      .min(0)
      .max(90)
      .describe("Degrees of latitude, 0 to 90"),
    lat_minutes: z
      .number()
      .int()
      .min(0)
      .max(59)
      .describe("Minutes of latitude, 0 to 59"),
    lat_seconds: z
      .number()
      .min(0)
      .max(59.999)
      .describe("Seconds of latitude, 0 to 59.999"),
    lat_direction: z.enum(["N", "S"]).describe("N or S"),
    long_degrees: z
      .number()
      .int()
      .min(0)
      .max(180)
      .describe("Degrees of longitude, 0 to 180"),
    long_minutes: z
      .number()
      .int()
      .min(0)
      .max(59)
      .describe("Minutes of longitude, 0 to 59"),
    long_seconds: z
      .number()
      .min(0)
      .max(59.999)
      .describe("Seconds of longitude, 0 to 59.999"),
    long_direction: z.enum(["E", "W"]).describe("E or W"),
    altitude: z
      .number()
      .min(-100000)
      .max(42849672.95)
      .describe("Altitude in meters, -100000 to 42849672.95"),
    size: z
      .number()
      .min(0)
      .max(90000000)
      .describe("Size of the location in meters"),
    precision_horz: z
      .number()
      .min(0)
      .max(90000000)
      .describe("Horizontal precision in meters"),
    precision_vert: z
      .number()
      .min(0)
      .max(90000000)
      .describe("Vertical precision in meters"),
  }),
  NAPTR: z.strictObject({
    order: u16("Order (lower first)"),
    preference: u16("Preference among equal orders (lower first)"),
    flags: z.string().trim().describe('Flags, e.g. "U" or "S"'),
    service: z.string().trim().describe('Service, e.g. "E2U+sip"'),
    regex: z.string().describe("Substitution expression"),
    replacement: text('Replacement domain name, or "."'),
  }),
  SMIMEA: tlsa,
  SRV: z.strictObject({
    priority: u16("Priority (lower is preferred)"),
    weight: u16("Weight among equal priorities"),
    port: u16("Port of the service"),
    target: text("Host name that provides the service"),
  }),
  SSHFP: z.strictObject({
    algorithm: u8("Key algorithm: 1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519"),
    type: u8("Fingerprint type: 1 SHA-1, 2 SHA-256"),
    fingerprint: hex("Fingerprint, hex"),
  }),
  SVCB: svcb,
  TLSA: tlsa,
  URI: z.strictObject({
    weight: u16("Weight among equal priorities"),
    target: text("The URI"),
  }),
} satisfies Record<DataRecordType, z.ZodObject>;

/** Any structured record's `data`; which fields apply is checked against the record type. */
export const dnsRecordDataField = z
  .union([
    DNS_RECORD_DATA.CAA,
    DNS_RECORD_DATA.CERT,
    DNS_RECORD_DATA.DNSKEY,
    DNS_RECORD_DATA.DS,
    DNS_RECORD_DATA.HTTPS,
    DNS_RECORD_DATA.LOC,
    DNS_RECORD_DATA.NAPTR,
    DNS_RECORD_DATA.SRV,
    DNS_RECORD_DATA.SSHFP,
    DNS_RECORD_DATA.TLSA,
    DNS_RECORD_DATA.URI,
  ])
  .describe(
    "Structured value for CAA {flags, tag, value}, CERT {type, key_tag, algorithm, certificate}, DNSKEY {flags, protocol, algorithm, public_key}, DS {key_tag, algorithm, digest_type, digest}, HTTPS and SVCB {priority, target, value}, LOC {lat_*, long_*, altitude, size, precision_*}, NAPTR {order, preference, flags, service, regex, replacement}, SRV {priority, weight, port, target} (name like _sip._tcp), SSHFP {algorithm, type, fingerprint}, TLSA and SMIMEA {usage, selector, matching_type, certificate}, URI {weight, target} (with priority). Not for content types."
  );
