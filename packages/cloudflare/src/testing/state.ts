import { createHash, randomBytes, randomUUID } from "node:crypto";
import type {
  CloudflareUser,
  DnsRecord,
  DnsRecordInput,
  PurgeCacheRequest,
  TokenStatus,
  Zone,
  ZoneSetting,
  ZoneStatus,
} from "../types.js";
import { CloudflareFakeError } from "./envelope.js";
import { checkClashes, checkRecord, isProxiable } from "./dns-rules.js";
import type { Dnssec } from "../dnssec.api.js";
import { PLANS, PurgeLimiter, type PlanTier } from "./purge-rules.js";
import { applySetting, defaultSettings } from "./settings-rules.js";

export interface FakeAccount {
  id: string;
  name: string;
}

export interface FakeToken {
  /** The secret sent as `Authorization: Bearer`. */
  token: string;
  /** The token's public id, as `tokens/verify` reports it. */
  id: string;
  /** User tokens verify at `/user/tokens/verify`, account tokens at `/accounts/{id}/tokens/verify`. */
  kind: "user" | "account";
  accountId?: string;
  status: TokenStatus;
  expiresOn?: string;
}

/** The user behind the user token and the Global API Key. */
export interface FakeUser extends CloudflareUser {
  /** The Global API Key, sent as `X-Auth-Key` beside the email as `X-Auth-Email`. */
  apiKey: string;
}

export interface SeedRecord extends Omit<DnsRecordInput, "ttl"> {
  ttl?: number;
  id?: string;
}

export interface SeedZone {
  name: string;
  id?: string;
  status?: ZoneStatus;
  records?: SeedRecord[];
  /** DNSSEC status (disabled by default). */
  dnssec?: "active" | "pending" | "disabled";
  /** The zone's plan (Free by default): it sets the purge limits. */
  plan?: PlanTier;
  /** Zone settings to start from, by Cloudflare setting id (`ssl: 'strict'`). */
  settings?: Record<string, unknown>;
}

export interface CloudflareFakeSeed {
  account?: Partial<FakeAccount>;
  zones: SeedZone[];
}

export interface PurgeRecord {
  zoneId: string;
  request: PurgeCacheRequest;
  at: string;
}

/** A deterministic 32-hex id, so seeded zones keep their ids across runs (docs, demo mode). */
export function stableId(...parts: string[]): string {
  return createHash("md5").update(parts.join("/")).digest("hex");
}

/** A Global API Key in Cloudflare's format: 37 lower-case hex characters. */
export function newGlobalApiKey(): string {
  return randomBytes(19).toString("hex").slice(0, 37);
}

/** A token in Cloudflare's format: 40 characters of [A-Za-z0-9_-]. */
export function newTokenSecret(): string {
  return randomBytes(30).toString("base64url");
}

export const DEFAULT_SEED: CloudflareFakeSeed = {
  account: { name: "Example Account" },
  zones: [
    {
      name: "example.com",
      records: [
        { type: "A", name: "example.com", content: "192.0.2.1", proxied: true },
        { type: "CNAME", name: "www", content: "example.com", proxied: true },
        { type: "A", name: "mail", content: "192.0.2.10" },
        {
          type: "MX",
          name: "example.com",
          content: "mail.example.com",
          priority: 10,
          ttl: 3600,
        },
        {
          type: "TXT",
          name: "example.com",
          content: '"v=spf1 mx -all"',
          ttl: 3600,
          comment: "SPF policy",
        },
      ],
      settings: { ssl: "full", always_use_https: "on" },
      dnssec: "active",
    },
    {
      name: "example.org",
      status: "pending",
      records: [{ type: "A", name: "example.org", content: "198.51.100.7" }],
    },
  ],
};

/** Everything the fake Cloudflare knows; tests seed and inspect it directly. */
export class CloudflareFakeState {
  account: FakeAccount = { id: stableId("account"), name: "Example Account" };
  readonly zones = new Map<string, Zone>();
  readonly records = new Map<string, DnsRecord[]>();
  readonly settings = new Map<string, Map<string, ZoneSetting>>();
  readonly tokens = new Map<string, FakeToken>();
  user: FakeUser = {
    id: stableId("user"),
    email: "user@example.com",
    first_name: "Example",
    last_name: "User",
    username: "exampleuser",
    telephone: null,
    country: "US",
    zipcode: null,
    two_factor_authentication_enabled: false,
    suspended: false,
    created_on: "2024-01-01T00:00:00Z",
    modified_on: "2024-01-01T00:00:00Z",
    apiKey: newGlobalApiKey(),
  };
  readonly purges: PurgeRecord[] = [];
  readonly dnssec = new Map<string, Dnssec>();
  /** Cloudflare's per-account purge token buckets, refilled by the state's clock. */
  readonly purgeLimiter = new PurgeLimiter(() => this.now().getTime());
  /** Overridable clock, so tests can pin timestamps and purge refills. */
  now: () => Date = () => new Date();

  reset(): void {
    this.zones.clear();
    this.records.clear();
    this.settings.clear();
    this.dnssec.clear();
    this.purges.length = 0;
    this.purgeLimiter.reset();
  }

  seed(seed: CloudflareFakeSeed): void {
    if (seed.account)
      this.account = {
        id: seed.account.id ?? this.account.id,
        name: seed.account.name ?? this.account.name,
      };
    for (const zone of seed.zones) {
      const created = this.addZone(zone);
      for (const record of zone.records ?? [])
        this.createRecord(created.id, record);
    }
  }

  addToken(token: Partial<FakeToken> & Pick<FakeToken, "kind">): FakeToken {
    const full: FakeToken = {
      ...token,
      token: token.token ?? newTokenSecret(),
      id: token.id ?? randomUUID().replace(/-/g, ""),
      status: token.status ?? "active",
      accountId:
        token.kind === "account"
          ? token.accountId ?? this.account.id
          : undefined,
    };
    this.tokens.set(full.token, full);
    return full;
  }

  addZone(input: SeedZone): Zone {
    const name = input.name.toLowerCase();
    const id = input.id ?? stableId("zone", name);
    const stamp = this.timestamp();
    const status = input.status ?? "active";
    const zone: Zone = {
      id,
      name,
      status,
      paused: false,
      type: "full",
      development_mode: 0,
      name_servers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
      original_name_servers: [
        "ns1.registrar-servers.com",
        "ns2.registrar-servers.com",
      ],
      original_registrar: "example registrar",
      original_dnshost: null,
      created_on: stamp,
      modified_on: stamp,
      activated_on: status === "active" ? stamp : null,
      account: { ...this.account },
      owner: { id: null, type: "user", name: null },
      plan: {
        ...PLANS[input.plan ?? "free"],
        is_subscribed: input.plan !== undefined && input.plan !== "free",
        can_subscribe: false,
      },
      meta: {
        step: 2,
        custom_certificate_quota: 0,
        page_rule_quota: 3,
        phishing_detected: false,
      },
      permissions: [
        "#dns_records:edit",
        "#dns_records:read",
        "#zone:read",
        "#zone_settings:edit",
        "#cache_purge:edit",
      ],
    };
    this.zones.set(id, zone);
    this.records.set(id, []);
    this.settings.set(id, defaultSettings(input.settings));
    this.dnssec.set(id, dnssecOf(name, id, input.dnssec ?? "disabled", stamp));
    return zone;
  }

  zone(zoneId: string): Zone | undefined {
    return this.zones.get(zoneId);
  }

  recordsOf(zoneId: string): DnsRecord[] {
    return this.records.get(zoneId) ?? [];
  }

  record(zoneId: string, recordId: string): DnsRecord | undefined {
    return this.recordsOf(zoneId).find((r) => r.id === recordId);
  }

  createRecord(zoneId: string, input: Partial<SeedRecord>): DnsRecord {
    const zone = this.requireZone(zoneId);
    const checked = checkRecord(input, zone.name);
    const records = this.recordsOf(zoneId);
    checkClashes(checked, records, false);
    const stamp = this.timestamp();
    const record: DnsRecord = {
      id: input.id ?? randomUUID().replace(/-/g, ""),
      name: checked.name,
      type: checked.type,
      content: checked.content,
      proxiable: isProxiable(checked.type),
      proxied: checked.proxied,
      ttl: checked.ttl,
      ...(checked.priority !== undefined ? { priority: checked.priority } : {}),
      ...(checked.data ? { data: checked.data } : {}),
      settings: {},
      meta: {},
      comment: checked.comment ?? null,
      tags: checked.tags ?? [],
      created_on: stamp,
      modified_on: stamp,
    };
    records.push(record);
    return record;
  }

  /** PATCH semantics: the given fields replace the stored ones, then the whole record is checked again. */
  patchRecord(
    zoneId: string,
    recordId: string,
    changes: Partial<DnsRecordInput>
  ): DnsRecord {
    const zone = this.requireZone(zoneId);
    const current = this.requireRecord(zoneId, recordId);
    const merged = { ...current, ...definedOnly(changes) } as DnsRecordInput;
    const checked = checkRecord(merged, zone.name);
    checkClashes(
      checked,
      this.recordsOf(zoneId).filter((r) => r.id !== recordId),
      true
    );
    const updated: DnsRecord = {
      ...current,
      name: checked.name,
      type: checked.type,
      content: checked.content,
      proxiable: isProxiable(checked.type),
      proxied: checked.proxied,
      ttl: checked.ttl,
      ...(checked.priority !== undefined ? { priority: checked.priority } : {}),
      ...(checked.data ? { data: checked.data } : {}),
      comment: checked.comment ?? null,
      tags: checked.tags ?? [],
      modified_on: this.timestamp(),
    };
    if (checked.priority === undefined) delete updated.priority;
    if (!checked.data) delete updated.data;
    const records = this.recordsOf(zoneId);
    records[records.indexOf(current)] = updated;
    return updated;
  }

  deleteRecord(zoneId: string, recordId: string): void {
    const record = this.requireRecord(zoneId, recordId);
    const records = this.recordsOf(zoneId);
    records.splice(records.indexOf(record), 1);
  }

  settingsOf(zoneId: string): Map<string, ZoneSetting> {
    this.requireZone(zoneId);
    return this.settings.get(zoneId)!;
  }

  updateSetting(
    zoneId: string,
    settingId: string,
    value: unknown
  ): ZoneSetting {
    const updated = applySetting(
      this.settingsOf(zoneId),
      settingId,
      value,
      this.timestamp()
    );
    if (settingId === "development_mode")
      this.requireZone(zoneId).development_mode = updated.time_remaining ?? 0;
    return updated;
  }

  recordPurge(zoneId: string, request: PurgeCacheRequest): void {
    this.requireZone(zoneId);
    this.purges.push({ zoneId, request, at: this.timestamp() });
  }

  requireZone(zoneId: string): Zone {
    const zone = this.zones.get(zoneId);
    if (!zone) {
      throw new CloudflareFakeError(404, [
        {
          code: 7003,
          message: `Could not route to /client/v4/zones/${zoneId}, perhaps your object identifier is invalid?`,
        },
        { code: 7000, message: "No route for that URI" },
      ]);
    }
    return zone;
  }

  requireRecord(zoneId: string, recordId: string): DnsRecord {
    this.requireZone(zoneId);
    const record = this.record(zoneId, recordId);
    if (!record)
      throw new CloudflareFakeError(404, [
        { code: 81044, message: "Record does not exist." },
      ]);
    return record;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined)
  ) as Partial<T>;
}

/** DNSSEC as Cloudflare reports it: key material once signing is on, nulls while it is off. */
function dnssecOf(
  zoneName: string,
  zoneId: string,
  status: "active" | "pending" | "disabled",
  stamp: string
): Dnssec {
  const flags = {
    dnssec_multi_signer: false,
    dnssec_presigned: false,
    dnssec_use_nsec3: false,
  };
  if (status === "disabled") {
    return {
      status,
      algorithm: null,
      digest: null,
      digest_algorithm: null,
      digest_type: null,
      ds: null,
      flags: null,
      key_tag: null,
      key_type: null,
      modified_on: null,
      public_key: null,
      ...flags,
    };
  }
  const keyTag = Number.parseInt(zoneId.slice(0, 4), 16);
  const digest = createHash("sha256")
    .update(`ds/${zoneName}`)
    .digest("hex")
    .toUpperCase();
  return {
    status,
    algorithm: "13",
    digest,
    digest_algorithm: "SHA256",
    digest_type: "2",
    ds: `${zoneName}. 3600 IN DS ${keyTag} 13 2 ${digest}`,
    flags: 257,
    key_tag: keyTag,
    key_type: "ECDSAP256SHA256",
    modified_on: stamp,
    public_key: createHash("sha512").update(`key/${zoneName}`).digest("base64"),
    ...flags,
  };
}
