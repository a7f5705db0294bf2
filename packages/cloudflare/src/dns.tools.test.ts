import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { CloudflareClient } from './client.js';
import { cloudflareEcosystem } from './ecosystem.js';
import { DEFAULT_SEED, startFake, type CloudflareFake } from './testing/index.js';

let fake: CloudflareFake;
let cf: ToolHarness<CloudflareClient>;
beforeEach(async () => {
  fake = await startFake();
  cf = toolHarness(cloudflareEcosystem, fake);
});
afterEach(() => fake.close());

const zoneId = () => fake.zone('example.com')!.id;
const recordId = (name: string, type: string) => fake.records('example.com').find((r) => r.name === name && r.type === type)!.id;

describe('cloudflare_list_dns_records', () => {
  it('lists the records of a zone named by domain, with pagination info', async () => {
    const outcome = await cf.run('cloudflare_list_dns_records', { zone: 'example.com' });
    expect(outcome.result.isError).toBeUndefined();
    const out = outcome.result.structuredContent as { zoneId: string; records: Array<{ name: string; type: string }>; totalCount: number; totalPages: number };
    expect(out.zoneId).toBe(zoneId());
    expect(out.totalCount).toBe(DEFAULT_SEED.zones[0]!.records!.length);
    expect(out.totalPages).toBe(1);
    expect(out.records.map((r) => `${r.type} ${r.name}`)).toContain('CNAME www.example.com');
  });

  it("keeps each answer's cf-ray for the audit row", async () => {
    const outcome = await cf.run('cloudflare_list_dns_records', { zone: 'example.com' });
    // Two answers: the zone looked up by name, then its records.
    expect(outcome.upstreamRequestIds).toEqual([expect.stringMatching(/^[0-9a-f]+-LHR$/), expect.stringMatching(/^[0-9a-f]+-LHR$/)]);
  });

  it('filters by type, name and content and pages with perPage', async () => {
    const byType = await cf.run('cloudflare_list_dns_records', { zone: zoneId(), type: 'A' });
    expect((byType.result.structuredContent as { records: unknown[] }).records).toHaveLength(2);
    const byName = await cf.run('cloudflare_list_dns_records', { zone: 'example.com', name: 'mail.example.com' });
    expect((byName.result.structuredContent as { records: Array<{ content: string }> }).records.map((r) => r.content)).toEqual(['192.0.2.10']);
    const byContent = await cf.run('cloudflare_list_dns_records', { zone: 'example.com', content: '192.0.2.1' });
    expect((byContent.result.structuredContent as { totalCount: number }).totalCount).toBe(1);
    const paged = await cf.run('cloudflare_list_dns_records', { zone: 'example.com', perPage: 2, page: 3 });
    expect(paged.result.structuredContent).toMatchObject({ page: 3, perPage: 2, count: 1, totalCount: 5, totalPages: 3 });
    const query = fake.requests.at(-1)!.query;
    expect(query.get('per_page')).toBe('2');
    expect(query.get('page')).toBe('3');
  });

  it('says which zone is unknown when the domain is not on the account', async () => {
    const outcome = await cf.run('cloudflare_list_dns_records', { zone: 'nope.example' });
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.message).toMatch(/No Cloudflare zone named "nope\.example".*cloudflare_list_zones/);
  });
});

describe('cloudflare_get_dns_record', () => {
  it('returns one record', async () => {
    const id = recordId('example.com', 'MX');
    const outcome = await cf.run('cloudflare_get_dns_record', { zone: 'example.com', recordId: id });
    expect(outcome.result.structuredContent).toMatchObject({ record: { id, type: 'MX', priority: 10, content: 'mail.example.com' } });
  });

  it('maps an unknown record to not found (Cloudflare 81044)', async () => {
    const outcome = await cf.run('cloudflare_get_dns_record', { zone: 'example.com', recordId: 'f'.repeat(32) });
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.message).toMatch(/Record does not exist \(Cloudflare 81044\)/);
  });

  it('rejects a malformed record id before calling Cloudflare', async () => {
    const before = fake.requests.length;
    const outcome = await cf.run('cloudflare_get_dns_record', { zone: 'example.com', recordId: 'www' });
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.message).toMatch(/recordId: must be a 32-character hex record id/);
    expect(fake.requests.length).toBe(before);
  });
});

describe('cloudflare_create_dns_record', () => {
  it('creates a record and qualifies a short name', async () => {
    const outcome = await cf.run('cloudflare_create_dns_record', { zone: 'example.com', type: 'A', name: 'api', content: '192.0.2.50', ttl: 300 });
    expect(outcome.result.isError).toBeUndefined();
    const record = (outcome.result.structuredContent as { record: { id: string; name: string; ttl: number; proxied: boolean } }).record;
    expect(record).toMatchObject({ name: 'api.example.com', ttl: 300, proxied: false });
    expect(fake.records('example.com').some((r) => r.id === record.id)).toBe(true);
    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.body).toEqual({ type: 'A', name: 'api', content: '192.0.2.50', ttl: 300 });
  });

  it('answers a duplicate with Cloudflare 81057 and points at cloudflare_update_dns_record', async () => {
    const outcome = await cf.run('cloudflare_create_dns_record', { zone: 'example.com', type: 'A', name: 'mail', content: '192.0.2.10' });
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.message).toMatch(/^DNS record already exists \(Cloudflare 81057\): update it with cloudflare_update_dns_record/);
  });

  it('explains a CNAME clash (81053)', async () => {
    const outcome = await cf.run('cloudflare_create_dns_record', { zone: 'example.com', type: 'CNAME', name: 'mail', content: 'example.net' });
    expect(outcome.error?.message).toMatch(/Cloudflare 81053/);
  });

  it('passes Cloudflare field validation back with the field named', async () => {
    const outcome = await cf.run('cloudflare_create_dns_record', { zone: 'example.com', type: 'AAAA', name: 'v6', content: '10.0.0.1' });
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.message).toMatch(/\[content: Content for AAAA record must be a valid IPv6 address\.\]/);
  });

  it('checks MX priority and proxying locally', async () => {
    const mx = await cf.run('cloudflare_create_dns_record', { zone: 'example.com', type: 'MX', name: '@', content: 'mx2.example.com' });
    expect(mx.error?.message).toMatch(/priority: MX records need a priority/);
    const txt = await cf.run('cloudflare_create_dns_record', { zone: 'example.com', type: 'TXT', name: '@', content: 'x', proxied: true });
    expect(txt.error?.message).toMatch(/proxied: only A, AAAA and CNAME records can be proxied/);
  });
});

describe('cloudflare_update_dns_record', () => {
  it('patches only the given fields', async () => {
    const id = recordId('mail.example.com', 'A');
    const outcome = await cf.run('cloudflare_update_dns_record', { zone: 'example.com', recordId: id, content: '192.0.2.99' });
    expect(outcome.result.structuredContent).toMatchObject({ record: { id, content: '192.0.2.99', name: 'mail.example.com', ttl: 1 } });
    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe('PATCH');
    expect(sent.body).toEqual({ content: '192.0.2.99' });
  });

  it('refuses to turn a record into a copy of another (81058)', async () => {
    const id = recordId('mail.example.com', 'A');
    const outcome = await cf.run('cloudflare_update_dns_record', { zone: 'example.com', recordId: id, name: '@', content: '192.0.2.1' });
    expect(outcome.error?.message).toMatch(/DNS record already exists \(Cloudflare 81058\)/);
  });

  it('requires at least one change', async () => {
    const outcome = await cf.run('cloudflare_update_dns_record', { zone: 'example.com', recordId: 'a'.repeat(32) });
    expect(outcome.error?.message).toMatch(/give at least one field to change/);
  });

  it('reports a record that is gone as not found', async () => {
    const outcome = await cf.run('cloudflare_update_dns_record', { zone: 'example.com', recordId: 'a'.repeat(32), ttl: 120 });
    expect(outcome.error?.message).toMatch(/Cloudflare 81044/);
  });
});

describe('cloudflare_delete_dns_record', () => {
  it('deletes the record', async () => {
    const id = recordId('mail.example.com', 'A');
    const outcome = await cf.run('cloudflare_delete_dns_record', { zone: 'example.com', recordId: id });
    expect(outcome.result.structuredContent).toEqual({ deleted: true, id });
    expect(fake.records('example.com').some((r) => r.id === id)).toBe(false);
  });

  it('fails on an unknown zone id with Cloudflare 7003', async () => {
    const outcome = await cf.run('cloudflare_delete_dns_record', { zone: '0'.repeat(32), recordId: 'a'.repeat(32) });
    expect(outcome.error?.message).toMatch(/perhaps your object identifier is invalid.*\(Cloudflare 7003\)/);
  });
});

describe('cloudflare_export_dns_records', () => {
  it('returns the BIND file as text and counts its records', async () => {
    const outcome = await cf.run('cloudflare_export_dns_records', { zone: 'example.com' });
    expect(outcome.result.structuredContent).toMatchObject({ zoneId: zoneId(), recordCount: 5 });
    const bind = outcome.result.content[0]!.text;
    expect(bind).toMatch(/^;; Domain:\s+example\.com\.$/m);
    expect(bind).toMatch(/^www\.example\.com\.\t1\tIN\tCNAME\texample\.com\. ; cf_tags=cf-proxied:true$/m);
    expect(bind).toMatch(/^example\.com\.\t3600\tIN\tMX\t10 mail\.example\.com\.$/m);
    expect(fake.requests.at(-1)!.headers.accept).toBe('text/plain');
  });

  it('fails cleanly when the token is rejected, without the token in the message', async () => {
    fake.setTokenStatus(fake.apiToken, 'disabled');
    const outcome = await cf.run('cloudflare_export_dns_records', { zone: zoneId() });
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.message).toMatch(/Invalid access token \(Cloudflare 9109\): check that CLOUDFLARE_API_TOKEN/);
    expect(outcome.error?.message).not.toContain(fake.apiToken);
  });
});
