import { describe, expect, it } from '@jest/globals';
import { ConflictError, RateLimitedError, ValidationError } from './errors.js';

describe('typed errors', () => {
  it('render a message a model can act on, naming the platform code and the next step', () => {
    const error = new ConflictError('DNS record already exists', {
      platform: 'Cloudflare',
      platformCode: 81057,
      hint: 'update it with cloudflare_update_dns_record',
    });
    expect(error.toToolMessage()).toBe(
      'DNS record already exists (Cloudflare 81057): update it with cloudflare_update_dns_record',
    );
    expect(error.code).toBe('conflict');
    expect(error.name).toBe('ConflictError');
  });

  it('list every invalid field of a validation error', () => {
    const error = new ValidationError('Invalid input', [
      { path: 'ttl', message: 'must be between 60 and 86400' },
      { path: 'content', message: 'is required' },
    ]);
    expect(error.toToolMessage()).toBe('Invalid input [ttl: must be between 60 and 86400; content: is required]');
  });

  it('carry retry-after on rate limits and say when to retry', () => {
    const error = new RateLimitedError('Rate limit reached', 42, { platform: 'Cloudflare' });
    expect(error.retryAfterSeconds).toBe(42);
    expect(error.toToolMessage()).toBe('Rate limit reached (Cloudflare): retry after 42 seconds');
  });
});
