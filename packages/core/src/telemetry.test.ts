import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpClient } from './http.js';
import { setTelemetrySink } from './telemetry.js';
import { startFakeServer, type FakeServer } from './testing/index.js';

let fake: FakeServer;

beforeAll(async () => {
  fake = await startFakeServer({ routes: [{ method: 'GET', path: '/things', handler: () => ({ body: { ok: true } }) }] });
});
afterAll(() => fake.close());
afterEach(() => setTelemetrySink({}));

describe('telemetry reports of the HTTP client', () => {
  it('reports every upstream answer, the 429 and the retry after it, by platform', async () => {
    const events: string[] = [];
    setTelemetrySink({
      upstreamResponse: (platform, status) => events.push(`response ${platform} ${status}`),
      upstreamRetry: (platform, status) => events.push(`retry ${platform} ${status}`),
    });
    fake.failNext({ status: 429, headers: { 'retry-after': '0' }, body: {} });
    const client = createHttpClient({ platform: 'Example', baseUrl: fake.url, retries: 2 });
    await expect(client.get('things')).resolves.toEqual({ ok: true });
    expect(events).toEqual(['response Example 429', 'retry Example 429', 'response Example 200']);
  });

  it('never fails a request because the sink throws', async () => {
    setTelemetrySink({
      upstreamResponse: () => {
        throw new Error('broken sink');
      },
    });
    const client = createHttpClient({ platform: 'Example', baseUrl: fake.url });
    await expect(client.get('things')).resolves.toEqual({ ok: true });
  });
});
