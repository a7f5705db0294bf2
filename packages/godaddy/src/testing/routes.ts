import type { FakeRequest, FakeResponse } from '@enterprise-mcp/core/testing';
import type { DnsRecord } from '../client.js';
import { domainNotFound, godaddyError, invalidBody } from './errors.js';
import { FAKE_TLD_PRICES, type GoDaddyFakeDomain, type GoDaddyFakeState } from './seed.js';
import { DOMAIN, isHostName, recordProblems } from './validate.js';

type State = () => GoDaddyFakeState;

const summaryOf = ({ authCode: _authCode, ...domain }: GoDaddyFakeDomain) => domain;

export function listDomains(state: State, request: FakeRequest): FakeResponse {
  const limitParam = request.query.get('limit');
  const limit = limitParam === null ? undefined : Number(limitParam);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000)) {
    return godaddyError(422, 'INVALID_QUERY', 'Limit must have a value no greater than 1000', [
      { path: 'limit', code: 'MISMATCH_MAXIMUM', message: 'must be an integer from 1 to 1000' },
    ]);
  }
  const statuses = csv(request.query.getAll('statuses'));
  const marker = request.query.get('marker');
  const domains = [...state().domains]
    .sort((a, b) => a.domain.localeCompare(b.domain))
    .filter((d) => statuses.length === 0 || statuses.includes(d.status))
    .filter((d) => !marker || d.domain > marker);
  return { body: domains.slice(0, limit).map(summaryOf) };
}

export function getDomain(state: State, request: FakeRequest): FakeResponse {
  const domain = findDomain(state, request.params.domain);
  return domain ? { body: domain } : domainNotFound(request.params.domain ?? '');
}

export function updateDomain(state: State, request: FakeRequest): FakeResponse {
  const domain = findDomain(state, request.params.domain);
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
  const tld = name.slice(name.lastIndexOf('.') + 1);
  const prices = FAKE_TLD_PRICES[tld];
  if (!prices) return godaddyError(422, 'UNSUPPORTED_TLD', `The TLD .${tld} is not supported`);
  const taken = state().taken.includes(name) || state().domains.some((d) => d.domain === name);
  const full = request.query.get('checkType')?.toUpperCase() === 'FULL';
  return {
    body: { domain: name, available: !taken, definitive: full, ...prices, currency: 'USD', period: 1 },
  };
}

// The description declares GET only on .../records/{type}/{name} ("optionally with the specified Type
// and/or Name"); GoDaddy serves the shorter paths too, and clients rely on them.
export function listRecords(state: State, request: FakeRequest): FakeResponse {
  const { domain, type, name } = request.params;
  const records = zoneOf(state, domain);
  if (!records) return domainNotFound(domain ?? '');
  const offset = Number(request.query.get('offset') ?? 0);
  const limit = request.query.has('limit') ? Number(request.query.get('limit')) : undefined;
  const matching = records.filter((r) => (!type || r.type === type) && (!name || r.name === name));
  return { body: matching.slice(offset, limit === undefined ? undefined : offset + limit) };
}

export function addRecords(state: State, request: FakeRequest): FakeResponse {
  const records = zoneOf(state, request.params.domain);
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
  const records = zoneOf(state, domain);
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

export function deleteRecords(state: State, request: FakeRequest): FakeResponse {
  const { domain, type, name } = request.params as { domain: string; type: string; name: string };
  const records = zoneOf(state, domain);
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

function findDomain(state: State, domain: string | undefined): GoDaddyFakeDomain | undefined {
  return state().domains.find((d) => d.domain === domain?.toLowerCase());
}

/** Records exist only for account domains whose DNS GoDaddy hosts (a zone file). */
function zoneOf(state: State, domain: string | undefined): DnsRecord[] | undefined {
  return findDomain(state, domain) ? state().records[domain!.toLowerCase()] : undefined;
}

function csv(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
