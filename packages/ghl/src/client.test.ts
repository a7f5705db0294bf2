import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createEcosystemClient,
  createHttpClient,
  CredentialsMissingError,
  parseEcosystemConfig,
  RateLimitedError,
  ValidationError,
  type OutboundRequest,
  type TokenProvider,
} from '@enterprise-mcp/core';
import { toolHarness } from '@enterprise-mcp/core/testing';
import { listCalendars } from './calendars.api.js';
import { expandPath, GhlClient } from './client.js';
import { createContact, getContact, searchContacts } from './contacts.api.js';
import { searchConversations } from './conversations.api.js';
import { ghlEcosystem } from './ecosystem.js';
import { mapGhlError } from './errors.js';
import { getLocation } from './locations.api.js';
import { listPipelines } from './opportunities.api.js';
import { take } from './paginate.js';
import { startFake, type GhlFake, type GhlFakeOptions } from './testing/index.js';
import type { GhlContact } from './types.js';
import { listUsers } from './users.api.js';

const JANE = 'ContactJaneDoe000001';
const TOO_MANY = { status: 429, headers: { 'Retry-After': '1' }, body: { statusCode: 429, message: 'Too Many Requests' } };

let fake: GhlFake;
const running: GhlFake[] = [];
const start = async (options: GhlFakeOptions = {}) => {
  fake = await startFake(options);
  running.push(fake);
};
afterEach(() => Promise.all(running.splice(0).map((f) => f.close())));

/** A client in private-integration mode, as the ecosystem builds it. */
const privateClient = () => createEcosystemClient(ghlEcosystem, parseEcosystemConfig(ghlEcosystem, fake.configs.privateIntegration));
const marketplace = () => parseEcosystemConfig(ghlEcosystem, { ...fake.configs.marketplace, mode: 'marketplace' });

describe('auth modes against the fake', () => {
  beforeEach(() => start());

  it('privateIntegration: the Private Integration token as bearer, with the Version header, in the configured location', async () => {
    const client = privateClient();
    await getLocation(client);
    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request.headers.version).toBe('2021-07-28');
    expect(request.path).toBe(`/locations/${fake.locationId}`);
  });

  it("marketplace: the host's access token as bearer, in the location of the connection", async () => {
    // core's toolHarness passes no connection, so this one client is built directly.
    const client = createEcosystemClient(ghlEcosystem, marketplace(), { token: fake.token, connection: fake.connection });
    const contacts = await take(searchContacts(client, { query: 'jane' }));
    expect(contacts.map((c) => c.id)).toEqual([JANE]);
    const request = fake.requests.at(-1)!;
    const bearer = String(request.headers.authorization).replace(/^Bearer /, '');
    expect(fake.oauth.verifyAccessToken(bearer)?.account.id).toBe(fake.locationId);
    expect(bearer).not.toBe(fake.apiKey);
    expect(request.headers.version).toBe('2021-07-28');
    expect(request.body).toMatchObject({ locationId: fake.connection.externalIds.locationId });
  });

  it('marketplace: a token the platform rejects is refreshed once and the call sent once more', async () => {
    const client = createEcosystemClient(ghlEcosystem, marketplace(), { token: fake.token, connection: fake.connection });
    await getContact(client, JANE);
    const first = fake.requests.at(-1)!.headers.authorization;
    fake.revokeAccessTokens();
    expect((await getContact(client, JANE)).id).toBe(JANE);
    const [rejected, retried] = fake.requests.slice(-2).map((r) => r.headers.authorization);
    expect(rejected).toBe(first);
    expect(retried).not.toBe(first);
    expect(fake.requests).toHaveLength(3);
  });

  it('marketplace without a connection: a clear credentials_missing error, and no request', async () => {
    const harness = toolHarness(ghlEcosystem, { configs: fake.configs, token: fake.token }, 'marketplace');
    const outcome = await harness.run('ghl_list_pipelines', {});
    expect(outcome).toMatchObject({ status: 'no_credentials', error: { code: 'credentials_missing' } });
    expect(outcome.error!.message).toContain('no sub-account (location) to act on');
    expect(fake.requests).toHaveLength(0);
  });

  it('marketplace with a connection that names no location: an error that names the connection', async () => {
    const client = createEcosystemClient(ghlEcosystem, marketplace(), { token: fake.token, connection: { id: 'conn-1', externalIds: {} } });
    const error = await listPipelines(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsMissingError);
    expect((error as Error).message).toContain('"conn-1" names no location');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('GhlClient against the fake', () => {
  it('sends the right Version header for every API it calls', async () => {
    await start();
    const c = privateClient();
    await getContact(c, JANE);
    await listPipelines(c);
    await listCalendars(c);
    await take(searchConversations(c, {}, { limit: 1 }));
    await getLocation(c);
    await take(listUsers(c, { limit: 1 }));
    const versions = Object.fromEntries(fake.requests.map((r) => [r.path.split('/')[1], r.headers.version]));
    expect(versions).toEqual({
      contacts: '2021-07-28',
      opportunities: '2021-07-28',
      calendars: '2021-04-15',
      conversations: '2021-04-15',
      locations: '2021-07-28',
      users: '2021-07-28',
    });
    expect(fake.requests.every((r) => r.headers.version)).toBe(true);
  });

  it('is refused by the fake when a Version header belongs to another API', async () => {
    await start();
    const raw = createHttpClient({ platform: 'GoHighLevel', baseUrl: fake.url, headers: () => ({ authorization: `Bearer ${fake.apiKey}`, version: '2021-07-28' }) });
    const error = await raw.request({ path: '/calendars/', query: { locationId: fake.locationId } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
  });

  it('gets the platform 401 without a Version header (what the client guards against)', async () => {
    await start();
    const raw = createHttpClient({ platform: 'GoHighLevel', baseUrl: fake.url, headers: () => ({ authorization: `Bearer ${fake.apiKey}` }) });
    const response = await raw.request({ path: `/contacts/${JANE}` }).catch((error: unknown) => error);
    expect(response).toMatchObject({ status: 401, message: 'Version header was not found' });
    const mapped = mapGhlError({ platform: 'GoHighLevel', method: 'GET', status: 401, headers: {}, body: { statusCode: 401, message: 'Version header was not found', error: 'Unauthorized' } });
    expect(mapped.toToolMessage()).toContain('bug in @enterprise-mcp/ghl');
  });

  it('reports a bad token as an authentication error that names the variable to fix, without retrying a static token', async () => {
    await start();
    const client = new GhlClient({ token: 'wrong-token', locationId: fake.locationId, baseUrl: fake.url });
    const error = await getContact(client, JANE).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'authentication_failed', status: 401 });
    expect((error as Error & { toToolMessage(): string }).toToolMessage()).toContain('GHL_API_KEY');
    expect(fake.requests).toHaveLength(1);
  });

  it('is refused with 403 when the token belongs to another location', async () => {
    await start();
    const wrong = new GhlClient({ token: fake.otherApiKey, locationId: fake.locationId, baseUrl: fake.url });
    const error = await take(searchContacts(wrong, {}, { limit: 5 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'permission_denied', status: 403, message: 'The token does not have access to this location.' });
    expect((error as Error & { hint: string }).hint).toContain('GHL_LOCATION_ID');
  });

  it('maps a 422 with several messages to a ValidationError with one field per message', async () => {
    await start();
    const error = await createContact(privateClient(), { email: 'nope', phone: 'nope', website: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([
      { path: 'email', message: 'must be an email' },
      { path: 'phone', message: 'must be a valid phone number' },
      { path: 'website', message: 'must be a URL address' },
    ]);
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    await start();
    fake.failNext({ ...TOO_MANY, path: `/contacts/${JANE}` });
    expect((await getContact(privateClient(), JANE)).id).toBe(JANE);
    expect(fake.requests.filter((r) => r.path === `/contacts/${JANE}`)).toHaveLength(2);
  });

  it('also waits out a 429 on the search POST, which is safe to repeat', async () => {
    await start();
    fake.failNext({ ...TOO_MANY, path: '/contacts/search' });
    const contacts = await take(searchContacts(privateClient(), { query: 'jane' }));
    expect(contacts.map((c) => c.id)).toEqual([JANE]);
    expect(fake.requests.filter((r) => r.path === '/contacts/search')).toHaveLength(2);
  });

  it('stops waiting out a 429 when the caller cancels', async () => {
    await start();
    fake.failNext({ ...TOO_MANY, path: '/contacts/search' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await take(searchContacts(privateClient(), {}, { signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
  });

  it('counts requests like the platform: 429 past the burst limit, with Retry-After', async () => {
    await start({ rateLimits: { max: 2, intervalMs: 60_000 } });
    const client = new GhlClient({ token: fake.apiKey, locationId: fake.locationId, baseUrl: fake.url, maxRetryAfterSeconds: 5 });
    await getContact(client, JANE);
    await getContact(client, JANE);
    // The wait (60 s) is longer than the client accepts (5 s), so the 429 reaches the caller.
    const error = await take(searchContacts(client, {}, { limit: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(client.rateLimitBudget).toMatchObject({ max: 2, remaining: 0 });
  });

  it("keeps the budget from the rate-limit headers and hands them to the limiter's observe, per operation template", async () => {
    await start();
    const observed: Array<Record<string, unknown>> = [];
    const acquired: OutboundRequest[] = [];
    const rateLimiter = {
      acquire: async (request: OutboundRequest) => void acquired.push(request),
      observe: (operation: string, headers: Record<string, unknown>) => void observed.push({ operation, ...headers }),
    };
    const client = createEcosystemClient(ghlEcosystem, parseEcosystemConfig(ghlEcosystem, fake.configs.privateIntegration), { rateLimiter });
    await getContact(client, JANE);
    await getContact(client, 'ContactJohnSmith0002');
    expect(client.rateLimitBudget).toMatchObject({ max: 100, remaining: 98, intervalMs: 10_000, dailyLimit: 200_000, dailyRemaining: 199_998 });
    expect(acquired.map((r) => r.operation)).toEqual(['GET /contacts/{contactId}', 'GET /contacts/{contactId}']);
    expect(observed.at(-1)).toMatchObject({ operation: 'GET /contacts/{contactId}', 'x-ratelimit-remaining': '98', 'x-ratelimit-max': '100' });
  });

  it('pages through search results with page/pageLimit until the total', async () => {
    await start({ seed: false });
    fake.seed({ contacts: manyContacts(fake.locationId, 230) });
    const contacts = await take(searchContacts(privateClient()));
    expect(contacts).toHaveLength(230);
    expect(new Set(contacts.map((c) => c.id)).size).toBe(230);
    const pages = fake.requests.map((r) => r.body as { page: number; pageLimit: number });
    expect(pages).toEqual([
      expect.objectContaining({ page: 1, pageLimit: 100 }),
      expect.objectContaining({ page: 2, pageLimit: 100 }),
      expect.objectContaining({ page: 3, pageLimit: 100 }),
    ]);
  });

  it('passes search filters and sort through to the search body', async () => {
    await start();
    const contacts = await take(
      searchContacts(privateClient(), {
        filters: [{ group: 'OR', filters: [{ field: 'firstName', operator: 'eq', value: 'jane' }, { field: 'firstName', operator: 'eq', value: 'wei' }] }],
        sort: [{ field: 'firstName', direction: 'asc' }],
      }),
    );
    expect(contacts.map((c) => c.firstName)).toEqual(['Jane', 'Wei']);
  });

  it('asks its token provider for a token on every request', async () => {
    await start();
    let calls = 0;
    const token: TokenProvider = { getToken: async () => (calls++, fake.apiKey), invalidate: () => false };
    const client = new GhlClient({ token, locationId: fake.locationId, baseUrl: fake.url });
    await getContact(client, JANE);
    await getContact(client, JANE);
    expect(calls).toBe(2);
  });
});

describe('expandPath', () => {
  it('fills and encodes placeholders, and refuses a missing one', () => {
    expect(expandPath('/contacts/{contactId}/tasks/{taskId}', { contactId: 'a/b', taskId: 't 1' })).toBe('/contacts/a%2Fb/tasks/t%201');
    expect(expandPath('/contacts/search')).toBe('/contacts/search');
    expect(() => expandPath('/contacts/{contactId}')).toThrow('needs a value for {contactId}');
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
