import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConflictError, CredentialsMissingError, RateLimitedError, UpstreamTimeoutError } from './errors.js';
import { executeTool } from './execute.js';
import { createHttpClient } from './http.js';
import { noopLogger, type Logger } from './logger.js';
import { runTool, startFakeServer } from './testing/index.js';
import { defineTool, toolDefinerFor, type ToolContext } from './tool.js';

const ctx = (overrides: Partial<ToolContext<null>> = {}): ToolContext<null> => ({
  client: null,
  tenantId: 't1',
  logger: noopLogger,
  signal: new AbortController().signal,
  progress: async () => {},
  requestId: 'req-1',
  ...overrides,
});

const echo = defineTool({
  name: 'demo_echo_value',
  title: 'Echo',
  description: 'Echoes a value back, for tests.',
  input: z.object({ value: z.string().min(1).describe('what to echo'), times: z.number().int().max(3).default(1) }),
  output: z.object({ echoed: z.array(z.string()) }),
  annotations: { readOnlyHint: true },
  handler: async (input, _ctx: ToolContext<null>) => ({ echoed: Array(input.times).fill(input.value) }),
});

describe('executeTool', () => {
  it('reports the request ids of the upstream responses the handler caused, on success and on failure', async () => {
    let served = 0;
    const fake = await startFakeServer({
      routes: [
        { method: 'GET', path: '/ok', handler: () => ({ headers: { 'x-demo-request-id': `demo-${++served}` }, body: {} }) },
        { method: 'GET', path: '/busy', handler: () => ({ status: 429, headers: { 'x-demo-request-id': 'demo-busy', 'retry-after': '7' }, body: {} }) },
      ],
    });
    try {
      const http = createHttpClient({ platform: 'Demo', baseUrl: fake.url, retries: 0, requestIdHeader: 'x-demo-request-id' });
      const calling = (paths: string[]) =>
        defineTool({
          name: 'demo_call_platform',
          title: 'Call',
          description: 'Calls the demo platform, for tests.',
          input: z.object({}),
          annotations: { readOnlyHint: true },
          handler: async (_input, call: ToolContext<null>) => {
            for (const path of paths) await http.get(path, { signal: call.signal });
            return 'done';
          },
        });
      expect((await executeTool(calling(['/ok', '/ok']), {}, ctx())).upstreamRequestIds).toEqual(['demo-1', 'demo-2']);
      const failed = await executeTool(calling(['/ok', '/busy']), {}, ctx());
      expect(failed).toMatchObject({ status: 'rate_limited', upstreamRequestIds: ['demo-3', 'demo-busy'] });
      expect((await executeTool(echo, { value: 'hi' }, ctx())).upstreamRequestIds).toEqual([]);
      // Two calls in flight with one signal (a host that shares one) still keep their own ids.
      const shared = ctx();
      const [a, b] = await Promise.all([executeTool(calling(['/ok', '/ok']), {}, shared), executeTool(calling(['/ok']), {}, shared)]);
      expect([...a.upstreamRequestIds!, ...b.upstreamRequestIds!].sort()).toEqual(['demo-4', 'demo-5', 'demo-6']);
      expect(a.upstreamRequestIds).toHaveLength(2);
      expect(b.upstreamRequestIds).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('returns structured content checked against the output schema, with a text rendering', async () => {
    const outcome = await executeTool(echo, { value: 'hi', times: 2 }, ctx());
    expect(outcome.status).toBe('ok');
    expect(outcome.result.isError).toBeUndefined();
    expect(outcome.result.structuredContent).toEqual({ echoed: ['hi', 'hi'] });
    expect(JSON.parse(outcome.result.content[0]!.text)).toEqual({ echoed: ['hi', 'hi'] });
    expect(outcome.resultSize).toBeGreaterThan(0);
  });

  it('rejects bad input naming every field at fault', async () => {
    const outcome = await executeTool(echo, { value: '', times: 9 }, ctx());
    expect(outcome.result.isError).toBe(true);
    expect(outcome.status).toBe('tool_error');
    expect(outcome.error?.code).toBe('validation_failed');
    expect(outcome.result.content[0]!.text).toMatch(/Invalid input for demo_echo_value.*value: .*times: /);
  });

  it('rejects arguments the tool does not declare, naming them and the arguments it takes', async () => {
    const outcome = await executeTool(echo, { value: 'hi', tims: 2, extra: true }, ctx());
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.code).toBe('validation_failed');
    expect(outcome.result.content[0]!.text).toBe(
      'Invalid input for demo_echo_value: fix the named fields and call again [tims: is not an argument of demo_echo_value; it takes: value, times; extra: is not an argument of demo_echo_value; it takes: value, times]',
    );
  });

  it('rejects undeclared keys inside nested objects too', async () => {
    const nested = defineTool({
      name: 'demo_set_options',
      title: 'Set options',
      description: 'Takes nested options, for tests.',
      input: z.object({ options: z.strictObject({ level: z.number().describe('level') }).describe('options') }),
      annotations: { readOnlyHint: false },
      handler: async () => 'ok',
    });
    const outcome = await executeTool(nested, { options: { level: 1, colour: 'red' } }, ctx());
    expect(outcome.result.content[0]!.text).toMatch(/\[options\.colour: is not an argument of demo_set_options\]/);
  });

  it('advertises additionalProperties: false, and leaves a schema that chose a catchall alone', () => {
    expect(z.toJSONSchema(echo.input, { io: 'input' })).toMatchObject({ additionalProperties: false });
    const loose = defineTool({
      name: 'demo_echo_loose',
      title: 'Echo loose',
      description: 'Accepts extra keys on purpose.',
      input: z.looseObject({ value: z.string().describe('what to echo') }),
      annotations: { readOnlyHint: true, idempotentHint: true },
      handler: async (input) => input.value,
    });
    expect(loose.input.safeParse({ value: 'a', more: 1 }).success).toBe(true);
  });

  it('turns typed errors into actionable tool errors with an audit status', async () => {
    const failing = (error: Error) => ({ ...echo, handler: async () => Promise.reject(error) });
    const conflict = await executeTool(
      failing(new ConflictError('DNS record already exists', { platform: 'Cloudflare', platformCode: 81057, hint: 'update it' })),
      { value: 'x' },
      ctx(),
    );
    expect(conflict.result).toEqual({
      content: [{ type: 'text', text: 'DNS record already exists (Cloudflare 81057): update it' }],
      isError: true,
    });
    expect((await executeTool(failing(new RateLimitedError('slow', 5)), { value: 'x' }, ctx())).status).toBe('rate_limited');
    expect((await executeTool(failing(new UpstreamTimeoutError('late')), { value: 'x' }, ctx())).status).toBe('timeout');
    const missing = await executeTool(failing(new CredentialsMissingError('Demo has no stored credentials for this tenant')), { value: 'x' }, ctx());
    expect(missing).toMatchObject({ status: 'no_credentials', error: { code: 'credentials_missing' } });
  });

  it('hides unexpected errors from the model but logs them', async () => {
    const logged: object[] = [];
    const logger: Logger = { ...noopLogger, error: (obj) => logged.push(obj) };
    const broken = { ...echo, handler: async () => Promise.reject(new Error('db password=hunter2 at line 3')) };
    const outcome = await executeTool(broken, { value: 'x' }, ctx({ logger }));
    expect(outcome.result.isError).toBe(true);
    expect(outcome.result.content[0]!.text).toBe(
      'demo_echo_value failed with an internal error (request req-1); the server log has details',
    );
    expect(outcome.result.content[0]!.text).not.toContain('hunter2');
    // The server log gets what the model does not: the error itself, the tool and the request.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ tool: 'demo_echo_value', requestId: 'req-1', err: expect.objectContaining({ message: 'db password=hunter2 at line 3' }) });
  });

  it('treats output that breaks its schema as an internal error', async () => {
    const wrong = { ...echo, handler: async () => ({ echoed: 'not-an-array' }) };
    const outcome = await executeTool(wrong as never, { value: 'x' }, ctx());
    expect(outcome.result.isError).toBe(true);
    expect(outcome.error?.code).toBe('internal_error');
  });

  it('reports a failure after the caller aborted as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = { ...echo, handler: async () => Promise.reject(new Error('socket hang up')) };
    const outcome = await executeTool(aborted, { value: 'x' }, ctx({ signal: controller.signal }));
    expect(outcome.status).toBe('cancelled');
  });
});

describe('defineTool', () => {
  it('enforces the <ecosystem>_<verb>_<noun> naming convention', () => {
    expect(() => defineTool({ ...echo, name: 'echoValue' })).toThrow(/snake_case/);
    expect(() => defineTool({ ...echo, name: 'demo_echo' })).toThrow(/<ecosystem>_<verb>_<noun>/);
  });

  it('refuses a tool that claims to be both read-only and destructive', () => {
    expect(() => defineTool({ ...echo, annotations: { readOnlyHint: true, destructiveHint: true } })).toThrow(/both/);
  });
});

describe('toolDefinerFor', () => {
  it('checks definitions like defineTool, with the client type fixed', () => {
    const defineNotesTool = toolDefinerFor<{ notes: string[] }>();
    const tool = defineNotesTool({ ...echo, handler: async (_input, ctx) => ({ echoed: ctx.client.notes }) });
    expect(tool.name).toBe('demo_echo_value');
    expect(() => defineNotesTool({ ...tool, name: 'bad' })).toThrow(/snake_case/);
  });
});

describe('runTool (testing)', () => {
  it('runs a tool through executeTool with a quiet default context', async () => {
    const seen: string[] = [];
    const spy = { ...echo, handler: async (input: { value: string }, c: ToolContext<null>) => (seen.push(c.tenantId), { echoed: [input.value] }) };
    const outcome = await runTool(spy, { value: 'ok' }, null);
    expect(outcome.result.structuredContent).toEqual({ echoed: ['ok'] });
    expect(seen).toEqual(['test']);
    expect((await runTool(spy, { value: 'x' }, null, { tenantId: 'acme' })).status).toBe('ok');
    expect(seen).toEqual(['test', 'acme']);
  });
});
