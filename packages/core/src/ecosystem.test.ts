import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  configInput,
  connectionLevelNames,
  levelsCoveredByScopes,
  createEcosystemClient,
  credentialKeyFor,
  defineEcosystem,
  ecosystemVariables,
  heldLevels,
  levelsAllowTool,
  parseEcosystemConfig,
  readEcosystemEnv,
  tokenProviderFor,
  type OAuthSpec,
  type ResolvedConfig,
} from './ecosystem.js';
import type { TokenProvider } from './credentials.js';
import { ConfigurationError, CredentialsMissingError, type ValidationError } from './errors.js';
import { chooseConnectionLevels, oauthClientOf, oauthEndpointsFor, oauthScopesFor, oauthSpecOf } from './oauth.js';
import { defineTool, holdsLevel } from './tool.js';

const tool = defineTool({
  name: 'demo_get_thing',
  title: 'Get thing',
  description: 'Gets a thing.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: async () => ({}),
});

const demo = defineEcosystem({
  id: 'demo',
  displayName: 'Demo',
  description: 'A test ecosystem',
  envPrefix: 'DEMO',
  authModes: {
    token: {
      kind: 'api-key',
      description: 'An API token',
      config: z.object({ apiToken: z.string().min(10), accountId: z.string().optional() }),
      env: { apiToken: 'DEMO_API_TOKEN', accountId: 'DEMO_ACCOUNT_ID' },
      credential: (config) => config.apiToken,
    },
    legacy: {
      kind: 'api-key',
      description: 'Email and global key',
      config: z.object({ email: z.email(), apiKey: z.string().min(1), accountId: z.string().optional() }),
      env: { email: 'DEMO_EMAIL', apiKey: 'DEMO_API_KEY', accountId: 'DEMO_ACCOUNT_ID' },
      credential: (config) => `${config.email}:${config.apiKey}`,
    },
    oauth: {
      kind: 'oauth2',
      description: 'OAuth app',
      config: z.object({ clientId: z.string(), clientSecret: z.string() }),
      env: { clientId: 'DEMO_CLIENT_ID', clientSecret: 'DEMO_CLIENT_SECRET' },
      oauth: {
        authorizationUrl: 'https://demo.example/authorize',
        tokenUrl: { production: 'https://demo.example/token', sandbox: 'https://sandbox.demo.example/token' },
        revocationUrl: 'https://demo.example/revoke?kind=any',
        scopes: ['read'],
        identify: ({ params }) => ({ externalIds: { accountId: params['accountId'] ?? '' } }),
      },
    },
  },
  environments: {
    production: { baseUrl: { us: 'https://api.demo.example', eu: 'https://api.eu.demo.example' } },
    sandbox: { baseUrl: { us: 'https://sandbox.demo.example', eu: 'https://sandbox.eu.demo.example' } },
  },
  regions: { us: { description: 'United States' }, eu: { description: 'Europe' } },
  rateLimits: [],
  tools: [tool],
  createClient: (config, deps) => ({ config, token: deps.token }) as { config: unknown; token: TokenProvider },
});

describe('defineEcosystem', () => {
  it('refuses tools without the ecosystem prefix, duplicates, and base URLs missing for a region', () => {
    expect(() => defineEcosystem({ ...demo, id: 'other' })).toThrow(/must start with "other_": demo_get_thing/);
    expect(() => defineEcosystem({ ...demo, tools: [tool, tool] })).toThrow(/defined twice/);
    expect(() => defineEcosystem({ ...demo, environments: { production: { baseUrl: { us: 'https://x' } } } })).toThrow(
      /environment "production" lacks a base URL for region\(s\) eu/,
    );
    expect(() => defineEcosystem({ ...demo, authModes: {} as typeof demo.authModes })).toThrow(/at least one auth mode/);
  });

  it('refuses an OAuth mode without endpoints or without the app credentials in its config', () => {
    const oauth = demo.authModes.oauth;
    expect(() => defineEcosystem({ ...demo, authModes: { ...demo.authModes, oauth: { ...oauth, oauth: undefined } } })).toThrow(
      /auth mode "oauth" is oauth2 but declares no `oauth` endpoints/,
    );
    expect(() => defineEcosystem({ ...demo, authModes: { ...demo.authModes, oauth: { ...oauth, config: z.object({ clientId: z.string() }) as unknown as typeof oauth.config } } })).toThrow(
      /its config needs clientSecret/,
    );
  });

  it('lists every variable it reads, modes and contract alike, once each', () => {
    expect(ecosystemVariables(demo).sort()).toEqual(
      [
        'DEMO_ACCOUNT_ID',
        'DEMO_API_KEY',
        'DEMO_API_TOKEN',
        'DEMO_AUTH_MODE',
        'DEMO_BASE_URL',
        'DEMO_CLIENT_ID',
        'DEMO_CLIENT_SECRET',
        'DEMO_EMAIL',
        'DEMO_ENVIRONMENT',
        'DEMO_OAUTH_BASE_URL',
        'DEMO_REGION',
      ].sort(),
    );
  });
});

describe('readEcosystemEnv', () => {
  it('disables an ecosystem with no credentials instead of failing', () => {
    expect(readEcosystemEnv(demo, {})).toEqual({
      status: 'disabled',
      reason: 'none of DEMO_API_TOKEN, DEMO_ACCOUNT_ID, DEMO_EMAIL, DEMO_API_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET is set',
    });
  });

  it('picks the mode whose variables are set, with the first environment and region by default', () => {
    expect(readEcosystemEnv(demo, { DEMO_API_TOKEN: 't'.repeat(12) })).toEqual({
      status: 'enabled',
      config: { mode: 'token', config: { apiToken: 't'.repeat(12) }, environment: 'production', region: 'us', baseUrl: 'https://api.demo.example' },
    });
    const legacy = readEcosystemEnv(demo, { DEMO_EMAIL: 'ops@example.com', DEMO_API_KEY: 'global', DEMO_ACCOUNT_ID: 'a1' });
    expect(legacy).toMatchObject({ status: 'enabled', config: { mode: 'legacy', config: { email: 'ops@example.com', accountId: 'a1' } } });
    // Both complete: the first declared mode wins, however many variables the other has.
    const both = readEcosystemEnv(demo, { DEMO_API_TOKEN: 't'.repeat(12), DEMO_EMAIL: 'ops@example.com', DEMO_API_KEY: 'global', DEMO_ACCOUNT_ID: 'a1' });
    expect(both).toMatchObject({ status: 'enabled', config: { mode: 'token' } });
  });

  it('chooses environment and region by variable, and a base URL override wins', () => {
    const env = { DEMO_API_TOKEN: 't'.repeat(12), DEMO_ENVIRONMENT: 'sandbox', DEMO_REGION: 'eu' };
    expect(readEcosystemEnv(demo, env)).toMatchObject({ config: { environment: 'sandbox', region: 'eu', baseUrl: 'https://sandbox.eu.demo.example' } });
    expect(readEcosystemEnv(demo, { ...env, DEMO_BASE_URL: 'http://127.0.0.1:9999' })).toMatchObject({ config: { baseUrl: 'http://127.0.0.1:9999' } });
  });

  it('names each bad variable and what it expects', () => {
    const result = readEcosystemEnv(demo, { DEMO_API_TOKEN: 'short', DEMO_ENVIRONMENT: 'staging', DEMO_BASE_URL: 'not a url' });
    expect(result.status).toBe('invalid');
    const error = (result as { error: ConfigurationError }).error;
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['DEMO_API_TOKEN', 'DEMO_BASE_URL', 'DEMO_ENVIRONMENT']);
    expect(error.message).toContain('DEMO_ENVIRONMENT must be one of production, sandbox (got "staging")');
  });

  it('takes the mode from <PREFIX>_AUTH_MODE and names the missing variables of that mode', () => {
    const result = readEcosystemEnv(demo, { DEMO_AUTH_MODE: 'legacy', DEMO_API_TOKEN: 't'.repeat(12) });
    expect(result.status).toBe('invalid');
    expect((result as { error: ConfigurationError }).error.problems.map((p) => p.variable).sort()).toEqual(['DEMO_API_KEY', 'DEMO_EMAIL']);
    const unknown = readEcosystemEnv(demo, { DEMO_AUTH_MODE: 'magic', DEMO_API_TOKEN: 't'.repeat(12) });
    expect((unknown as { error: ConfigurationError }).error.message).toContain('DEMO_AUTH_MODE must be one of token, legacy, oauth');
  });
});

describe('parseEcosystemConfig', () => {
  it('names option fields in errors, and takes the mode from `mode`', () => {
    expect(() => parseEcosystemConfig(demo, { apiToken: 'short' })).toThrow(/Demo configuration is invalid: apiToken /);
    expect(parseEcosystemConfig(demo, { mode: 'oauth', clientId: 'c', clientSecret: 's' })).toMatchObject({ mode: 'oauth', config: { clientId: 'c' } });
    expect(() => parseEcosystemConfig(demo, { apiToken: 't'.repeat(12), region: 'mars' })).toThrow(/region must be one of us, eu/);
  });
});

describe('permission levels', () => {
  const levelled = { permissionLevels: { read: { description: 'read', tools: ['demo_get_thing'] }, write: { description: 'write', tools: ['demo_put_thing'] }, pii: { description: 'personal data', explicit: true } } };

  it('holds what the key was granted, else every level that is not explicit', () => {
    expect([...heldLevels(levelled, ['write', 'bogus'])]).toEqual(['write']);
    expect([...heldLevels(levelled, undefined)]).toEqual(['read', 'write']);
    expect([...heldLevels(levelled, ['pii'])]).toEqual(['pii']);
  });

  it('lets a tool through when it is in no level or in a held one; a tool gates data with holdsLevel', () => {
    expect(levelsAllowTool(levelled, new Set(['read']), 'demo_get_thing')).toBe(true);
    expect(levelsAllowTool(levelled, new Set(['read']), 'demo_put_thing')).toBe(false);
    expect(levelsAllowTool(levelled, new Set(), 'demo_other_thing')).toBe(true);
    expect(holdsLevel({ permissions: new Set(['read']) }, 'pii')).toBe(false);
    expect(holdsLevel({}, 'pii')).toBe(true);
  });

  it('holds per connection the levels that declare scopes, covered only when every scope was granted', () => {
    const scoped = { permissionLevels: { read: { description: 'r', scopes: ['mail.read'] }, draft: { description: 'd', scopes: ['mail.compose', 'mail.read'] }, pii: { description: 'p' } } };
    expect(connectionLevelNames(scoped)).toEqual(['read', 'draft']);
    expect(connectionLevelNames(levelled)).toEqual([]);
    expect(levelsCoveredByScopes(scoped.permissionLevels, ['mail.read'])).toEqual(['read']);
    expect(levelsCoveredByScopes(scoped.permissionLevels, ['mail.compose', 'mail.read', 'other'])).toEqual(['read', 'draft']);
  });

  it('chooses the levels of a connect link among the allowed ones, naming a wrong level and the allowed ones', () => {
    const scopedDemo = defineEcosystem({
      id: 'demo',
      displayName: 'Demo',
      description: 'A test ecosystem whose connections hold levels',
      envPrefix: 'DEMO',
      authModes: {
        oauth: {
          kind: 'oauth2',
          description: 'OAuth app',
          config: z.object({ clientId: z.string(), clientSecret: z.string(), levels: z.string().optional() }),
          env: { clientId: 'DEMO_CLIENT_ID', clientSecret: 'DEMO_CLIENT_SECRET', levels: 'DEMO_PERMISSION_LEVELS' },
          oauth: { ...demo.authModes.oauth.oauth!, allowedLevels: () => ['read', 'draft'] },
        },
      },
      environments: { production: { baseUrl: 'https://api.demo.example' } },
      rateLimits: [],
      tools: [],
      permissionLevels: { read: { description: 'r', scopes: ['mail.read'] }, draft: { description: 'd', scopes: ['mail.compose'] }, send: { description: 's', scopes: ['mail.send'] } },
      createClient: () => ({}),
    });
    const resolved = parseEcosystemConfig(scopedDemo, { mode: 'oauth', clientId: 'c', clientSecret: 's' }) as ResolvedConfig;
    expect(chooseConnectionLevels(scopedDemo, resolved, undefined)).toEqual(['read', 'draft']);
    expect(chooseConnectionLevels(scopedDemo, resolved, ['draft', 'read'])).toEqual(['read', 'draft']);
    expect(() => chooseConnectionLevels(scopedDemo, resolved, ['read', 'send'])).toThrow('"send" is not allowed by this deployment (DEMO_PERMISSION_LEVELS); allowed: read, draft');
    const problems = (() => {
      try {
        chooseConnectionLevels(scopedDemo, resolved, ['send', 'bogus']);
      } catch (error) {
        return (error as ValidationError).fields.map((field) => field.message);
      }
      return [];
    })();
    expect(problems).toEqual(['"send" is not allowed by this deployment (DEMO_PERMISSION_LEVELS); allowed: read, draft', '"bogus" is not a Demo permission level; allowed: read, draft']);
    expect(() => chooseConnectionLevels(scopedDemo, resolved, [])).toThrow(/at least one Demo permission level/);
    // Without levels that declare scopes, connections have none to choose.
    expect(chooseConnectionLevels(demo, resolved, undefined)).toEqual([]);
    expect(() => chooseConnectionLevels(demo, resolved, ['read'])).toThrow(/no permission levels to choose/);
    // Without its own scopesFor, a connection asks for its levels' scopes.
    expect(oauthScopesFor(scopedDemo, resolved, ['draft'])).toEqual(['mail.compose']);
    expect(oauthScopesFor(scopedDemo, resolved)).toEqual(['mail.read', 'mail.compose']);
  });

  it('refuses levels naming tools the ecosystem lacks', () => {
    expect(() => defineEcosystem({ ...demo, permissionLevels: { read: { description: 'r', tools: ['demo_missing'] } } })).toThrow(/read: demo_missing/);
  });
});

describe('OAuth endpoints and app credentials', () => {
  const oauthConfig = (extra: Record<string, unknown> = {}) =>
    parseEcosystemConfig(demo, { mode: 'oauth', clientId: 'c', clientSecret: 's', ...extra }) as ResolvedConfig;

  it('takes each endpoint for the configured environment', () => {
    expect(oauthEndpointsFor(demo, oauthConfig({ environment: 'sandbox' }))).toEqual({
      authorizationUrl: 'https://demo.example/authorize',
      tokenUrl: 'https://sandbox.demo.example/token',
      revocationUrl: 'https://demo.example/revoke?kind=any',
    });
  });

  it('re-roots every endpoint at DEMO_OAUTH_BASE_URL, keeping paths and queries, for a fake', () => {
    const read = readEcosystemEnv(demo, { DEMO_AUTH_MODE: 'oauth', DEMO_CLIENT_ID: 'c', DEMO_CLIENT_SECRET: 's', DEMO_OAUTH_BASE_URL: 'http://127.0.0.1:4000' });
    if (read.status !== 'enabled') throw new Error(read.status);
    expect(oauthEndpointsFor(demo, read.config as ResolvedConfig)).toEqual({
      authorizationUrl: 'http://127.0.0.1:4000/authorize',
      tokenUrl: 'http://127.0.0.1:4000/token',
      revocationUrl: 'http://127.0.0.1:4000/revoke?kind=any',
    });
  });

  it("takes a region's endpoint before the environment's, and the scopes the configuration asks for", () => {
    const regional: OAuthSpec = { ...demo.authModes.oauth.oauth!, authorizationUrl: { eu: 'https://eu.demo.example/consent', production: 'https://demo.example/consent' }, scopesFor: (r: ResolvedConfig) => [`read:${r.environment}`] };
    const eco = defineEcosystem({ ...demo, authModes: { ...demo.authModes, oauth: { ...demo.authModes.oauth, oauth: regional } } });
    expect(oauthEndpointsFor(eco, parseEcosystemConfig(eco, { mode: 'oauth', clientId: 'c', clientSecret: 's', region: 'eu' }) as ResolvedConfig).authorizationUrl).toBe('https://eu.demo.example/consent');
    const us = parseEcosystemConfig(eco, { mode: 'oauth', clientId: 'c', clientSecret: 's', region: 'us' }) as ResolvedConfig;
    expect(oauthEndpointsFor(eco, us).authorizationUrl).toBe('https://demo.example/consent');
    expect(oauthScopesFor(eco, us)).toEqual(['read:production']);
    expect(oauthScopesFor(demo, us)).toEqual(['read']);
  });

  it('names the variable of a bad OAuth base URL', () => {
    const read = readEcosystemEnv(demo, { DEMO_AUTH_MODE: 'oauth', DEMO_CLIENT_ID: 'c', DEMO_CLIENT_SECRET: 's', DEMO_OAUTH_BASE_URL: 'not a url' });
    expect(read.status === 'invalid' && read.error.message).toMatch(/DEMO_OAUTH_BASE_URL must be a URL/);
  });

  it('reads the app credentials of an OAuth mode, and has no endpoints for an API-key mode', () => {
    expect(oauthClientOf(demo, oauthConfig())).toEqual({ clientId: 'c', clientSecret: 's' });
    expect(oauthSpecOf(demo, { mode: 'token' })).toBeUndefined();
    expect(() => oauthEndpointsFor(demo, parseEcosystemConfig(demo, { apiToken: 't'.repeat(12) }) as ResolvedConfig)).toThrow(/not an OAuth mode/);
  });

  it('keeps the OAuth base URL when a resolved config is stored and parsed again', () => {
    const resolved = oauthConfig({ oauthBaseUrl: 'http://127.0.0.1:4000/' });
    expect(parseEcosystemConfig(demo, configInput(resolved))).toEqual(resolved);
  });
});

describe('token providers from auth modes', () => {
  it('gives API-key modes their own credential as a static token', async () => {
    const resolved = parseEcosystemConfig(demo, { mode: 'legacy', email: 'ops@example.com', apiKey: 'k' });
    expect(await tokenProviderFor(demo, resolved).getToken()).toBe('ops@example.com:k');
  });

  it('gives OAuth modes the host provider, or one that says to connect an account', async () => {
    const resolved = parseEcosystemConfig(demo, { mode: 'oauth', clientId: 'c', clientSecret: 's' }) as ResolvedConfig;
    await expect(tokenProviderFor(demo, resolved).getToken()).rejects.toBeInstanceOf(CredentialsMissingError);
    const host = { getToken: async () => 'from-vault', invalidate: () => true };
    const client = createEcosystemClient(demo, resolved, { token: host });
    expect(await client.token.getToken()).toBe('from-vault');
  });
});

describe('credential keys and stored config', () => {
  it('keys budgets by the credential, not by who uses it or its other settings', () => {
    const a = parseEcosystemConfig(demo, { apiToken: 't'.repeat(12), accountId: 'one' });
    const b = parseEcosystemConfig(demo, { apiToken: 't'.repeat(12), accountId: 'two' });
    const other = parseEcosystemConfig(demo, { apiToken: 'u'.repeat(12) });
    expect(credentialKeyFor(demo, a)).toBe(credentialKeyFor(demo, b));
    expect(credentialKeyFor(demo, a)).not.toBe(credentialKeyFor(demo, other));
    expect(credentialKeyFor(demo, a)).not.toContain('tttt');
    expect(credentialKeyFor(demo, a, { id: 'conn-1' })).not.toBe(credentialKeyFor(demo, a, { id: 'conn-2' }));
  });

  it('turns a resolved config back into input that parses to the same thing', () => {
    const resolved = parseEcosystemConfig(demo, { mode: 'legacy', email: 'ops@example.com', apiKey: 'k', region: 'eu', environment: 'sandbox' });
    expect(parseEcosystemConfig(demo, configInput(resolved))).toEqual(resolved);
  });
});
