import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFake, type GoDaddyFake } from './index.js';
import { GODADDY_DOMAINS_SPEC } from './spec.js';

describe("the fake checks requests against GoDaddy's published description", () => {
  let fake: GoDaddyFake;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${fake.url}${path}`, {
      method,
      headers: { authorization: `sso-key ${fake.configs.key.apiKey}:${fake.configs.key.apiSecret}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.text().then((t) => (t ? JSON.parse(t) : undefined))) as { code: string; fields?: unknown[] } };
  };

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());

  it('vendors the subset with its provenance', () => {
    expect(GODADDY_DOMAINS_SPEC).toMatchObject({
      swagger: '2.0',
      info: { 'x-provenance': { repository: 'godaddy/cli', commit: '9bc5a02f8afe3080f9fb2bfe3193d55dcd41cac6' } },
    });
  });

  it('refuses a record of a type the API does not know, or with a field of the wrong type (422 INVALID_BODY)', async () => {
    const caa = await call('PATCH', '/v1/domains/acme-bakery.com/records', [{ type: 'CAA', name: '@', data: '0 issue "x"' }]);
    expect(caa).toMatchObject({ status: 422, body: { code: 'INVALID_BODY', fields: [{ path: 'records[0].type', code: 'MISMATCH_ENUM' }] } });
    const ttl = await call('PUT', '/v1/domains/acme-bakery.com/records/A/@', [{ data: '192.0.2.1', ttl: '600' }]);
    expect(ttl).toMatchObject({ status: 422, body: { fields: [{ path: 'records[0].ttl', code: 'MISMATCH_TYPE' }] } });
  });

  it('requires what the definitions require: name for PUT /records/{type}, type for PUT /records', async () => {
    const noName = await call('PUT', '/v1/domains/acme-bakery.com/records/MX', [{ data: 'mx.example.net', priority: 1 }]);
    expect(noName).toMatchObject({ status: 422, body: { fields: [{ path: 'records[0].name', code: 'MISSING_REQUIRED' }] } });
    const noType = await call('PUT', '/v1/domains/acme-bakery.com/records', [{ name: '@', data: '192.0.2.1' }]);
    expect(noType).toMatchObject({ status: 422, body: { fields: [{ path: 'records[0].type', code: 'MISSING_REQUIRED' }] } });
    expect(fake.inspect().records['acme-bakery.com']).toHaveLength(8);
  });

  it('checks the DomainUpdate body of PATCH /v1/domains/{domain}', async () => {
    const locked = await call('PATCH', '/v1/domains/acme-bakery.com', { locked: 'yes' });
    expect(locked).toMatchObject({ status: 422, body: { code: 'INVALID_BODY', fields: [{ path: 'body.locked', code: 'MISMATCH_TYPE' }] } });
    const consent = await call('PATCH', '/v1/domains/acme-bakery.com', { exposeWhois: true, consent: { agreedBy: '192.0.2.1' } });
    expect(consent.body.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.consent.agreementKeys', code: 'MISSING_REQUIRED' })]),
    );
  });

  it('checks query parameters: limit 1-1000, suggestion sources from the enum, checkType', async () => {
    expect(await call('GET', '/v1/domains?limit=5000')).toMatchObject({ status: 422, body: { code: 'INVALID_QUERY', fields: [{ path: 'limit', code: 'MISMATCH_MAXIMUM' }] } });
    expect((await call('GET', '/v1/domains/suggest?query=bread&sources=EXTENSION,BOGUS')).status).toBe(422);
    expect((await call('POST', '/v1/domains/available?checkType=SLOW', ['bread.com'])).status).toBe(422);
    expect((await call('GET', '/v1/domains/suggest?query=bread&sources=EXTENSION,KEYWORD_SPIN')).status).toBe(200);
  });
});
