import type { FakeRequest, FakeResponse } from '@enterprise-mcp/core/testing';
import type { DnsRecord } from '../dns.api.js';
import { domainNotFound, godaddyError, invalidBody } from './errors.js';
import { FAKE_TLD_PRICES, type GoDaddyFakeDomain, type GoDaddyFakeState } from './seed.js';
import { DOMAIN, isHostName, recordProblems } from './validate.js';

type State = () => GoDaddyFakeState;

const summaryOf = ({ authCode: _authCode, ...domain }: GoDaddyFakeDomain) => domain;

/**
 * The domains a request may see: `X-Shopper-Id` names the shopper to act for. Without it, or with the key's
 * own shopper id, that is the account's own domains; with a reseller subaccount's id, that subaccount's.
 */
function visibleDomains(state: State, request: FakeRequest): GoDaddyFakeDomain[] {
  const shopper = headerOf(request, 'x-shopper-id');
  const s = state();
  if (!shopper || shopper === s.shopperId) return s.domains.filter((d) => !d.subaccountId);
  return s.domains.filter((d) => d.subaccountId === shopper);
}

/** The 403 GoDaddy answers when X-Shopper-Id names a shopper the key may not act for. */
export function shopperProblem(state: State, request: FakeRequest): FakeResponse | undefined {
  const shopper = headerOf(request, 'x-shopper-id');
  if (shopper === undefined) return undefined;
  const s = state();
  if (shopper === s.shopperId || s.domains.some((d) => d.subaccountId === shopper)) return undefined;
  return godaddyError(403, 'ACCESS_DENIED', `Authenticated user is not allowed access to shopper ${shopper}`);
}

function headerOf(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function listDomains(state: State, request: FakeRequest): FakeResponse {
  // limit's range (1-1000) is checked against the published description first (spec.ts).
  const limitParam = request.query.get('limit');
  const limit = limitParam === null ? undefined : Number(limitParam);
  const statuses = csv(request.query.getAll('statuses'));
  const marker = request.query.get('marker');
  const domains = [...visibleDomains(state, request)]
    .sort((a, b) => a.domain.localeCompare(b.domain))
    .filter((d) => statuses.length === 0 || statuses.includes(d.status))
    .filter((d) => !marker || d.domain > marker);
  return { body: domains.slice(0, limit).map(summaryOf) };
}

export function getDomain(state: State, request: FakeRequest): FakeResponse {
  const domain = findDomain(state, request, request.params.domain);
  return domain ? { body: domain } : domainNotFound(request.params.domain ?? '');
}

export function updateDomain(state: State, request: FakeRequest): FakeResponse {
  const domain = findDomain(state, request, request.params.domain);
  if (!domain) return domainNotFound(request.params.domain ?? '');
  const body = (request.body ?? {}) as { nameServers?: unknown };
  if (body.nameServers !== undefined) {
    const servers = body.nameServers;
    if (!Array.isArray(servers) || servers.length < 2) {
      return invalidBody([
        { path: 'nameServers', code: 'MISMATCH_MIN_ITEMS', message: 'At least two apex (aka @) `nameServers` must be specified' },
      ]);
    }
    if (servers.length > 13 || !servers.every(isHostName)) {
      return invalidBody([{ path: 'nameServers', code: 'MISMATCH_FORMAT', message: 'must list up to 13 host names' }]);
    }
    if (domain.status !== 'ACTIVE') {
      return godaddyError(409, 'DOMAIN_NOT_ELIGIBLE', 'The given domain is not eligible to have its nameservers changed');
    }
    domain.nameServers = servers.map((s: string) => s.toLowerCase().replace(/\.$/, ''));
  }
  // The v1 description answers 200 with no body here (DELETE of records is the 204 one).
  return { status: 200 };
}

export function checkAvailability(state: State, request: FakeRequest): FakeResponse {
  const name = request.query.get('domain')?.toLowerCase();
  if (!name) return invalidBody([{ path: 'domain', code: 'MISSING_REQUIRED', message: 'is required' }]);
  if (!DOMAIN.test(name)) {
    return godaddyError(400, 'INVALID_DOMAIN', `Domain name is invalid: ${name}`, [
      { path: 'domain', code: 'MISMATCH_FORMAT', message: 'is not a valid domain name' },
    ]);
  }
  const answer = availabilityOf(state, name, request.query.get('checkType')?.toUpperCase() === 'FULL');
  if ('error' in answer) return godaddyError(422, String(answer.error), String(answer.message));
  return { body: answer };
}

function availabilityOf(state: State, name: string, full: boolean) {
  const tld = name.slice(name.lastIndexOf('.') + 1);
  const prices = FAKE_TLD_PRICES[tld];
  if (!prices) return { error: 'UNSUPPORTED_TLD', message: `The TLD .${tld} is not supported` } as const;
  const taken = state().taken.includes(name) || state().domains.some((d) => d.domain === name);
  return { domain: name, available: !taken, definitive: full, ...prices, currency: 'USD', period: 1 };
}

/** `POST /v1/domains/available`: 200 with `domains`, or 203 with `errors` too when some could not be checked. */
export function checkAvailabilityBulk(state: State, request: FakeRequest): FakeResponse {
  const names = request.body;
  if (!Array.isArray(names) || names.length === 0) {
    return invalidBody([{ path: 'domains', code: 'MISMATCH_TYPE', message: 'must be a non-empty array of domain names' }]);
  }
  if (names.length > 500) {
    return invalidBody([{ path: 'domains', code: 'MISMATCH_MAXIMUM', message: 'must list at most 500 domains' }]);
  }
  const full = request.query.get('checkType')?.toUpperCase() === 'FULL';
  const domains: unknown[] = [];
  const errors: unknown[] = [];
  names.forEach((raw, i) => {
    const name = String(raw).toLowerCase();
    if (!DOMAIN.test(name)) {
      errors.push({ code: 'INVALID_DOMAIN', domain: String(raw), path: `domains[${i}]`, status: 422, message: `Domain name is invalid: ${String(raw)}` });
      return;
    }
    const answer = availabilityOf(state, name, full);
    if ('error' in answer) errors.push({ code: answer.error, domain: name, path: `domains[${i}]`, status: 422, message: answer.message });
    else domains.push(answer);
  });
  return errors.length ? { status: 203, body: { domains, errors } } : { body: { domains } };
}

const SUGGEST_VARIANTS = [(s: string) => `get${s}`, (s: string) => `${s}hq`, (s: string) => `the${s}`, (s: string) => `${s}online`, (s: string) => `my${s}`];
const CC_TLDS: Record<string, string> = { US: 'us', GB: 'uk', DE: 'de', FR: 'fr', CA: 'ca', AU: 'au', IN: 'in', ES: 'es', IT: 'it', NL: 'nl' };

/** `GET /v1/domains/suggest`: other TLDs and keyword spins of the query, available ones only, best first. */
export function suggestDomains(state: State, request: FakeRequest): FakeResponse {
  const q = request.query;
  const query = q.get('query')?.trim().toLowerCase();
  if (!query) return godaddyError(422, 'MISSING_QUERY', '`query` must be specified');
  const base = query.replace(/\.[a-z0-9-]+$/, '').replace(/[^a-z0-9]+/g, '');
  if (!base) return godaddyError(422, 'INVALID_QUERY', `No usable keywords in query: ${query}`);
  const list = (name: string) => (q.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean));
  const tlds = list('tlds');
  const sources = list('sources').map((s) => s.replace(/_/g, ''));
  const use = (source: string) => sources.length === 0 || sources.includes(source);
  const offered = Object.keys(FAKE_TLD_PRICES);
  const candidates: string[] = [];
  if (use('extension')) candidates.push(...offered.map((tld) => `${base}.${tld}`));
  if (use('keywordspin')) candidates.push(...SUGGEST_VARIANTS.map((variant) => `${variant(base)}.com`));
  const country = q.get('country')?.toUpperCase();
  if (use('cctld') && country && CC_TLDS[country]) candidates.push(`${base}.${CC_TLDS[country]}`);
  const lengthMin = Number(q.get('lengthMin') ?? 1);
  const lengthMax = Number(q.get('lengthMax') ?? 63);
  const limit = Number(q.get('limit') ?? 100);
  const taken = (name: string) => state().taken.includes(name) || state().domains.some((d) => d.domain === name);
  const suggestions = [...new Set(candidates)]
    .filter((name) => tlds.length === 0 || tlds.includes(name.slice(name.indexOf('.') + 1)))
    .filter((name) => {
      const sld = name.slice(0, name.indexOf('.'));
      return sld.length >= lengthMin && sld.length <= lengthMax && !taken(name);
    })
    .slice(0, limit)
    .map((domain) => ({ domain }));
  return { body: suggestions };
}

// The description declares GET only on .../records/{type}/{name} ("optionally with the specified Type
// and/or Name"); GoDaddy serves the shorter paths too, and clients rely on them.
export function listRecords(state: State, request: FakeRequest): FakeResponse {
  const { domain, type, name } = request.params;
  const records = zoneOf(state, request, domain);
  if (!records) return domainNotFound(domain ?? '');
  const offset = Number(request.query.get('offset') ?? 0);
  const limit = request.query.has('limit') ? Number(request.query.get('limit')) : undefined;
  const matching = records.filter((r) => (!type || r.type === type) && (!name || r.name === name));
  return { body: matching.slice(offset, limit === undefined ? undefined : offset + limit) };
}

export function addRecords(state: State, request: FakeRequest): FakeResponse {
  const records = zoneOf(state, request, request.params.domain);
  if (!records) return domainNotFound(request.params.domain ?? '');
  if (!Array.isArray(request.body) || request.body.length === 0) {
    return invalidBody([{ path: 'records', code: 'MISMATCH_TYPE', message: 'must be a non-empty array of records' }]);
  }
  const problems = request.body.flatMap((record, i) => recordProblems(record, `records[${i}]`));
  if (problems.length > 0) return invalidBody(problems);
  const incoming = request.body as DnsRecord[];
  const duplicate = incoming.find((r) => records.some((e) => e.type === r.type && e.name === r.name && e.data === r.data));
  if (duplicate) {
    return godaddyError(422, 'DUPLICATE_RECORD', 'Another record with the same attributes already exists', [
      { path: 'records', code: 'DUPLICATE_RECORD', message: `${duplicate.type} ${duplicate.name} ${duplicate.data} exists` },
    ]);
  }
  records.push(...incoming.map((r) => ({ ttl: 3600, ...r })));
  return { status: 200 };
}

export function replaceRecords(state: State, request: FakeRequest): FakeResponse {
  const { domain, type, name } = request.params as { domain: string; type: string; name: string };
  const records = zoneOf(state, request, domain);
  if (!records) return domainNotFound(domain);
  if (!Array.isArray(request.body) || request.body.length === 0) {
    return invalidBody([{ path: 'records', code: 'MISMATCH_TYPE', message: 'must be a non-empty array of records' }]);
  }
  const problems = request.body.flatMap((record, i) => recordProblems(record, `records[${i}]`, type));
  if (problems.length > 0) return invalidBody(problems);
  const kept = records.filter((r) => !(r.type === type && r.name === name));
  const added = (request.body as DnsRecord[]).map((r) => ({ ttl: 3600, ...r, type, name }) as DnsRecord);
  records.splice(0, records.length, ...kept, ...added);
  return { status: 200 };
}

/** `PUT /v1/domains/{domain}/records/{type}`: every record of the type is replaced; each new one names itself. */
export function replaceRecordsOfType(state: State, request: FakeRequest): FakeResponse {
  const { domain, type } = request.params as { domain: string; type: string };
  const records = zoneOf(state, request, domain);
  if (!records) return domainNotFound(domain);
  if (!Array.isArray(request.body) || request.body.length === 0) {
    return invalidBody([{ path: 'records', code: 'MISMATCH_TYPE', message: 'must be a non-empty array of records' }]);
  }
  const problems = request.body.flatMap((record, i) => recordProblems(record, `records[${i}]`, type));
  if (problems.length > 0) return invalidBody(problems);
  const kept = records.filter((r) => r.type !== type);
  const added = (request.body as DnsRecord[]).map((r) => ({ ttl: 3600, ...r, type }) as DnsRecord);
  records.splice(0, records.length, ...kept, ...added);
  return { status: 200 };
}

/** `PUT /v1/domains/{domain}/records`: the zone becomes exactly these records (GoDaddy keeps the SOA). */
export function replaceZone(state: State, request: FakeRequest): FakeResponse {
  const { domain } = request.params as { domain: string };
  const records = zoneOf(state, request, domain);
  if (!records) return domainNotFound(domain);
  if (!Array.isArray(request.body) || request.body.length === 0) {
    return invalidBody([{ path: 'records', code: 'MISMATCH_TYPE', message: 'must be a non-empty array of records' }]);
  }
  const problems = request.body.flatMap((record, i) => recordProblems(record, `records[${i}]`));
  if (problems.length > 0) return invalidBody(problems);
  const soa = records.filter((r) => r.type === 'SOA');
  const added = (request.body as DnsRecord[]).filter((r) => r.type !== 'SOA').map((r) => ({ ttl: 3600, ...r }));
  records.splice(0, records.length, ...soa, ...added);
  return { status: 200 };
}

export function deleteRecords(state: State, request: FakeRequest): FakeResponse {
  const { domain, type, name } = request.params as { domain: string; type: string; name: string };
  const records = zoneOf(state, request, domain);
  if (!records) return domainNotFound(domain);
  if (!['A', 'AAAA', 'CNAME', 'MX', 'SRV', 'TXT'].includes(type)) {
    return godaddyError(422, 'INVALID_TYPE', `Records of type ${type} cannot be deleted`, [
      { path: 'type', code: 'MISMATCH_ENUM', message: 'must be one of A, AAAA, CNAME, MX, SRV, TXT' },
    ]);
  }
  const kept = records.filter((r) => !(r.type === type && r.name === name));
  if (kept.length === records.length) {
    return godaddyError(404, 'NOT_FOUND', `No ${type} records named ${name} exist for ${domain}`);
  }
  records.splice(0, records.length, ...kept);
  return { status: 204 };
}

function findDomain(state: State, request: FakeRequest, domain: string | undefined): GoDaddyFakeDomain | undefined {
  return visibleDomains(state, request).find((d) => d.domain === domain?.toLowerCase());
}

/** Records exist only for account domains whose DNS GoDaddy hosts (a zone file). */
function zoneOf(state: State, request: FakeRequest, domain: string | undefined): DnsRecord[] | undefined {
  return findDomain(state, request, domain) ? state().records[domain!.toLowerCase()] : undefined;
}

function csv(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
