import type { FakeRequest, FakeResponse, FakeRoute } from '@enterprise-mcp/core/testing';
import type { DnsRecord, DnsRecordInput, PurgeCacheRequest, Zone } from '../types.js';
import { analyticsReport } from './analytics.js';
import { toBindFile } from './bind.js';
import { CloudflareFakeError, fail, ok, paginate } from './envelope.js';
import { checkPurgeSize } from './purge-rules.js';
import type { FakePrincipal } from './auth.js';
import type { CloudflareFakeState, FakeToken } from './state.js';

/** Who authenticated a request, set by the fake's auth step. */
export type PrincipalOf = (request: FakeRequest) => FakePrincipal | undefined;

const PURGE_KINDS = ['purge_everything', 'files', 'hosts', 'tags', 'prefixes'] as const;

export function cloudflareRoutes(state: CloudflareFakeState, principalOf: PrincipalOf): FakeRoute[] {
  // The auth step lets only API tokens reach the verify endpoints.
  const tokenOf = (request: FakeRequest) => (principalOf(request) as Extract<FakePrincipal, { kind: 'token' }>).token;
  const route = (method: string, path: string, handler: (request: FakeRequest) => FakeResponse): FakeRoute => ({
    method,
    path,
    handler: (request) => {
      try {
        return handler(request);
      } catch (error) {
        if (error instanceof CloudflareFakeError) return fail(error.status, error.errors, error.headers);
        throw error;
      }
    },
  });
  return [
    route('GET', '/user', () => {
      const { apiKey: _secret, ...user } = state.user;
      return ok(user);
    }),
    route('GET', '/user/tokens/verify', (req) => verifyResponse(tokenOf(req))),
    route('GET', '/accounts/:account_id/tokens/verify', (req) => verifyResponse(tokenOf(req))),
    route('GET', '/zones', (req) => listZones(state, req)),
    route('GET', '/zones/:zone_id', (req) => ok(state.requireZone(req.params.zone_id!))),
    route('GET', '/zones/:zone_id/dns_records/export', (req) => exportZone(state, req.params.zone_id!)),
    route('GET', '/zones/:zone_id/dns_records', (req) => listRecords(state, req)),
    route('POST', '/zones/:zone_id/dns_records', (req) => ok(state.createRecord(req.params.zone_id!, recordBody(req)))),
    route('GET', '/zones/:zone_id/dns_records/:record_id', (req) => ok(state.requireRecord(req.params.zone_id!, req.params.record_id!))),
    route('PATCH', '/zones/:zone_id/dns_records/:record_id', (req) =>
      ok(state.patchRecord(req.params.zone_id!, req.params.record_id!, recordBody(req))),
    ),
    route('PUT', '/zones/:zone_id/dns_records/:record_id', (req) => {
      // PUT overwrites: fields left out return to their defaults.
      const body = recordBody(req);
      return ok(state.patchRecord(req.params.zone_id!, req.params.record_id!, { ttl: 1, proxied: false, comment: null, tags: [], ...body }));
    }),
    route('DELETE', '/zones/:zone_id/dns_records/:record_id', (req) => {
      state.deleteRecord(req.params.zone_id!, req.params.record_id!);
      return ok({ id: req.params.record_id });
    }),
    route('POST', '/zones/:zone_id/purge_cache', (req) => {
      const zone = state.requireZone(req.params.zone_id!);
      const request = purgeBody(req);
      checkPurgeSize(zone, request);
      state.purgeLimiter.take(zone, request);
      state.recordPurge(zone.id, request);
      return ok({ id: req.params.zone_id });
    }),
    route('GET', '/zones/:zone_id/dnssec', (req) => ok(state.dnssec.get(state.requireZone(req.params.zone_id!).id))),
    route('GET', '/zones/:zone_id/dns_analytics/report', (req) => {
      const zone = state.requireZone(req.params.zone_id!);
      return ok(analyticsReport(zone, state.recordsOf(zone.id), req.query, state.now()));
    }),
    route('GET', '/zones/:zone_id/settings', (req) => ok([...state.settingsOf(req.params.zone_id!).values()])),
    route('GET', '/zones/:zone_id/settings/:setting_id', (req) => {
      const setting = state.settingsOf(req.params.zone_id!).get(req.params.setting_id!);
      if (!setting) throw new CloudflareFakeError(404, [{ code: 1006, message: `Unrecognized zone setting name: ${req.params.setting_id}` }]);
      return ok(setting);
    }),
    route('PATCH', '/zones/:zone_id/settings/:setting_id', (req) => {
      const value = isObject(req.body) ? req.body.value : undefined;
      return ok(state.updateSetting(req.params.zone_id!, req.params.setting_id!, value));
    }),
  ];
}

function verifyResponse(token: FakeToken): FakeResponse {
  const result = {
    id: token.id,
    status: token.status,
    ...(token.expiresOn ? { expires_on: token.expiresOn } : {}),
  };
  const message =
    token.status === 'active' ? 'This API Token is valid and active' : `This API Token is ${token.status}`;
  return ok(result, { messages: [{ code: 10000, message, type: null }] });
}

function listZones(state: CloudflareFakeState, req: FakeRequest): FakeResponse {
  const q = req.query;
  let zones = [...state.zones.values()];
  const name = q.get('name');
  if (name) zones = zones.filter((z) => matchesNameFilter(z.name, name));
  const status = q.get('status');
  if (status) zones = zones.filter((z) => z.status === status);
  const accountId = q.get('account.id');
  if (accountId) zones = zones.filter((z) => z.account.id === accountId);
  const accountName = q.get('account.name');
  if (accountName) zones = zones.filter((z) => z.account.name === accountName);
  zones = sortBy(zones, q.get('order') ?? 'name', q.get('direction'), (z, key) => zoneKey(z, key));
  const { slice, resultInfo } = paginate(zones, q, { perPage: 20, min: 5, max: 50 });
  return ok(slice, { resultInfo });
}

/** Zone name filters: exact by default, or `contains:`, `starts_with:`, `ends_with:`. */
function matchesNameFilter(zoneName: string, filter: string): boolean {
  const [op, value] = filter.includes(':') ? (filter.split(/:(.*)/s) as [string, string]) : ['equal', filter];
  const v = value.toLowerCase();
  if (op === 'contains') return zoneName.includes(v);
  if (op === 'starts_with') return zoneName.startsWith(v);
  if (op === 'ends_with') return zoneName.endsWith(v);
  return zoneName === v;
}

function zoneKey(zone: Zone, key: string): string {
  if (key === 'status') return zone.status;
  if (key === 'account.id') return zone.account.id;
  if (key === 'account.name') return zone.account.name;
  return zone.name;
}

function listRecords(state: CloudflareFakeState, req: FakeRequest): FakeResponse {
  const zone = state.requireZone(req.params.zone_id!);
  const q = req.query;
  const filters: Array<(r: DnsRecord) => boolean> = [];
  const type = q.get('type');
  if (type) filters.push((r) => r.type === type.toUpperCase());
  addTextFilter(filters, q, 'name', (r) => r.name);
  addTextFilter(filters, q, 'content', (r) => r.content);
  addTextFilter(filters, q, 'comment', (r) => r.comment ?? '');
  const proxied = q.get('proxied');
  if (proxied !== null) filters.push((r) => String(r.proxied) === proxied);
  const tag = q.get('tag');
  if (tag) filters.push((r) => r.tags.some((t) => t === tag || t.startsWith(`${tag}:`)));
  const search = q.get('search')?.toLowerCase();
  if (search) filters.push((r) => [r.name, r.content, r.comment ?? ''].some((v) => v.toLowerCase().includes(search)));
  const anyMatch = q.get('match') === 'any';
  let records = state
    .recordsOf(zone.id)
    .filter((r) => filters.length === 0 || (anyMatch ? filters.some((f) => f(r)) : filters.every((f) => f(r))));
  records = sortBy(records, q.get('order') ?? 'type', q.get('direction'), (r, key) => String(r[key as keyof DnsRecord] ?? ''));
  const { slice, resultInfo } = paginate(records, q, { perPage: 100, min: 1, max: 5_000_000 });
  return ok(slice, { resultInfo });
}

/** `name=x` and `name.exact=x` match exactly; `.contains`, `.startswith`, `.endswith` as named. */
function addTextFilter(filters: Array<(r: DnsRecord) => boolean>, q: URLSearchParams, field: string, get: (r: DnsRecord) => string) {
  const exact = q.get(field) ?? q.get(`${field}.exact`);
  if (exact !== null) filters.push((r) => get(r).toLowerCase() === exact.toLowerCase().replace(/\.$/, ''));
  const ops: Record<string, (value: string, needle: string) => boolean> = {
    contains: (v, n) => v.includes(n),
    startswith: (v, n) => v.startsWith(n),
    endswith: (v, n) => v.endsWith(n),
  };
  for (const [op, test] of Object.entries(ops)) {
    const needle = q.get(`${field}.${op}`);
    if (needle !== null) filters.push((r) => test(get(r).toLowerCase(), needle.toLowerCase()));
  }
}

function sortBy<T>(items: T[], key: string, direction: string | null, get: (item: T, key: string) => string): T[] {
  const sign = direction === 'desc' ? -1 : 1;
  return [...items].sort((a, b) => sign * get(a, key).localeCompare(get(b, key)) || 0);
}

function exportZone(state: CloudflareFakeState, zoneId: string): FakeResponse {
  const zone = state.requireZone(zoneId);
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: toBindFile(zone, state.recordsOf(zoneId), state.now()) };
}

function recordBody(req: FakeRequest): Partial<DnsRecordInput> {
  if (!isObject(req.body)) throw new CloudflareFakeError(400, [{ code: 9207, message: 'Request body is invalid.' }]);
  return req.body as Partial<DnsRecordInput>;
}

function purgeBody(req: FakeRequest): PurgeCacheRequest {
  const body = isObject(req.body) ? req.body : {};
  const kinds = PURGE_KINDS.filter((kind) => body[kind] !== undefined);
  if (kinds.length !== 1) {
    throw new CloudflareFakeError(400, [
      { code: 1012, message: 'Request must contain one of "purge_everything", "files", "tags", "hosts" or "prefixes"' },
    ]);
  }
  const kind = kinds[0]!;
  const value = body[kind];
  if (kind === 'purge_everything') {
    if (value !== true) throw new CloudflareFakeError(400, [{ code: 1012, message: 'purge_everything must be true' }]);
    return { purge_everything: true };
  }
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string' && !isObject(item))) {
    throw new CloudflareFakeError(400, [{ code: 1012, message: `${kind} must be a non-empty array` }]);
  }
  return { [kind]: value } as PurgeCacheRequest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
