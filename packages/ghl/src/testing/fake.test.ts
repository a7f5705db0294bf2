import { afterEach, describe, expect, it } from '@jest/globals';
import { startFake, startGhlFake, type GhlFake } from './index.js';

describe('the GoHighLevel fake', () => {
  let fake: GhlFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const call = (path: string, init: { token?: string; version?: string; method?: string; body?: unknown } = {}) =>
    fetch(`${fake!.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token !== '' ? { authorization: `Bearer ${init.token ?? fake!.apiKey}` } : {}),
        ...(init.version !== '' ? { version: init.version ?? '2021-07-28' } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });

  it("answers the platform's 401 shapes for a missing token and a missing Version header", async () => {
    fake = await startFake();
    const noToken = await call('/contacts/ContactJaneDoe000001', { token: '' });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({ statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
    const noVersion = await call('/contacts/ContactJaneDoe000001', { version: '' });
    expect(noVersion.status).toBe(401);
    expect(await noVersion.json()).toEqual({ statusCode: 401, message: 'Version header was not found', error: 'Unauthorized' });
  });

  it("validates bodies against the published schemas and answers NestJS's 422 (UnprocessableDTO)", async () => {
    fake = await startFake();
    const response = await call('/contacts/ContactJaneDoe000001', {
      method: 'PUT',
      body: { companyName: 'Acme', dnd: 'yes', dndSettings: { SMS: { status: 'active', colour: 'red' } } },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      statusCode: 422,
      message: [
        'property companyName should not exist',
        'dnd must be a boolean value',
        'dndSettings.SMS.property colour should not exist',
      ],
      error: 'Unprocessable Entity',
    });
    expect(fake.state.contacts.find((c) => c.id === 'ContactJaneDoe000001')?.companyName).not.toBe('Acme');
  });

  it('reports missing required fields and wrong query types', async () => {
    fake = await startFake();
    const task = await call('/contacts/ContactJaneDoe000001/tasks', { method: 'POST', body: { body: 'Call back' } });
    expect(task.status).toBe(422);
    expect(((await task.json()) as { message: string[] }).message).toEqual([
      'completed should not be empty',
      'dueDate should not be empty',
      'title should not be empty',
    ]);
    const note = await call('/calendars/appointments/EventJaneCheckup0001/notes?limit=50&offset=0', { version: '2021-04-15' });
    expect(((await note.json()) as { message: string[] }).message).toEqual(['limit must not be greater than 20']);
    const status = await call('/opportunities/OppJaneWhitening0001/status', { method: 'PUT', body: { status: 'closed' } });
    expect(((await status.json()) as { message: string[] }).message).toEqual(['status must be one of the following values: open, won, lost, abandoned, all']);
    const search = await call(`/opportunities/search?location_id=${fake.locationId}&limit=lots`);
    expect(search.status).toBe(422);
    expect(((await search.json()) as { message: string[] }).message).toEqual(['limit must be a number conforming to the specified constraints']);
    const unknownQuery = await call(`/opportunities/pipelines?locationId=${fake.locationId}&pipelineId=x`);
    expect(unknownQuery.status).toBe(422);
    expect(((await unknownQuery.json()) as { message: string[] }).message).toEqual(['property pipelineId should not exist']);
  });

  it('sends the five rate-limit headers and counts down', async () => {
    fake = await startFake();
    await call('/contacts/ContactJaneDoe000001');
    const response = await call('/contacts/ContactJaneDoe000001');
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('x-ratelimit')))).toEqual({
      'x-ratelimit-max': '100',
      'x-ratelimit-remaining': '98',
      'x-ratelimit-interval-milliseconds': '10000',
      'x-ratelimit-limit-daily': '200000',
      'x-ratelimit-daily-remaining': '199998',
    });
  });

  it('answers 429 past the daily limit until the counters are reset', async () => {
    fake = await startFake({ rateLimits: { daily: 1 } });
    expect((await call('/contacts/ContactJaneDoe000001')).status).toBe(200);
    const limited = await call('/contacts/ContactJaneDoe000001');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ statusCode: 429, message: 'Daily rate limit exceeded' });
    fake.resetRateLimits();
    expect((await call('/contacts/ContactJaneDoe000001')).status).toBe(200);
  });

  it('refuses a locationId of another sub-account in query or body', async () => {
    fake = await startFake();
    const query = await call(`/opportunities/pipelines?locationId=${fake.otherLocationId}`);
    expect(query.status).toBe(403);
    expect(await query.json()).toEqual({ statusCode: 403, message: 'The token does not have access to this location.', error: 'Forbidden' });
    const body = await call('/contacts/', { method: 'POST', body: { locationId: fake.otherLocationId, firstName: 'X' } });
    expect(body.status).toBe(403);
  });

  it('starts empty on request, can be seeded and reset to the demo seed', async () => {
    fake = await startFake({ seed: false });
    expect(fake.state.contacts).toHaveLength(0);
    fake.seed({ contacts: [{ id: 'c1', locationId: fake.locationId, firstName: 'Solo' }] });
    expect(fake.state.contacts).toHaveLength(1);
    fake.reset();
    expect(fake.state.contacts.length).toBeGreaterThan(1);
    expect(fake.state.pipelines[0]!.stages.length).toBeGreaterThan(1);
    expect(fake.state.calendars).toHaveLength(1);
    expect(fake.state.conversations).toHaveLength(1);
  });

  it('gives each auth mode its config, and accepts marketplace tokens for the seeded location until they are revoked', async () => {
    fake = await startFake();
    expect(fake.configs.privateIntegration).toEqual({ apiKey: fake.apiKey, locationId: fake.locationId, baseUrl: fake.url });
    expect(fake.configs.marketplace).toMatchObject({ clientId: expect.any(String), clientSecret: expect.any(String), baseUrl: fake.url, oauthBaseUrl: fake.url });
    expect(fake.connection.externalIds).toEqual({ locationId: fake.locationId, companyId: fake.companyId });
    const token = await fake.token.getToken();
    expect((await call('/contacts/ContactJaneDoe000001', { token })).status).toBe(200);
    expect((await call(`/opportunities/pipelines?locationId=${fake.otherLocationId}`, { token })).status).toBe(403);
    fake.revokeAccessTokens();
    const revoked = await call('/contacts/ContactJaneDoe000001', { token });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
    const other = fake.issueAccessToken(fake.otherLocationId);
    expect((await call(`/opportunities/pipelines?locationId=${fake.otherLocationId}`, { token: other })).status).toBe(200);
  });

  it('keeps the old name for one release', () => {
    expect(startGhlFake).toBe(startFake);
  });

  it('answers unknown paths in the platform error shape', async () => {
    fake = await startFake();
    const response = await call('/nothing/here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404 });
  });
});
