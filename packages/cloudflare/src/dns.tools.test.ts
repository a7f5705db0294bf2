import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createDnsRecord,
  deleteDnsRecord,
  exportDnsRecords,
  getDnsRecord,
  listDnsRecords,
  updateDnsRecord,
} from './dns.tools.js';
import { startHarness, textOf, zoneId, type Harness } from './test-harness.js';
import { DEFAULT_SEED } from './testing/index.js';

let h: Harness;

beforeEach(async () => {
  await h?.close();
  h = await startHarness();
});
afterAll(() => h.close());

const recordId = (name: string, type: string) => h.fake.records('example.com').find((r) => r.name === name && r.type === type)!.id;

describe('cloudflare_list_dns_records', () => {
  it('lists the records of a zone named by domain, with pagination info', async () => {
    const result = await h.call(listDnsRecords, { zone: 'example.com' });
    expect(result.isError).toBeUndefined();
    const out = result.structuredContent as { zoneId: string; records: Array<{ name: string; type: string }>; totalCount: number; totalPages: number };
    expect(out.zoneId).toBe(zoneId(h.fake));
    expect(out.totalCount).toBe(DEFAULT_SEED.zones[0]!.records!.length);
    expect(out.totalPages).toBe(1);
    expect(out.records.map((r) => `${r.type} ${r.name}`)).toContain('CNAME www.example.com');
  });

  it('filters by type, name and content and pages with perPage', async () => {
    const byType = await h.call(listDnsRecords, { zone: zoneId(h.fake), type: 'A' });
    expect((byType.structuredContent as { records: unknown[] }).records).toHaveLength(2);
    const byName = await h.call(listDnsRecords, { zone: 'example.com', name: 'mail.example.com' });
    expect((byName.structuredContent as { records: Array<{ content: string }> }).records.map((r) => r.content)).toEqual(['192.0.2.10']);
    const byContent = await h.call(listDnsRecords, { zone: 'example.com', content: '192.0.2.1' });
    expect((byContent.structuredContent as { totalCount: number }).totalCount).toBe(1);
    const paged = await h.call(listDnsRecords, { zone: 'example.com', perPage: 2, page: 3 });
    expect(paged.structuredContent).toMatchObject({ page: 3, perPage: 2, count: 1, totalCount: 5, totalPages: 3 });
    const query = h.fake.requests.at(-1)!.query;
    expect(query.get('per_page')).toBe('2');
    expect(query.get('page')).toBe('3');
  });

  it('says which zone is unknown when the domain is not on the account', async () => {
    const result = await h.call(listDnsRecords, { zone: 'nope.example' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/No Cloudflare zone named "nope\.example".*cloudflare_list_zones/);
  });
});

describe('cloudflare_get_dns_record', () => {
  it('returns one record', async () => {
    const id = recordId('example.com', 'MX');
    const result = await h.call(getDnsRecord, { zone: 'example.com', recordId: id });
    expect(result.structuredContent).toMatchObject({ record: { id, type: 'MX', priority: 10, content: 'mail.example.com' } });
  });

  it('maps an unknown record to not found (Cloudflare 81044)', async () => {
    const result = await h.call(getDnsRecord, { zone: 'example.com', recordId: 'f'.repeat(32) });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Record does not exist \(Cloudflare 81044\)/);
  });

  it('rejects a malformed record id before calling Cloudflare', async () => {
    const before = h.fake.requests.length;
    const result = await h.call(getDnsRecord, { zone: 'example.com', recordId: 'www' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/recordId: must be a 32-character hex record id/);
    expect(h.fake.requests.length).toBe(before);
  });
});

describe('cloudflare_create_dns_record', () => {
  it('creates a record and qualifies a short name', async () => {
    const result = await h.call(createDnsRecord, { zone: 'example.com', type: 'A', name: 'api', content: '192.0.2.50', ttl: 300 });
    expect(result.isError).toBeUndefined();
    const record = (result.structuredContent as { record: { id: string; name: string; ttl: number; proxied: boolean } }).record;
    expect(record).toMatchObject({ name: 'api.example.com', ttl: 300, proxied: false });
    expect(h.fake.records('example.com').some((r) => r.id === record.id)).toBe(true);
    const sent = h.fake.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.body).toEqual({ type: 'A', name: 'api', content: '192.0.2.50', ttl: 300 });
  });

  it('answers a duplicate with Cloudflare 81057 and points at cloudflare_update_dns_record', async () => {
    const result = await h.call(createDnsRecord, { zone: 'example.com', type: 'A', name: 'mail', content: '192.0.2.10' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^DNS record already exists \(Cloudflare 81057\): update it with cloudflare_update_dns_record/);
  });

  it('explains a CNAME clash (81053)', async () => {
    const result = await h.call(createDnsRecord, { zone: 'example.com', type: 'CNAME', name: 'mail', content: 'example.net' });
    expect(textOf(result)).toMatch(/Cloudflare 81053/);
  });

  it('passes Cloudflare field validation back with the field named', async () => {
    const result = await h.call(createDnsRecord, { zone: 'example.com', type: 'AAAA', name: 'v6', content: '10.0.0.1' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/\[content: Content for AAAA record must be a valid IPv6 address\.\]/);
  });

  it('checks MX priority and proxying locally', async () => {
    const mx = await h.call(createDnsRecord, { zone: 'example.com', type: 'MX', name: '@', content: 'mx2.example.com' });
    expect(textOf(mx)).toMatch(/priority: MX records need a priority/);
    const txt = await h.call(createDnsRecord, { zone: 'example.com', type: 'TXT', name: '@', content: 'x', proxied: true });
    expect(textOf(txt)).toMatch(/proxied: only A, AAAA and CNAME records can be proxied/);
  });
});

describe('cloudflare_update_dns_record', () => {
  it('patches only the given fields', async () => {
    const id = recordId('mail.example.com', 'A');
    const result = await h.call(updateDnsRecord, { zone: 'example.com', recordId: id, content: '192.0.2.99' });
    expect(result.structuredContent).toMatchObject({ record: { id, content: '192.0.2.99', name: 'mail.example.com', ttl: 1 } });
    const sent = h.fake.requests.at(-1)!;
    expect(sent.method).toBe('PATCH');
    expect(sent.body).toEqual({ content: '192.0.2.99' });
  });

  it('refuses to turn a record into a copy of another (81058)', async () => {
    const id = recordId('mail.example.com', 'A');
    const result = await h.call(updateDnsRecord, { zone: 'example.com', recordId: id, name: '@', content: '192.0.2.1' });
    expect(textOf(result)).toMatch(/DNS record already exists \(Cloudflare 81058\)/);
  });

  it('requires at least one change', async () => {
    const result = await h.call(updateDnsRecord, { zone: 'example.com', recordId: 'a'.repeat(32) });
    expect(textOf(result)).toMatch(/give at least one field to change/);
  });

  it('reports a record that is gone as not found', async () => {
    const result = await h.call(updateDnsRecord, { zone: 'example.com', recordId: 'a'.repeat(32), ttl: 120 });
    expect(textOf(result)).toMatch(/Cloudflare 81044/);
  });
});

describe('cloudflare_delete_dns_record', () => {
  it('deletes the record', async () => {
    const id = recordId('mail.example.com', 'A');
    const result = await h.call(deleteDnsRecord, { zone: 'example.com', recordId: id });
    expect(result.structuredContent).toEqual({ deleted: true, id });
    expect(h.fake.records('example.com').some((r) => r.id === id)).toBe(false);
  });

  it('fails on an unknown zone id with Cloudflare 7003', async () => {
    const result = await h.call(deleteDnsRecord, { zone: '0'.repeat(32), recordId: 'a'.repeat(32) });
    expect(textOf(result)).toMatch(/perhaps your object identifier is invalid.*\(Cloudflare 7003\)/);
  });
});

describe('cloudflare_export_dns_records', () => {
  it('returns the BIND file as text and counts its records', async () => {
    const result = await h.call(exportDnsRecords, { zone: 'example.com' });
    expect(result.structuredContent).toMatchObject({ zoneId: zoneId(h.fake), recordCount: 5 });
    expect(textOf(result)).toMatch(/^;; Domain:\s+example\.com\.$/m);
    expect(textOf(result)).toMatch(/^www\.example\.com\.\t1\tIN\tCNAME\texample\.com\. ; cf_tags=cf-proxied:true$/m);
    expect(textOf(result)).toMatch(/^example\.com\.\t3600\tIN\tMX\t10 mail\.example\.com\.$/m);
    expect(h.fake.requests.at(-1)!.headers.accept).toBe('text/plain');
  });

  it('fails cleanly when the token is rejected', async () => {
    h.fake.setTokenStatus(h.fake.apiToken, 'disabled');
    const result = await h.call(exportDnsRecords, { zone: zoneId(h.fake) });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Invalid access token \(Cloudflare 9109\): check that CLOUDFLARE_API_TOKEN/);
    expect(textOf(result)).not.toContain(h.fake.apiToken);
  });
});
