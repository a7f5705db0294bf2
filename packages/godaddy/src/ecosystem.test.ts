import { readEcosystemEnv } from '@enterprise-mcp/core';
import { describe, expect, it } from '@jest/globals';
import { GODADDY_DEFAULT_BASE_URL } from './client.js';
import { godaddyEcosystem } from './ecosystem.js';

describe('godaddyEcosystem', () => {
  it('is disabled when no variable is set', () => {
    expect(readEcosystemEnv(godaddyEcosystem, {}).status).toBe('disabled');
  });

  it('reads GODADDY_API_KEY and defaults the base URL', () => {
    const result = readEcosystemEnv(godaddyEcosystem, { GODADDY_API_KEY: 'secret' });
    expect(result).toEqual({ status: 'enabled', config: { apiKey: 'secret', baseUrl: GODADDY_DEFAULT_BASE_URL } });
  });

  it('names the variable at fault when the config is invalid', () => {
    const result = readEcosystemEnv(godaddyEcosystem, { GODADDY_BASE_URL: 'not a url' });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.error.message).toContain('GODADDY_API_KEY');
    expect(result.error.message).toContain('GODADDY_BASE_URL');
  });

  it('names every tool godaddy_<verb>_<noun>', () => {
    for (const tool of godaddyEcosystem.tools) expect(tool.name).toMatch(/^godaddy_[a-z]+_[a-z_]+$/);
  });
});
