import { afterEach, describe, expect, it } from '@jest/globals';
import { createHttpClient, RateLimitedError, ValidationError, type OutboundRateLimiter } from '@enterprise-mcp/core';
import { GhlClient } from './client.js';
import { mapGhlError } from './errors.js';
import { startHarness, type Harness } from './harness.test-util.js';
import { take } from './paginate.js';
import type { GhlContact } from './types.js';

const JANE = 'ContactJaneDoe000001';

describe('GhlClient against the fake', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('sends the bearer token and the contacts Version header', async () => {
    h = await startHarness();
    await h.client.getContact(JANE);
    const request = h.fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${h.fake.apiKey}`);
    expect(request.headers.version).toBe('2021-07-28');
  });

  it('sends the right Version header for every API it calls', async () => {
    h = await startHarness();
    const c = h.client;
    await c.getContact(JANE);
    await c.listPipelines();
    await c.listCalendars();
    await take(c.searchConversations({}, { limit: 1 }));
    await c.getLocation();
    await take(c.listUsers({ limit: 1 }));
    const versions = Object.fromEntries(h.fake.requests.map((r) => [r.path.split('/')[1], r.headers.version]));
    expect(versions).toEqual({
      contacts: '2021-07-28',
      opportunities: '2021-07-28',
      calendars: '2021-04-15',
      conversations: '2021-04-15',
      locations: '2021-07-28',
      users: '2021-07-28',
    });
    expect(h.fake.requests.every((r) => r.headers.version)).toBe(true);
  });

  it('is refused by the fake when a Version header belongs to another API', async () => {
    h = await startHarness();
    const raw = createHttpClient({ platform: 'GoHighLevel', baseUrl: h.fake.url, headers: () => ({ authorization: `Bearer ${h!.fake.apiKey}`, version: '2021-07-28' }) });
    const error = await raw.request({ path: '/calendars/', query: { locationId: h.fake.locationId } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
  });

  it('gets the platform 401 without a Version header (what the client guards against)', async () => {
    h = await startHarness();
    const raw = createHttpClient({ platform: 'GoHighLevel', baseUrl: h.fake.url, headers: () => ({ authorization: `Bearer ${h!.fake.apiKey}` }) });
    const response = await raw.request({ path: `/contacts/${JANE}` }).catch((error: unknown) => error);
    expect(response).toMatchObject({ status: 401, message: 'Version header was not found' });
    const mapped = mapGhlError({ platform: 'GoHighLevel', method: 'GET', status: 401, headers: {}, body: { statusCode: 401, message: 'Version header was not found', error: 'Unauthorized' } });
    expect(mapped.toToolMessage()).toContain('bug in @enterprise-mcp/ghl');
  });

  it('reports a bad token as an authentication error that names the variable to fix', async () => {
    h = await startHarness({ client: { apiKey: 'wrong-token' } });
    const error = await h.client.getContact(JANE).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'authentication_failed', status: 401 });
    expect((error as Error & { toToolMessage(): string }).toToolMessage()).toContain('GHL_API_KEY');
  });

  it('is refused with 403 when the token belongs to another location', async () => {
    h = await startHarness();
    const wrong = new GhlClient({ apiKey: h.fake.otherApiKey, locationId: h.fake.locationId, baseUrl: h.fake.url });
    const error = await take(wrong.searchContacts({}, { limit: 5 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'permission_denied', status: 403, message: 'The token does not have access to this location.' });
    expect((error as Error & { hint: string }).hint).toContain('GHL_LOCATION_ID');
  });

  it('maps a 422 with several messages to a ValidationError with one field per message', async () => {
    h = await startHarness();
    const error = await h.client.createContact({ email: 'nope', phone: 'nope', website: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([
      { path: 'email', message: 'must be an email' },
      { path: 'phone', message: 'must be a valid phone number' },
      { path: 'website', message: 'must be a URL address' },
    ]);
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    h = await startHarness();
    h.fake.failNext({ status: 429, headers: { 'Retry-After': '1' }, body: { statusCode: 429, message: 'Too Many Requests' }, path: `/contacts/${JANE}` });
    const started = Date.now();
    const contact = await h.client.getContact(JANE);
    expect(contact.id).toBe(JANE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.fake.requests.filter((r) => r.path === `/contacts/${JANE}`)).toHaveLength(2);
  });

  it('also waits out a 429 on the search POST, which is safe to repeat', async () => {
    h = await startHarness();
    h.fake.failNext({ status: 429, headers: { 'Retry-After': '1' }, body: { statusCode: 429, message: 'Too Many Requests' }, path: '/contacts/search' });
    const contacts = await take(h.client.searchContacts({ query: 'jane' }));
    expect(contacts.map((c) => c.id)).toEqual([JANE]);
    expect(h.fake.requests.filter((r) => r.path === '/contacts/search')).toHaveLength(2);
  });

  it('stops waiting out a 429 when the caller cancels', async () => {
    h = await startHarness();
    h.fake.failNext({ status: 429, headers: { 'Retry-After': '1' }, body: { statusCode: 429, message: 'Too Many Requests' }, path: '/contacts/search' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await take(h.client.searchContacts({}, { signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
  });

  it('counts requests like the platform: 429 past the burst limit, with Retry-After', async () => {
    h = await startHarness({ rateLimits: { max: 2, intervalMs: 60_000 }, client: { maxRetryAfterSeconds: 5 } });
    await h.client.getContact(JANE);
    await h.client.getContact(JANE);
    // The wait (60 s) is longer than the client accepts (5 s), so the 429 reaches the caller.
    const error = await take(h.client.searchContacts({}, { limit: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(h.client.rateLimitBudget).toMatchObject({ max: 2, remaining: 0 });
  });

  it('exposes the budget from the rate-limit headers and feeds the outbound limiter', async () => {
    const observed: Array<Record<string, unknown>> = [];
    const acquired: string[] = [];
    const limiter: OutboundRateLimiter = {
      acquire: async (key) => void acquired.push(key),
      observe: (key, headers) => void observed.push({ key, ...headers }),
    };
    h = await startHarness({ client: { rateLimiter: limiter } });
    await h.client.getContact(JANE);
    await h.client.getContact(JANE);
    expect(h.client.rateLimitBudget).toMatchObject({ max: 100, remaining: 98, intervalMs: 10_000, dailyLimit: 200_000, dailyRemaining: 199_998 });
    expect(acquired).toEqual([`ghl:${h.fake.locationId}`, `ghl:${h.fake.locationId}`]);
    expect(observed.at(-1)).toMatchObject({ key: `ghl:${h.fake.locationId}`, 'x-ratelimit-remaining': '98', 'x-ratelimit-max': '100' });
  });

  it('pages through search results with page/pageLimit until the total', async () => {
    h = await startHarness({ seed: false });
    h.fake.seed({ contacts: manyContacts(h.fake.locationId, 230) });
    const contacts = await take(h.client.searchContacts());
    expect(contacts).toHaveLength(230);
    expect(new Set(contacts.map((c) => c.id)).size).toBe(230);
    const pages = h.fake.requests.map((r) => (r.body as { page: number; pageLimit: number }));
    expect(pages).toEqual([
      expect.objectContaining({ page: 1, pageLimit: 100 }),
      expect.objectContaining({ page: 2, pageLimit: 100 }),
      expect.objectContaining({ page: 3, pageLimit: 100 }),
    ]);
  });

  it('passes search filters and sort through to the search body', async () => {
    h = await startHarness();
    const contacts = await take(
      h.client.searchContacts({
        filters: [{ group: 'OR', filters: [{ field: 'firstName', operator: 'eq', value: 'jane' }, { field: 'firstName', operator: 'eq', value: 'wei' }] }],
        sort: [{ field: 'firstName', direction: 'asc' }],
      }),
    );
    expect(contacts.map((c) => c.firstName)).toEqual(['Jane', 'Wei']);
  });

  it('takes its token from an access-token provider (the OAuth shape)', async () => {
    h = await startHarness();
    let calls = 0;
    const fake = h.fake;
    const client = new GhlClient({ locationId: fake.locationId, baseUrl: fake.url, accessToken: async () => (calls++, fake.apiKey) });
    await client.getContact(JANE);
    expect(calls).toBe(1);
  });

  it('needs a token or a provider', () => {
    expect(() => new GhlClient({ locationId: 'loc' })).toThrow(/apiKey is required/);
  });
});

function manyContacts(locationId: string, count: number): GhlContact[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `Bulk${String(i).padStart(16, '0')}`,
    locationId,
    firstName: `Person${i}`,
    email: `person${i}@example.com`,
    tags: [],
    dateAdded: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  }));
}
