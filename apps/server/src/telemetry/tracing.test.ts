import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';
import { startTracing, tracingRequested, type TracingHandle } from './tracing.js';

const KEY = 'emcp_tracingprefx_s3cretpart';
const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('traces', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    fake = await startNotesFake(['tok-trace']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-trace', 'key-trace') }),
      credentials: memoryCredentials({ 'tenant-trace': { notes: { apiToken: 'tok-trace', baseUrl: fake.url } } }),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  const listNotes = (meta: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {}, _meta: meta } }, { authorization: `Bearer ${KEY}`, ...headers }).then(
      (response) => response.arrayBuffer(),
    );

  it('are off without OTLP settings: no SDK installed, spans do not record', async () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    await expect(startTracing({})).resolves.toBeUndefined();
    await listNotes({ traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    const line = server.log.lines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry['msg'] === 'tool call');
    expect(line).not.toHaveProperty('traceId');
  });

  describe('with an SDK', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: TracingHandle | undefined;
    beforeAll(async () => {
      tracing = await startTracing({}, new SimpleSpanProcessor(exporter));
    });
    afterAll(() => tracing?.shutdown());

    it('nest request → tool → upstream call under the traceparent the client sent in _meta', async () => {
      exporter.reset();
      await listNotes({ traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
      const spans = exporter.getFinishedSpans();
      const request = spans.find((span) => span.name === 'POST /mcp')!;
      const tool = spans.find((span) => span.name === 'tool notes_list_notes')!;
      const upstream = spans.find((span) => span.attributes['emcp.platform'] === 'Notes')!;
      expect([request, tool, upstream].map((span) => span.spanContext().traceId)).toEqual([CLIENT_TRACE, CLIENT_TRACE, CLIENT_TRACE]);
      expect(parentOf(request)).toBe(CLIENT_SPAN);
      expect(parentOf(tool)).toBe(request.spanContext().spanId);
      expect(parentOf(upstream)).toBe(tool.spanContext().spanId);
      expect(tool.attributes).toMatchObject({ 'mcp.tool.name': 'notes_list_notes', 'emcp.ecosystem': 'notes', 'emcp.status': 'ok' });
      expect(upstream.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': new URL(fake.url).host });
      // No path, query or header reaches the span: the token least of all.
      expect(JSON.stringify(spans.map((span) => span.attributes))).not.toMatch(/tok-trace|\/notes/);
      const line = server.log.lines.map((text) => JSON.parse(text) as Record<string, unknown>).filter((entry) => entry['msg'] === 'tool call').at(-1);
      expect(line).toMatchObject({ traceId: CLIENT_TRACE });
    });

    it('take the HTTP traceparent header as the parent too, and mark a failed upstream call', async () => {
      exporter.reset();
      fake.failNext({ status: 503, body: { error: 'down' } });
      await listNotes({}, { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
      const spans = exporter.getFinishedSpans();
      expect(parentOf(spans.find((span) => span.name === 'POST /mcp')!)).toBe(CLIENT_SPAN);
      const upstream = spans.find((span) => span.attributes['emcp.platform'] === 'Notes')!;
      expect(upstream.attributes['http.response.status_code']).toBe(503);
      expect(upstream.status.code).toBe(2);
    });
  });
});
