import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineEcosystem } from '../ecosystem.js';
import { createHttpClient, type HttpClient } from '../http.js';
import { toolDefinerFor } from '../tool.js';
import { startFakeServer, type FakeServer } from './fake-server.js';
import { toolHarness, type RunningFake } from './harness.js';

const defineEchoTool = toolDefinerFor<HttpClient>();
const echo = defineEchoTool({
  name: 'echo_get_word',
  title: 'Get word',
  description: 'Echoes a word through the API.',
  input: z.object({ word: z.string().describe('The word') }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: ({ word }, ctx) => ctx.client.get<{ word: string }>(`/echo/${word}`),
});

const echoEcosystem = defineEcosystem({
  id: 'echo',
  displayName: 'Echo',
  description: 'Echoes words.',
  envPrefix: 'ECHO',
  authModes: {
    key: { kind: 'api-key', description: 'A key', config: z.object({ apiKey: z.string() }), env: { apiKey: 'ECHO_API_KEY' }, credential: (c) => c.apiKey },
    oauth: {
      kind: 'oauth2',
      description: 'OAuth',
      config: z.object({ clientId: z.string().default('app'), clientSecret: z.string().default('secret') }),
      env: {},
      oauth: { authorizationUrl: 'https://echo.example/authorize', tokenUrl: 'https://echo.example/token', scopes: [], identify: () => ({ externalIds: {} }) },
    },
  },
  environments: { production: { baseUrl: 'https://echo.example' } },
  rateLimits: [],
  tools: [echo],
  createClient: (config, deps) => createHttpClient({ platform: 'Echo', baseUrl: config.baseUrl, auth: { token: deps.token }, rateLimiter: deps.rateLimiter }),
});

let server: FakeServer;
let fake: RunningFake;
beforeAll(async () => {
  server = await startFakeServer({
    before: (req) => (['Bearer k1', 'Bearer vault-token'].includes(String(req.headers.authorization)) ? undefined : { status: 401, body: { message: 'no' } }),
    routes: [{ method: 'GET', path: '/echo/:word', handler: (req) => ({ body: { word: req.params.word } }) }],
  });
  fake = {
    url: server.url,
    configs: { key: { apiKey: 'k1', baseUrl: server.url }, oauth: { baseUrl: server.url } },
    token: { getToken: async () => 'vault-token', invalidate: () => false },
    close: () => server.close(),
  };
});
afterAll(() => fake.close());

describe('toolHarness', () => {
  it('runs a tool by name through the real client built from the fake config of a mode', async () => {
    const outcome = await toolHarness(echoEcosystem, { configs: fake.configs }).run('echo_get_word', { word: 'hi' });
    expect(outcome).toMatchObject({ status: 'ok', result: { content: [{ text: expect.stringContaining('"word":"hi"') }] } });
    expect(server.requests.at(-1)?.headers['authorization']).toBe('Bearer k1');
  });

  it('uses the fake token for token-provider modes, and refuses unknown tools and modes', async () => {
    const harness = toolHarness(echoEcosystem, fake, 'oauth');
    expect((await harness.run('echo_get_word', { word: 'yo' })).status).toBe('ok');
    expect(server.requests.at(-1)?.headers['authorization']).toBe('Bearer vault-token');
    expect(() => harness.run('echo_nothing_here')).toThrow('Echo has no tool echo_nothing_here');
    expect(() => toolHarness(echoEcosystem, { configs: {} })).toThrow('serves no "key" auth mode');
  });

  it('passes the dependencies a host would give, such as the rate limiter', async () => {
    const operations: string[] = [];
    const rateLimiter = { acquire: async ({ operation }: { operation: string }) => void operations.push(operation) };
    await toolHarness(echoEcosystem, fake, { mode: 'key', deps: { rateLimiter } }).run('echo_get_word', { word: 'x' });
    expect(operations).toEqual(['GET /echo/x']);
  });
});
