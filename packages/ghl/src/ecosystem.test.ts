import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { createEcosystemClient, CredentialsMissingError, ecosystemVariables, parseEcosystemConfig, readEcosystemEnv, staticToken } from '@enterprise-mcp/core';
import { z } from 'zod';
import { GHL_BASE_URL, GhlClient } from './client.js';
import { ghlEcosystem, GHL_OAUTH } from './ecosystem.js';

const production = { environment: 'production', baseUrl: GHL_BASE_URL };

describe('ghlEcosystem configuration', () => {
  it('is a private integration when GHL_API_KEY and GHL_LOCATION_ID are set, as before', () => {
    expect(readEcosystemEnv(ghlEcosystem, { GHL_API_KEY: 'pit-123', GHL_LOCATION_ID: 'loc-1' })).toEqual({
      status: 'enabled',
      config: { mode: 'privateIntegration', config: { apiKey: 'pit-123', locationId: 'loc-1' }, ...production },
    });
    const proxied = readEcosystemEnv(ghlEcosystem, { GHL_API_KEY: 'pit-123', GHL_LOCATION_ID: 'loc-1', GHL_BASE_URL: 'http://127.0.0.1:4010' });
    expect(proxied.status === 'enabled' && proxied.config.baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('is a marketplace app when GHL_CLIENT_ID and GHL_CLIENT_SECRET are set, or when GHL_AUTH_MODE says so', () => {
    expect(readEcosystemEnv(ghlEcosystem, { GHL_CLIENT_ID: 'app-1', GHL_CLIENT_SECRET: 's3cret' })).toEqual({
      status: 'enabled',
      config: { mode: 'marketplace', config: { clientId: 'app-1', clientSecret: 's3cret' }, ...production },
    });
    const chosen = readEcosystemEnv(ghlEcosystem, { GHL_AUTH_MODE: 'marketplace', GHL_API_KEY: 'pit-123', GHL_LOCATION_ID: 'loc-1' });
    expect(chosen.status === 'invalid' && chosen.error.message).toContain('GHL_CLIENT_ID is required');
  });

  it('is disabled with no variable and invalid when the location is missing', () => {
    expect(readEcosystemEnv(ghlEcosystem, {}).status).toBe('disabled');
    const invalid = readEcosystemEnv(ghlEcosystem, { GHL_API_KEY: 'pit-123' });
    expect(invalid.status).toBe('invalid');
    expect(invalid.status === 'invalid' && invalid.error.message).toContain('GHL_LOCATION_ID is required');
  });

  it('reads the variables of both modes and the contract, and only production', () => {
    expect(ecosystemVariables(ghlEcosystem).sort()).toEqual(['GHL_API_KEY', 'GHL_AUTH_MODE', 'GHL_BASE_URL', 'GHL_CLIENT_ID', 'GHL_CLIENT_SECRET', 'GHL_LOCATION_ID', 'GHL_OAUTH_BASE_URL']);
    expect(Object.keys(ghlEcosystem.environments)).toEqual(['production']);
    expect(ghlEcosystem.connections).toBe('many');
  });
});

describe('ghlEcosystem clients', () => {
  const connection = { id: 'conn-1', externalIds: { locationId: 'loc-from-connection' } };
  const token = staticToken('t');

  it('acts on the private integration location, whatever the connection says', () => {
    const resolved = parseEcosystemConfig(ghlEcosystem, { apiKey: 'k', locationId: 'loc-1', baseUrl: 'http://127.0.0.1:1' });
    const client = createEcosystemClient(ghlEcosystem, resolved, { connection });
    expect(client).toBeInstanceOf(GhlClient);
    expect(client.locationId).toBe('loc-1');
    expect(client.baseUrl).toBe('http://127.0.0.1:1');
  });

  it("acts on the connection's location for a marketplace app, and names the fix without one", () => {
    const resolved = parseEcosystemConfig(ghlEcosystem, { mode: 'marketplace', clientId: 'c', clientSecret: 's' });
    expect(createEcosystemClient(ghlEcosystem, resolved, { token, connection }).locationId).toBe('loc-from-connection');
    expect(createEcosystemClient(ghlEcosystem, resolved, { token, connection }).baseUrl).toBe(GHL_BASE_URL);
    const alone = createEcosystemClient(ghlEcosystem, resolved, { token });
    expect(() => alone.locationId).toThrow(CredentialsMissingError);
    expect(() => alone.locationId).toThrow(expect.objectContaining({ hint: expect.stringContaining('connection: { id, externalIds: { locationId } }') }));
  });

  it('no longer takes a locationId in the marketplace config: the connection carries it', () => {
    const resolved = parseEcosystemConfig(ghlEcosystem, { mode: 'marketplace', clientId: 'c', clientSecret: 's', locationId: 'loc-alone' });
    expect(resolved.config).toEqual({ clientId: 'c', clientSecret: 's' });
    expect(() => createEcosystemClient(ghlEcosystem, resolved, { token }).locationId).toThrow(CredentialsMissingError);
  });

  it('never pairs a connection with a location it does not name', () => {
    const resolved = parseEcosystemConfig(ghlEcosystem, { mode: 'marketplace', clientId: 'c', clientSecret: 's' });
    const client = createEcosystemClient(ghlEcosystem, resolved, { token, connection: { id: 'conn-2', externalIds: {} } });
    expect(() => client.locationId).toThrow(CredentialsMissingError);
  });
});

describe('ghlEcosystem tools and limits', () => {
  it('names every tool ghl_<verb>_<noun> and describes every input field', () => {
    for (const tool of ghlEcosystem.tools) {
      expect(tool.name).toMatch(/^ghl_[a-z]+_[a-z_]+$/);
      for (const [field, schema] of Object.entries(tool.input.shape)) {
        expect({ tool: tool.name, field, described: Boolean((schema as { description?: string }).description) }).toMatchObject({ described: true });
      }
      // Every GoHighLevel tool returns structured content, so each declares the object it returns.
      expect(tool.output).toBeInstanceOf(z.ZodObject);
      expect(Object.keys((tool.output as z.ZodObject).shape).length).toBeGreaterThan(0);
    }
  });

  it("asks for exactly the scopes the tools' operations declare in the published OpenAPI files", () => {
    expect([...GHL_OAUTH.scopes].sort()).toEqual(publishedScopes());
    expect(GHL_OAUTH).toMatchObject({
      authorizationUrl: 'https://marketplace.gohighlevel.com/oauth/chooselocation',
      tokenUrl: 'https://services.leadconnectorhq.com/oauth/token',
      rotatesRefreshTokens: true,
    });
    expect(ghlEcosystem.authModes.marketplace.oauth).toBe(GHL_OAUTH);
    // GoHighLevel documents no revocation endpoint: disconnecting forgets the tokens, uninstalling is done in the platform.
    expect(GHL_OAUTH.revocationUrl).toBeUndefined();
  });

  it('declares the published limits, 100 per 10 seconds and 200,000 a day, per credential', () => {
    expect(ghlEcosystem.rateLimits.map(({ points, durationSeconds, scope }) => ({ points, durationSeconds, scope }))).toEqual([
      { points: 100, durationSeconds: 10, scope: 'credential' },
      { points: 200_000, durationSeconds: 86_400, scope: 'credential' },
    ]);
  });
});

/** Every scope in the security requirements of the operations the fake serves (the ones the tools call). */
function publishedScopes(): string[] {
  const scopes = new Set<string>();
  for (const area of ['contacts', 'opportunities', 'calendars', 'conversations', 'locations', 'users']) {
    const spec = JSON.parse(readFileSync(new URL(`./testing/spec/${area}.json`, import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
    };
    for (const operation of Object.values(spec.paths).flatMap((path) => Object.values(path))) {
      for (const requirement of operation.security ?? []) Object.values(requirement).flat().forEach((scope) => scopes.add(scope));
    }
  }
  return [...scopes].sort();
}
