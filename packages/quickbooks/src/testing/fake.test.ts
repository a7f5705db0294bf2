import { FAKE_OAUTH_CLIENT } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEMO_REALM_ID, OTHER_REALM_ID, parseQuery, QUICKBOOKS_ACCOUNTING_SPEC, startFake, type QuickBooksFake } from './index.js';

const basic = `Basic ${Buffer.from(`${FAKE_OAUTH_CLIENT.clientId}:${FAKE_OAUTH_CLIENT.clientSecret}`).toString('base64')}`;

describe('the QuickBooks fake', () => {
  let fake: QuickBooksFake;
  let token: string;
  const api = async (method: string, path: string, body?: unknown, bearer = token) => {
    const response = await fetch(`${fake.url}/v3/company/${DEMO_REALM_ID}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
  };
  const query = (statement: string) => api('GET', `/query?query=${encodeURIComponent(statement)}&minorversion=75`);
  const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${fake.url}/oauth2/v1/tokens/bearer`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers }, body: new URLSearchParams(form) });

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.setLimits({ perSecond: 10, perMinute: 500, concurrent: 10 });
    fake.setApiLatency(0);
    token = fake.oauth.issue(DEMO_REALM_ID).access_token;
  });

  describe('query language', () => {
    it('parses the subset QuickBooks speaks', () => {
      expect(parseQuery("select * from Customer where DisplayName LIKE '%O\\'Brien%' AND Balance >= '10' ORDERBY DisplayName DESC STARTPOSITION 11 MAXRESULTS 5000", ['Customer'])).toEqual({
        entity: 'Customer',
        count: false,
        where: [
          { field: 'DisplayName', op: 'LIKE', values: ["%O'Brien%"] },
          { field: 'Balance', op: '>=', values: ['10'] },
        ],
        orderBy: [{ field: 'DisplayName', descending: true }],
        startPosition: 11,
        maxResults: 1000,
      });
    });

    it('answers rows, pages from a 1-based STARTPOSITION, and {} for an empty result', async () => {
      const page = await query("SELECT * FROM Invoice WHERE TotalAmt > '200' ORDERBY TotalAmt STARTPOSITION 2 MAXRESULTS 1");
      expect(page.body.QueryResponse).toMatchObject({ startPosition: 2, maxResults: 1, Invoice: [{ TotalAmt: 365 }] });
      expect((await query("SELECT * FROM Invoice WHERE DocNumber IN ('1001', '1004')")).body.QueryResponse.Invoice.map((i: { DocNumber: string }) => i.DocNumber)).toEqual(['1001', '1004']);
      expect((await query("SELECT * FROM Invoice WHERE CustomerRef = '13'")).body.QueryResponse.Invoice).toHaveLength(2);
      expect((await query("SELECT * FROM Invoice WHERE DocNumber = 'none'")).body).toEqual({ QueryResponse: {}, time: expect.any(String) });
      expect((await query('SELECT COUNT(*) FROM Invoice')).body.QueryResponse).toEqual({ totalCount: 4 });
    });

    it('hides inactive name-list rows unless the query names Active', async () => {
      const names = async (statement: string) => ((await query(statement)).body.QueryResponse.Customer ?? []).map((c: { DisplayName: string }) => c.DisplayName);
      expect(await names('SELECT * FROM Customer')).not.toContain('Old Town Deli');
      expect(await names('SELECT * FROM Customer WHERE Active IN (true, false)')).toContain('Old Town Deli');
      expect(await names('SELECT * FROM Customer WHERE Active = false')).toEqual(['Old Town Deli']);
    });

    it('refuses OR, GROUP BY, joins, field lists and lower-case entity names with a 400 QueryParserError', async () => {
      for (const statement of [
        "SELECT * FROM Invoice WHERE TotalAmt > '1' OR Balance > '1'",
        'SELECT * FROM Invoice GROUP BY CustomerRef',
        'SELECT * FROM Invoice, Customer',
        'SELECT * FROM Invoice JOIN Customer',
        'SELECT Id, DocNumber FROM Invoice',
        'SELECT * FROM invoice',
      ]) {
        const answer = await query(statement);
        expect(answer.status).toBe(400);
        expect(answer.body.Fault).toMatchObject({ type: 'ValidationFault', Error: [{ code: '4000', Message: 'Error parsing query' }] });
      }
    });
  });

  describe('entities', () => {
    it('SyncToken is a string that grows with every write; a stale one is 5010', async () => {
      const first = await api('POST', '/customer?operation=update', { Id: '12', SyncToken: '0', sparse: true, Notes: 'one' });
      expect(first.body.Customer).toMatchObject({ SyncToken: '1', Notes: 'one', DisplayName: "Amy's Bird Sanctuary" });
      const stale = await api('POST', '/customer?operation=update', { Id: '12', SyncToken: '0', sparse: true, Notes: 'two' });
      expect(stale.status).toBe(400);
      expect(stale.body.Fault.Error[0]).toMatchObject({ code: '5010', Message: 'Stale Object Error' });
      expect(stale.body.time).toMatch(/^\d{4}-\d{2}-\d{2}T.*-07:00$/);
    });

    it('a full update (no sparse) clears the fields it leaves out', async () => {
      const full = await api('POST', '/customer', { Id: '12', SyncToken: '0', DisplayName: "Amy's Bird Sanctuary" });
      expect(full.body.Customer.PrimaryEmailAddr).toBeUndefined();
      expect(full.body.Customer.SyncToken).toBe('1');
    });

    it('replays a requestid: the second create answers the first and writes nothing', async () => {
      const once = await api('POST', '/customer?requestid=abc-1', { DisplayName: 'Once Only' });
      const again = await api('POST', '/customer?requestid=abc-1', { DisplayName: 'Once Only' });
      expect(again.body.Customer.Id).toBe(once.body.Customer.Id);
      expect((await query("SELECT COUNT(*) FROM Customer WHERE DisplayName = 'Once Only'")).body.QueryResponse.totalCount).toBe(1);
    });

    it('rejects a field QuickBooks lacks, as its schema does (2010)', async () => {
      const answer = await api('POST', '/invoice', { CustomerRef: { value: '12' }, Line: [{ Amount: 5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '9' }, Quantity: 1 } }] });
      expect(answer.status).toBe(400);
      expect(answer.body.Fault.Error[0]).toMatchObject({ code: '2010', element: 'Line.0.SalesItemLineDetail.Quantity' });
      expect(QUICKBOOKS_ACCOUNTING_SPEC).toMatchObject({ info: { 'x-provenance': { repository: 'intuit/QuickBooks-V3-Java-SDK' } } });
    });

    it('serves the invoice PDF as application/pdf', async () => {
      const response = await fetch(`${fake.url}/v3/company/${DEMO_REALM_ID}/invoice/19/pdf`, { headers: { authorization: `Bearer ${token}`, accept: 'application/pdf' } });
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = await response.text();
      expect(pdf.startsWith('%PDF-1.4')).toBe(true);
      expect(pdf).toContain('Invoice 1002 - Blue Door Caf? - Total 405');
      expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    });
  });

  describe('auth and limits', () => {
    it("answers 401 in Intuit's lowercase shape with www-authenticate, and 403 for another company's token", async () => {
      const denied = await api('GET', '/customer/12', undefined, 'at-unknown');
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toContain('Bearer');
      expect(denied.body).toMatchObject({ fault: { error: [{ code: '3200' }], type: 'AUTHENTICATION' }, time: expect.any(Number) });
      const other = fake.oauth.issue(OTHER_REALM_ID).access_token;
      expect((await api('GET', '/customer/12', undefined, other)).status).toBe(403);
      expect(denied.headers.get('intuit_tid')).toMatch(/^1-/);
    });

    it('throttles beyond 10 requests a second with XML, even when JSON was asked for', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => api('GET', '/item/9')));
      const throttled = answers.filter((answer) => answer.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(2);
      expect(throttled[0]!.headers.get('content-type')).toBe('application/xml');
      expect(throttled[0]!.text).toContain('<Error code="003001"><Message>message=ThrottleExceeded');
    });

    it('throttles more than 10 requests in flight, and on demand (429 or 403)', async () => {
      fake.setLimits({ perSecond: 100 });
      fake.setApiLatency(400);
      const answers = await Promise.all(Array.from({ length: 14 }, () => api('GET', '/item/9')));
      // Ten overlap; the ones that arrive while ten are in flight are throttled (how many depends on arrival under load).
      expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(10);
      expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(1);
      fake.setApiLatency(0);
      fake.throttleNext(1, 403);
      const forbidden = await api('GET', '/item/9');
      expect(forbidden.status).toBe(403);
      expect(forbidden.text).toContain('statusCode=403');
      expect((await api('GET', '/item/9')).status).toBe(200);
    });
  });

  describe('OAuth', () => {
    it('consent returns a code and the chosen realmId; the code trades for Intuit\'s token fields', async () => {
      const params = new URLSearchParams({ client_id: FAKE_OAUTH_CLIENT.clientId, redirect_uri: 'http://localhost/cb', response_type: 'code', scope: 'com.intuit.quickbooks.accounting', state: 's1' });
      const page = await (await fetch(`${fake.url}/connect/oauth2?${params}`)).text();
      expect(page).toContain('Northwind Consulting (demo)');
      const decided = await fetch(`${fake.url}/connect/oauth2`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...Object.fromEntries(params), account: OTHER_REALM_ID, decision: 'approve' }) });
      const callback = new URL(decided.headers.get('location')!);
      expect(callback.searchParams.get('realmId')).toBe(OTHER_REALM_ID);
      const exchanged = await tokenRequest({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: 'http://localhost/cb' }, { 'x-include-refresh-token-hard-expires-in': 'true' });
      const tokens = (await exchanged.json()) as Record<string, unknown>;
      expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8726400 });
      expect(tokens['x_refresh_token_hard_expires_in']).toBeGreaterThan(157_000_000);
      expect(tokens).not.toHaveProperty('realmId');
      const response = await fetch(`${fake.url}/v3/company/${OTHER_REALM_ID}/companyinfo/${OTHER_REALM_ID}`, { headers: { authorization: `Bearer ${String(tokens['access_token'])}`, accept: 'application/json' } });
      expect(((await response.json()) as { CompanyInfo: { CompanyName: string } }).CompanyInfo.CompanyName).toBe('Northwind Consulting (demo)');
    });

    it('rotates the refresh token: the old one is invalid_grant, without the hard-expiry field unless asked', async () => {
      const { refresh_token: first } = fake.oauth.issue(DEMO_REALM_ID);
      const refreshed = (await (await tokenRequest({ grant_type: 'refresh_token', refresh_token: first })).json()) as Record<string, unknown>;
      expect(refreshed['refresh_token']).not.toBe(first);
      expect(refreshed).not.toHaveProperty('x_refresh_token_hard_expires_in');
      const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first });
      expect(reused.status).toBe(400);
      expect(await reused.json()).toEqual({ error: 'invalid_grant', error_description: 'Token invalid' });
      expect(reused.headers.get('intuit_tid')).toMatch(/^1-/);
      const revoke = await fetch(`${fake.url}/v2/oauth2/tokens/revoke`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: JSON.stringify({ token: refreshed['refresh_token'] }) });
      expect(revoke.status).toBe(200);
      expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: String(refreshed['refresh_token']) })).status).toBe(400);
    });
  });
});
