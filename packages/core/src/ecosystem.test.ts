import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineEcosystem, parseEcosystemConfig, readEcosystemEnv } from './ecosystem.js';
import { ConfigurationError } from './errors.js';
import { defineTool } from './tool.js';

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
  auth: { type: 'api-key', description: 'API key header' },
  config: z.object({ apiKey: z.string().min(10), baseUrl: z.url().optional() }),
  env: { apiKey: 'DEMO_API_KEY', baseUrl: 'DEMO_BASE_URL' },
  rateLimits: [],
  tools: [tool],
  createClient: (config) => config,
});

describe('defineEcosystem', () => {
  it('refuses tools that do not carry the ecosystem prefix, or appear twice', () => {
    expect(() => defineEcosystem({ ...demo, id: 'other' })).toThrow(/must start with "other_": demo_get_thing/);
    expect(() => defineEcosystem({ ...demo, tools: [tool, tool] })).toThrow(/defined twice/);
  });
});

describe('readEcosystemEnv', () => {
  it('disables an ecosystem with no credentials instead of failing', () => {
    expect(readEcosystemEnv(demo, {})).toEqual({ status: 'disabled', reason: 'none of DEMO_API_KEY, DEMO_BASE_URL is set' });
  });

  it('reads a complete configuration', () => {
    expect(readEcosystemEnv(demo, { DEMO_API_KEY: 'k'.repeat(12) })).toEqual({
      status: 'enabled',
      config: { apiKey: 'k'.repeat(12) },
    });
  });

  it('names each bad environment variable and what it expects', () => {
    const result = readEcosystemEnv(demo, { DEMO_BASE_URL: 'not a url' });
    expect(result.status).toBe('invalid');
    const error = (result as { error: ConfigurationError }).error;
    expect(error.problems.map((p) => p.variable)).toEqual(['DEMO_API_KEY', 'DEMO_BASE_URL']);
    expect(error.message).toContain('DEMO_API_KEY is required');
  });
});

describe('parseEcosystemConfig', () => {
  it('names option fields in errors when called with options', () => {
    expect(() => parseEcosystemConfig(demo, { apiKey: 'short' })).toThrow(/Demo configuration is invalid: apiKey /);
  });
});
