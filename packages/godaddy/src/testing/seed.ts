import type { DnsRecord } from '../dns.api.js';

export interface GoDaddyFakeDomain {
  domain: string;
  domainId: number;
  status: string;
  createdAt: string;
  expires: string;
  renewDeadline: string;
  renewAuto: boolean;
  renewable: boolean;
  locked: boolean;
  privacy: boolean;
  expirationProtected: boolean;
  holdRegistrar: boolean;
  transferProtected: boolean;
  nameServers: string[];
  authCode: string;
  /** The reseller subaccount (shopper id) the domain belongs to; reached with `X-Shopper-Id`. */
  subaccountId?: string;
}

export interface GoDaddyFakeState {
  /** The shopper id of the API key's own account (`X-Shopper-Id` may name it, or a subaccount). */
  shopperId: string;
  domains: GoDaddyFakeDomain[];
  /** DNS records per domain. */
  records: Record<string, DnsRecord[]>;
  /** Domains the availability check reports as taken, besides the account's own. */
  taken: string[];
}

const GODADDY_NS = ['ns51.domaincontrol.com', 'ns52.domaincontrol.com'];

function domain(
  name: string,
  domainId: number,
  status: string,
  createdAt: string,
  expires: string,
  extra: Partial<GoDaddyFakeDomain> = {},
): GoDaddyFakeDomain {
  return {
    domain: name,
    domainId,
    status,
    createdAt,
    expires,
    renewDeadline: expires,
    renewAuto: true,
    renewable: true,
    locked: true,
    privacy: true,
    expirationProtected: false,
    holdRegistrar: false,
    transferProtected: false,
    nameServers: GODADDY_NS,
    authCode: `AUTH-${domainId}-DEMO`,
    ...extra,
  };
}

/** A small agency account: two live sites, one domain with DNS elsewhere, one lapsed brand. */
export const DEFAULT_GODADDY_SEED: GoDaddyFakeState = {
  shopperId: '100200300',
  domains: [
    domain('acme-bakery.com', 403127801, 'ACTIVE', '2019-03-14T09:21:00.000Z', '2027-03-14T23:59:59.000Z'),
    domain('acme-bakery.shop', 403127802, 'ACTIVE', '2023-06-02T12:00:00.000Z', '2026-06-02T23:59:59.000Z', {
      renewAuto: false,
    }),
    domain('bluefin-consulting.io', 403127803, 'ACTIVE', '2021-11-20T16:45:00.000Z', '2026-11-20T23:59:59.000Z', {
      nameServers: ['ns1.exampledns.net', 'ns2.exampledns.net'],
    }),
    domain('old-brand.net', 403127804, 'EXPIRED', '2015-01-10T08:00:00.000Z', '2025-01-10T23:59:59.000Z', {
      renewAuto: false,
      locked: false,
      renewable: true,
    }),
    // A reseller client's domain: visible only with X-Shopper-Id: 555000111.
    domain('harbor-cafe.com', 403127805, 'ACTIVE', '2022-04-01T10:00:00.000Z', '2027-04-01T23:59:59.000Z', {
      subaccountId: '555000111',
    }),
  ],
  records: {
    'acme-bakery.com': [
      { type: 'A', name: '@', data: '203.0.113.10', ttl: 600 },
      { type: 'CNAME', name: 'www', data: '@', ttl: 3600 },
      { type: 'MX', name: '@', data: 'mailstore1.secureserver.net', priority: 10, ttl: 3600 },
      { type: 'MX', name: '@', data: 'smtp.secureserver.net', priority: 0, ttl: 3600 },
      { type: 'TXT', name: '@', data: 'v=spf1 include:secureserver.net -all', ttl: 3600 },
      { type: 'TXT', name: '_dmarc', data: 'v=DMARC1; p=quarantine', ttl: 3600 },
      { type: 'NS', name: '@', data: 'ns51.domaincontrol.com', ttl: 3600 },
      { type: 'NS', name: '@', data: 'ns52.domaincontrol.com', ttl: 3600 },
    ],
    'harbor-cafe.com': [
      { type: 'A', name: '@', data: '198.51.100.42', ttl: 600 },
      { type: 'NS', name: '@', data: 'ns51.domaincontrol.com', ttl: 3600 },
      { type: 'NS', name: '@', data: 'ns52.domaincontrol.com', ttl: 3600 },
    ],
    'acme-bakery.shop': [
      { type: 'A', name: '@', data: '203.0.113.20', ttl: 600 },
      { type: 'CNAME', name: 'www', data: '@', ttl: 3600 },
      { type: 'NS', name: '@', data: 'ns51.domaincontrol.com', ttl: 3600 },
      { type: 'NS', name: '@', data: 'ns52.domaincontrol.com', ttl: 3600 },
    ],
  },
  taken: ['example.com', 'google.com', 'godaddy.com'],
};

/** Yearly prices in micro-units of USD, as the availability endpoint sends them. */
export const FAKE_TLD_PRICES: Record<string, { price: number; renewalPrice: number }> = {
  com: { price: 11_990_000, renewalPrice: 22_990_000 },
  net: { price: 12_990_000, renewalPrice: 23_990_000 },
  org: { price: 9_990_000, renewalPrice: 22_990_000 },
  io: { price: 44_990_000, renewalPrice: 64_990_000 },
  shop: { price: 1_990_000, renewalPrice: 39_990_000 },
  dev: { price: 14_990_000, renewalPrice: 19_990_000 },
};
