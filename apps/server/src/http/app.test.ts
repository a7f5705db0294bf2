import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_testprefix_s3cretpart';

describe('HTTP surface', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    fake = await startNotesFake(['tok-a']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-a', 'key-a') }),
      credentials: memoryCredentials({ 'tenant-a': { notes: { apiToken: 'tok-a', baseUrl: fake.url } } }),
      settings: { MAX_BODY_BYTES: 2048 },
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('answers liveness and readiness without auth', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('rejects a missing key with 401, WWW-Authenticate and a JSON body', async () => {
    const response = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="enterprise-mcp", error="invalid_request"/);
    expect(await response.json()).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('API key is required') });
  });

  it('gives every rejected key the same answer, whatever its prefix', async () => {
    const bodies = await Promise.all(
      ['emcp_testprefix_wrong', 'emcp_otherprefix_x', 'nonsense'].map(async (key) => {
        const response = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'x-api-key': key });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
        return response.text();
      }),
    );
    expect(new Set(bodies).size).toBe(1);
  });

  it('answers GET and DELETE /mcp with 405 and Allow: POST (stateless server)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.mcpUrl, { method, headers: { authorization: `Bearer ${KEY}`, accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('turns bad JSON into a JSON-RPC parse error', async () => {
    const response = await postMcp(server.mcpUrl, '{"jsonrpc": "2.0", ', { authorization: `Bearer ${KEY}` });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('limits the body size', async () => {
    const big = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_create_note', arguments: { text: 'x'.repeat(5000) } } };
    const response = await postMcp(server.mcpUrl, big, { authorization: `Bearer ${KEY}` });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: -32600 } });
  });

  it('limits the body size of a chunked request too (no Content-Length to judge by)', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_create_note', arguments: { text: 'x'.repeat(5000) } } });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: -32600 } });
  });

  it('reads a chunked request within the limit', async () => {
    const list = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(list.slice(0, 10)));
        controller.enqueue(new TextEncoder().encode(list.slice(10)));
        controller.close();
      },
    });
    const response = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('notes_create_note');
  });

  it('refuses foreign Host and Origin headers on a local bind (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.mcpUrl, { method: 'POST', headers: { host: 'evil.example:80', authorization: `Bearer ${KEY}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
    const origin = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: `Bearer ${KEY}`, origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
  });

  it('answers with plain JSON, or with an SSE stream when the request asks for progress (auto mode)', async () => {
    const call = (meta?: object) => ({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {}, ...(meta ? { _meta: meta } : {}) } });
    const plain = await postMcp(server.mcpUrl, call(), { authorization: `Bearer ${KEY}` });
    expect(plain.headers.get('content-type')).toContain('application/json');
    expect(await plain.json()).toMatchObject({ id: 7, result: { structuredContent: { notes: [] } } });
    const streamed = await postMcp(server.mcpUrl, call({ progressToken: 'p1' }), { authorization: `Bearer ${KEY}` });
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    expect(await streamed.text()).toContain('"structuredContent"');
  });

  it('echoes or assigns a request id and sets security headers', async () => {
    const given = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-content-type-options')).toBe('nosniff');
    expect(generated.headers.get('x-frame-options')).toBe('DENY');
    expect(generated.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(generated.headers.get('access-control-allow-origin')).toBeNull();
    expect(server.log.text()).toContain('"requestId":"req-123"');
  });
});
