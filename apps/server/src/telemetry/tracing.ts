import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Spans go through `@opentelemetry/api` only: until `startTracing` installs an
 * SDK, every call below hits the API's no-op tracer, so untraced servers load
 * and run no SDK code at all.
 */
const tracer = () => trace.getTracer('@enterprise-mcp/server');

/** Set while `startTracing`'s SDK is installed: without it the spans below are skipped, not made as no-ops (a wrapper and a promise each, per call). */
let tracing = false;

const TRACEPARENT_META_KEY = 'traceparent';

/** The parent a client named: the HTTP `traceparent` header, else the first message's `_meta.traceparent`. */
function clientTraceparent(headers: Headers, body: unknown): string | undefined {
  const header = headers.get('traceparent');
  if (header) return header;
  const first = Array.isArray(body) ? body[0] : body;
  const meta = (first as { params?: { _meta?: Record<string, unknown> } } | undefined)?.params?._meta;
  const value = meta?.[TRACEPARENT_META_KEY];
  return typeof value === 'string' ? value : undefined;
}

/** The span of one `POST /mcp`, child of the client's trace when it sent one. */
export function traceRequest<T>(headers: Headers, body: unknown, work: () => Promise<T>): Promise<T> {
  if (!tracing) return work();
  const traceparent = clientTraceparent(headers, body);
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : context.active();
  return tracer().startActiveSpan('POST /mcp', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'url.path': '/mcp' } }, parent, (span) =>
    finish(span, work),
  );
}

/** The span of one tool call; its status is the audit row's status. */
export function traceTool<T extends { status: string }>(tool: string, ecosystem: string, work: () => Promise<T>): Promise<T> {
  if (!tracing) return work();
  return tracer().startActiveSpan(`tool ${tool}`, { kind: SpanKind.INTERNAL, attributes: { 'mcp.tool.name': tool, 'emcp.ecosystem': ecosystem } }, async (span) =>
    finish(span, async () => {
      const outcome = await work();
      span.setAttribute('emcp.status', outcome.status);
      if (outcome.status !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.status });
      return outcome;
    }),
  );
}

/** The trace id of the current span, for the `tool call` log line; undefined when not tracing. */
export function currentTraceId(): string | undefined {
  if (!tracing) return undefined;
  const span = trace.getActiveSpan();
  return span?.isRecording() ? span.spanContext().traceId : undefined;
}

async function finish<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

export interface TracingHandle {
  shutdown(): Promise<void>;
}

type TracingEnv = Record<string, string | undefined>;

/** OTLP export is asked for the way every OpenTelemetry SDK reads it. */
export function tracingRequested(env: TracingEnv): boolean {
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_TRACES_EXPORTER'] === 'otlp');
}

/**
 * Installs the SDK: W3C propagation, async-context tracking and a processor
 * (the OTLP/HTTP exporter, configured from OTEL_* variables, unless a test
 * hands its own). Imported lazily, so a server without OTLP settings never loads it.
 */
export async function startTracing(env: TracingEnv, spanProcessor?: SpanProcessor): Promise<TracingHandle | undefined> {
  if (!spanProcessor && !tracingRequested(env)) return undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
  ]);
  const processor = spanProcessor ?? new BatchSpanProcessor(new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter());
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  tracing = true;
  return {
    shutdown: async () => {
      tracing = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
