import { describe, expect, it } from '@jest/globals';
import { readEcosystemEnv } from '@enterprise-mcp/core';
import { z } from 'zod';
import { GhlClient } from './client.js';
import { ghlEcosystem, GHL_OAUTH } from './ecosystem.js';

describe('ghlEcosystem', () => {
  it('is enabled by GHL_API_KEY and GHL_LOCATION_ID', () => {
    const env = readEcosystemEnv(ghlEcosystem, { GHL_API_KEY: 'pit-123', GHL_LOCATION_ID: 'loc-1' });
    expect(env).toEqual({ status: 'enabled', config: { apiKey: 'pit-123', locationId: 'loc-1' } });
  });

  it('is disabled with no variable and invalid when the location is missing', () => {
    expect(readEcosystemEnv(ghlEcosystem, {}).status).toBe('disabled');
    const invalid = readEcosystemEnv(ghlEcosystem, { GHL_API_KEY: 'pit-123' });
    expect(invalid.status).toBe('invalid');
    expect(invalid.status === 'invalid' && invalid.error.message).toContain('GHL_LOCATION_ID is required');
  });

  it('creates a client for the configured location and base URL', () => {
    const client = ghlEcosystem.createClient({ apiKey: 'k', locationId: 'loc-1', baseUrl: 'http://127.0.0.1:1' });
    expect(client).toBeInstanceOf(GhlClient);
    expect(client.locationId).toBe('loc-1');
    expect(client.baseUrl).toBe('http://127.0.0.1:1');
  });

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

  it('documents the OAuth flow for later: rotating refresh tokens', () => {
    expect(GHL_OAUTH).toMatchObject({ type: 'oauth2', rotatesRefreshTokens: true, tokenUrl: 'https://services.leadconnectorhq.com/oauth/token' });
  });
});
