import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger, lazyChild } from './logger.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', format: 'json', destination }) };
}

describe('server logger', () => {
  it('blanks credentials at any depth and everything under config, and keeps the rest of the line', () => {
    const { lines, logger } = capture();
    logger.warn(
      {
        requestId: 'req-1',
        req: { headers: { authorization: 'Bearer emcp_secret', 'x-api-key': 'k-1', cookie: 'sid=2', accept: 'application/json' } },
        upstream: { response: { access_token: 'ya29.token', refresh_token: '1//refresh', expires_in: 3599 } },
        config: { baseUrl: 'https://api.example.test', webhook: 'https://hooks.example.test/abc' },
        password: 'hunter2',
        keyId: 'key-7',
      },
      'upstream trouble',
    );
    const [line] = lines;
    expect(line).toMatchObject({
      msg: 'upstream trouble',
      requestId: 'req-1',
      keyId: 'key-7',
      req: { headers: { authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', cookie: '[REDACTED]', accept: 'application/json' } },
      upstream: { response: { access_token: '[REDACTED]', refresh_token: '[REDACTED]', expires_in: 3599 } },
      config: '[REDACTED]',
      password: '[REDACTED]',
    });
    const text = JSON.stringify(line);
    for (const secret of ['emcp_secret', 'k-1', 'sid=2', 'ya29', '1//refresh', 'hooks.example', 'hunter2']) expect(text).not.toContain(secret);
  });

  it("redacts the fields a request logger merges in, leaves the caller's object untouched, and still serializes errors", () => {
    const { lines, logger } = capture();
    const fields = { token: 'tok-1', status: 'ok' };
    lazyChild(logger, { requestId: 'req-2', tenantId: 't-1' }).info(fields, 'tool call');
    logger.error({ err: Object.assign(new Error('platform down'), { code: 'E_DOWN' }) }, 'failed');
    expect(lines[0]).toMatchObject({ requestId: 'req-2', tenantId: 't-1', token: '[REDACTED]', status: 'ok', msg: 'tool call' });
    expect(fields.token).toBe('tok-1');
    expect(lines[1]).toMatchObject({ msg: 'failed', err: { message: 'platform down', code: 'E_DOWN', type: 'Error' } });
  });

  it('stamps every line with the time it was written, as ISO 8601 UTC with milliseconds', async () => {
    const { lines, logger } = capture();
    const before = Date.now();
    logger.info({}, 'first');
    logger.info({}, 'same millisecond, most likely');
    // Wait until the clock has moved on by whole milliseconds, as Date.now() counts them.
    const first = Date.now();
    while (Date.now() < first + 2) await new Promise((resolve) => setTimeout(resolve, 1));
    const later = Date.now();
    logger.info({}, 'later');
    const times = lines.map((line) => line['time'] as string);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(times[0]!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(times[2]!)).toBeGreaterThanOrEqual(later);
  });
});
