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

/** Record types whose value fits in `content` (others need structured `data`). */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'PTR'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export interface DnsRecord {
  id: string;
  type: string;
  name: string;
  content: string;
  proxiable: boolean;
  proxied: boolean;
  ttl: number;
  priority?: number;
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
  content: string;
  ttl?: number;
  proxied?: boolean;
  priority?: number;
  comment?: string | null;
  tags?: string[];
}

/** Most settings are strings ("on"/"off" and modes) or numbers; a few are objects. */
export type ZoneSettingValue = string | number | boolean | Record<string, unknown>;

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
