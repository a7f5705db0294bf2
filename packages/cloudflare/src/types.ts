/**
 * Shapes of the Cloudflare API v4 resources this package uses, as the API
 * sends them (snake_case), checked against Cloudflare's OpenAPI schemas.
 */

export interface CloudflareMessage {
  code: number;
  message: string;
  documentation_url?: string;
  /** Sent (as null) on success messages. */
  type?: string | null;
  /** Nested causes; Cloudflare sends the specific validation codes here. */
  error_chain?: CloudflareMessage[];
}

export interface CloudflareResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages: number;
}

/** The v4 envelope every JSON answer comes in. */
export interface CloudflareEnvelope<T> {
  success: boolean;
  errors: CloudflareMessage[];
  messages: CloudflareMessage[];
  result: T;
  result_info?: CloudflareResultInfo;
}

export type TokenStatus = 'active' | 'disabled' | 'expired';

export interface TokenVerification {
  id: string;
  status: TokenStatus;
  expires_on?: string;
  not_before?: string;
}

/** `GET /user` (user-user-details): the user behind a user token or a Global API Key. */
export interface CloudflareUser {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  username?: string;
  telephone?: string | null;
  country?: string | null;
  zipcode?: string | null;
  two_factor_authentication_enabled: boolean;
  suspended: boolean;
  created_on?: string;
  modified_on?: string;
}

export type ZoneStatus = 'initializing' | 'pending' | 'active' | 'moved';

export interface Zone {
  id: string;
  name: string;
  status: ZoneStatus;
  paused: boolean;
  type: 'full' | 'partial' | 'secondary' | 'internal';
  development_mode: number;
  name_servers: string[];
  original_name_servers: string[] | null;
  original_registrar: string | null;
  original_dnshost: string | null;
  created_on: string;
  modified_on: string;
  activated_on: string | null;
  account: { id: string; name: string };
  owner: { id: string | null; name?: string | null; type: string };
  plan: { id: string; name: string; is_subscribed?: boolean; can_subscribe?: boolean };
  meta: Record<string, unknown>;
  permissions?: string[];
  vanity_name_servers?: string[];
}

/** Every DNS record type the Cloudflare API accepts (the `type` discriminator of its DNS record schemas). */
export const DNS_RECORD_TYPES = [
  'A',
  'AAAA',
  'CAA',
  'CERT',
  'CNAME',
  'DNSKEY',
  'DS',
  'HTTPS',
  'LOC',
  'MX',
  'NAPTR',
  'NS',
  'OPENPGPKEY',
  'PTR',
  'SMIMEA',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
  'URI',
] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** Types whose value is a single `content` string. */
export const CONTENT_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'OPENPGPKEY', 'PTR', 'TXT'] as const;
/** Types whose value is given as structured `data` (Cloudflare derives `content` from it). */
export const DATA_RECORD_TYPES = ['CAA', 'CERT', 'DNSKEY', 'DS', 'HTTPS', 'LOC', 'NAPTR', 'SMIMEA', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'URI'] as const;
export type DataRecordType = (typeof DATA_RECORD_TYPES)[number];
/** Types with a top-level `priority` (SRV carries its own in `data`, and Cloudflare echoes it at the top). */
export const PRIORITY_RECORD_TYPES = ['MX', 'URI'] as const;

/** The `data` of a structured record: the fields of its type (flags, tag, value for CAA; port, target, ... for SRV). */
export type DnsRecordData = Record<string, string | number>;

export interface DnsRecord {
  id: string;
  type: string;
  name: string;
  content: string;
  proxiable: boolean;
  proxied: boolean;
  ttl: number;
  priority?: number;
  data?: DnsRecordData;
  comment: string | null;
  tags: string[];
  settings: Record<string, unknown>;
  meta: Record<string, unknown>;
  created_on: string;
  modified_on: string;
  comment_modified_on?: string;
  tags_modified_on?: string;
}

export interface DnsRecordInput {
  type: string;
  name: string;
  /** The value of A, AAAA, CNAME, MX, NS, OPENPGPKEY, PTR and TXT records. */
  content?: string;
  /** The value of the structured types (CAA, SRV, HTTPS, TLSA, ...). */
  data?: DnsRecordData;
  ttl?: number;
  proxied?: boolean;
  priority?: number;
  comment?: string | null;
  tags?: string[];
}

/** Most settings are strings ("on"/"off" and modes) or numbers; a few are objects. */
export type ZoneSettingValue = string | number | boolean | Record<string, string | number | boolean>;

export interface ZoneSetting<T = ZoneSettingValue> {
  id: string;
  value: T;
  editable: boolean;
  modified_on: string | null;
  /** Only development_mode: seconds until it switches itself off. */
  time_remaining?: number;
}

/** Exactly one kind per call, as the purge endpoint requires. */
export type PurgeCacheRequest =
  | { purge_everything: true }
  | { files: string[] }
  | { hosts: string[] }
  | { tags: string[] }
  | { prefixes: string[] };
