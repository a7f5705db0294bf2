import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';
import { activateMetrics } from './metrics.js';
import { metricsFromConfig } from './index.js';

const KEY = 'emcp_metricsprefx_s3cretpart';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

async function callTool(mcpUrl: string, name: string, args: unknown): Promise<void> {
  const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } };
  const response = await postMcp(mcpUrl, call, { authorization: `Bearer ${KEY}` });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

/** The value of one series in a scrape, e.g. `emcp_tool_calls_total{ecosystem="notes",tool="x",status="ok"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    fake = await startNotesFake(['tok-metrics']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-metrics', 'key-metrics') }),
      credentials: memoryCredentials({ 'tenant-metrics': { notes: { apiToken: 'tok-metrics', baseUrl: fake.url } } }),
      metrics: metricsFromConfig({ METRICS_TOKEN, METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' }),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
    activateMetrics(undefined);
  });

  const scrape = async (): Promise<string> => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('refuses a scrape without the token or with a wrong one, and never echoes it', async () => {
    const without = await fetch(`${server.url}/metrics`);
    expect(without.status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789abcdeX' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('metrics-token');
  });

  it('serves the token-free scrape on its own loopback port only', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const own = await fetch(server.metricsUrl!);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toContain('text/plain');
    expect(await own.text()).toContain('process_cpu_user_seconds_total');
  });

  it('counts tool calls by ecosystem, tool and status, with durations', async () => {
    const before = await scrape();
    const okSeries = 'emcp_tool_calls_total{ecosystem="notes",tool="notes_create_note",status="ok"}';
    await callTool(server.mcpUrl, 'notes_create_note', { text: 'counted' });
    await callTool(server.mcpUrl, 'notes_create_note', { text: '' });
    await callTool(server.mcpUrl, 'notes_no_such_tool', { text: 'x' });
    const after = await scrape();
    expect(sample(after, okSeries)).toBe((sample(before, okSeries) ?? 0) + 1);
    expect(sample(after, 'emcp_tool_calls_total{ecosystem="notes",tool="notes_create_note",status="tool_error"}')).toBe(1);
    // A made-up name is not a label: it lands in "unknown", so callers cannot grow the series.
    expect(after).not.toContain('notes_no_such_tool');
    expect(sample(after, 'emcp_tool_call_duration_seconds_count{ecosystem="notes",tool="notes_create_note"}')).toBe(2);
    expect(after).not.toContain('tenant-metrics');
  });

  // The retry after a 429 is counted by core's client (packages/core/src/telemetry.test.ts); the Notes client does not retry.
  it('counts upstream answers and a 429 per platform, and the call it failed', async () => {
    const before = await scrape();
    fake.failNext({ status: 429, headers: { 'retry-after': '0' }, body: { error: 'slow down' } });
    await callTool(server.mcpUrl, 'notes_list_notes', {});
    const after = await scrape();
    const delta = (series: string) => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    expect(delta('emcp_upstream_rate_limited_total{platform="Notes"}')).toBe(1);
    expect(delta('emcp_upstream_responses_total{platform="Notes",status="429"}')).toBe(1);
    expect(delta('emcp_tool_calls_total{ecosystem="notes",tool="notes_list_notes",status="rate_limited"}')).toBe(1);
    await callTool(server.mcpUrl, 'notes_list_notes', {});
    expect((sample(await scrape(), 'emcp_upstream_responses_total{platform="Notes",status="200"}') ?? 0) - (sample(before, 'emcp_upstream_responses_total{platform="Notes",status="200"}') ?? 0)).toBe(1);
  });
});
