import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { notesEcosystem } from '../test/support/notes-ecosystem.js';
import { ConfigError, configVariables, loadConfig } from './config.js';
import { ecosystems } from './ecosystems.js';

const ENV_EXAMPLE = new URL('../../../.env.example', import.meta.url);

describe('configuration', () => {
  it('has defaults that start a local server with nothing set', () => {
    const config = loadConfig({}, [notesEcosystem]);
    expect(config).toMatchObject({ HOST: '127.0.0.1', PORT: 3000, TENANCY_MODE: 'single', dnsRebindingProtection: true, logFormat: 'pretty' });
    expect(config.ecosystems[0]).toMatchObject({ disabledReason: expect.stringContaining('NOTES_API_TOKEN') });
  });

  it('names every bad variable and what it expects', () => {
    const env = { PORT: 'eighty', DATABASE_URL: 'mysql://x', TENANCY_MODE: 'many', NOTES_API_TOKEN: 'tok', NOTES_BASE_URL: 'not a url' };
    let error: unknown;
    try {
      loadConfig(env, [notesEcosystem]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((problem) => problem.variable);
    expect(problems.sort()).toEqual(['DATABASE_URL', 'NOTES_BASE_URL', 'PORT', 'TENANCY_MODE']);
    expect((error as Error).message).toContain('DATABASE_URL: must be a postgresql:// URL');
    expect((error as Error).message).toContain('see .env.example');
    expect((error as Error).message).toMatch(/PORT: .*\(got "eighty"\)/);
  });

  it('requires the credentials key for multi-tenancy and never echoes secret values', () => {
    expect(() => loadConfig({ TENANCY_MODE: 'multi' }, [])).toThrow(/CREDENTIALS_ENCRYPTION_KEY: is required when TENANCY_MODE=multi/);
    expect(() => loadConfig({ DEMO_API_KEY: 'emcp_short' }, [])).toThrow(/DEMO_API_KEY: .*\(got "\[hidden\]"\)/);
    expect(() => loadConfig({ REDIS_URL: 'http://user:pw@redis' }, [])).toThrow(/got "http:\/\/\[credentials\]@redis"/);
  });

  it('bounds slow clients in seconds by default, and refuses a header timeout longer than the request timeout', () => {
    expect(loadConfig({}, [])).toMatchObject({ HTTP_HEADERS_TIMEOUT_MS: 10_000, HTTP_REQUEST_TIMEOUT_MS: 30_000, MAX_CONNECTIONS: 1000 });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '5000' }, [])).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS \(5000\)/,
    );
  });

  it('enables an ecosystem whose variables are set and turns protection off for 0.0.0.0', () => {
    const config = loadConfig({ HOST: '0.0.0.0', NOTES_API_TOKEN: 't', NOTES_BASE_URL: 'http://127.0.0.1:9', ALLOWED_HOSTS: 'a.example, b.example' }, [notesEcosystem]);
    expect(config.dnsRebindingProtection).toBe(false);
    expect(config.ALLOWED_HOSTS).toEqual(['a.example', 'b.example']);
    expect(config.ecosystems[0]?.envConfig).toEqual({ mode: 'token', apiToken: 't', environment: 'production', baseUrl: 'http://127.0.0.1:9' });
  });

  it('documents exactly the variables it reads in .env.example', () => {
    const documented = [...readFileSync(ENV_EXAMPLE, 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
    expect([...new Set(documented)].sort()).toEqual([...new Set(configVariables(ecosystems))].sort());
  });
});
