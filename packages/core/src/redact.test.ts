import { describe, expect, it } from '@jest/globals';
import { REDACTED, createRedactor, redactSecrets, redactUrl } from './redact.js';

describe('redactSecrets', () => {
  it('replaces values whose names look like credentials, at any depth', () => {
    const input = {
      name: 'www',
      apiToken: 't',
      nested: { password: 'p', client_secret: 's', Authorization: 'Bearer x', list: [{ refresh_token: 'r' }] },
      author: 'kept',
    };
    expect(redactSecrets(input)).toEqual({
      name: 'www',
      apiToken: REDACTED,
      nested: { password: REDACTED, client_secret: REDACTED, Authorization: REDACTED, list: [{ refresh_token: REDACTED }] },
      author: 'kept',
    });
  });

  it('redacts configured paths and truncates long strings noting their length', () => {
    const out = redactSecrets({ note: 'a'.repeat(50), config: { webhook: 'https://hook' } }, {
      paths: ['config.webhook'],
      maxStringLength: 10,
    });
    expect(out).toEqual({ note: 'aaaaaaaaaa…[truncated, 50 chars]', config: { webhook: REDACTED } });
  });

  it('redacts a path whole, through arrays by index, and only where the whole path matches', () => {
    const redact = createRedactor({ paths: ['config', 'hooks.0.url', 'config.inner', 'hooks.2'] });
    const input = () => ({ config: { a: 1 }, hooks: [{ url: 'https://one', id: 1 }, { url: 'https://two' }, { url: 'https://three' }], other: { config: 'kept' } });
    const expected = { config: REDACTED, hooks: [{ url: REDACTED, id: 1 }, { url: 'https://two' }, REDACTED], other: { config: 'kept' } };
    // Prepared once, it gives the same answer every time.
    expect(redact(input())).toEqual(expected);
    expect(redact(input())).toEqual(expected);
  });

  it('returns what needs no change as it is, and copies only the branches it changes', () => {
    const clean = { tool: 'x', nested: { ids: ['a', 'b'] } };
    expect(redactSecrets(clean)).toBe(clean);
    const mixed = { kept: { a: 1 }, nested: { token: 't', other: 2 } };
    const out = redactSecrets(mixed) as typeof mixed;
    expect(out).toEqual({ kept: { a: 1 }, nested: { token: REDACTED, other: 2 } });
    expect(out.kept).toBe(mixed.kept);
    expect(mixed.nested.token).toBe('t');
  });

  it('passes objects that are not plain data unchanged', () => {
    const error = Object.assign(new Error('boom'), { code: 'E1' });
    const when = new Date(0);
    const out = redactSecrets({ err: error, when, password: 'p' }) as Record<string, unknown>;
    expect(out['err']).toBe(error);
    expect(out['when']).toBe(when);
    expect(out['password']).toBe(REDACTED);
  });
});

describe('redactUrl', () => {
  it('hides secret query parameters and URL passwords', () => {
    expect(redactUrl('https://u:pw@x.test/a?api_key=1&page=2')).toBe(
      'https://u:%5BREDACTED%5D@x.test/a?api_key=%5BREDACTED%5D&page=2',
    );
  });
});
