import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem, startNotesFake, type NotesFake } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_hardening_key';
const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** A request with any Host header (fetch always sends the URL's own). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('HTTP hardening as SECURITY.md lists it', () => {
  let fake: NotesFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    fake = await startNotesFake(['tok-h']);
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-h', 'key-h') }),
      credentials: memoryCredentials({ 'tenant-h': { notes: { apiToken: 'tok-h', baseUrl: fake.url } } }),
      settings: {
        ALLOWED_HOSTS: ['mcp.example.com', '127.0.0.1'],
        ALLOWED_ORIGINS: ['https://app.example.com'],
        CORS_ORIGINS: ['https://app.example.com'],
        MAX_BODY_BYTES: 2048,
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  const auth = { authorization: `Bearer ${KEY}` };

  it('accepts a Host that ALLOWED_HOSTS lists, with or without a port, and refuses one it does not', async () => {
    for (const host of ['mcp.example.com', 'mcp.example.com:443', 'MCP.example.com']) {
      const answer = await send(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...auth, host }, body: LIST });
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
      expect(JSON.parse(answer.body)).toMatchObject({ result: { tools: expect.any(Array) } });
    }
    const refused = await send(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...auth, host: 'other.example.com' }, body: LIST });
    expect(refused.status).toBe(403);
  });

  it('accepts an Origin that ALLOWED_ORIGINS lists and refuses one it does not', async () => {
    const listed = await send(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...auth, origin: 'https://app.example.com' }, body: LIST });
    expect(listed.status).toBe(200);
    const other = await send(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...auth, origin: 'https://evil.example.com' }, body: LIST });
    expect(other.status).toBe(403);
  });

  it('sends CORS headers to an origin CORS_ORIGINS lists (preflight and request), none to another', async () => {
    const preflight = await send(server.mcpUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    const call = await send(server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...auth, origin: 'https://app.example.com' }, body: LIST });
    expect(call.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(call.headers['access-control-expose-headers']).toLowerCase()).toContain('x-request-id');
    const otherPreflight = await send(server.mcpUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(otherPreflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('puts the security headers on every response, whatever the route and status', async () => {
    const post = (headers: Record<string, string>, body: string) => ({ method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body });
    const call = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {}, _meta: { progressToken: 'p' } } });
    const cases: Array<[string, string, Parameters<typeof send>[1], number]> = [
      ['liveness', `${server.url}/healthz`, {}, 200],
      ['readiness', `${server.url}/readyz`, {}, 200],
      ['MCP JSON answer', server.mcpUrl, post(auth, LIST), 200],
      ['MCP SSE answer', server.mcpUrl, post(auth, call), 200],
      ['missing key', server.mcpUrl, post({}, LIST), 401],
      ['rejected key', server.mcpUrl, post({ authorization: 'Bearer emcp_nope_nope' }, LIST), 401],
      ['bad JSON', server.mcpUrl, post(auth, '{"jsonrpc":'), 400],
      ['body too large', server.mcpUrl, post(auth, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { pad: 'x'.repeat(4096) } })), 413],
      ['refused Host', server.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, host: 'other.example.com' }, body: LIST }, 403],
      ['GET /mcp', server.mcpUrl, { headers: auth }, 405],
      ['unknown path', `${server.url}/nothing-here`, {}, 404],
      ['CORS preflight', server.mcpUrl, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } }, 204],
    ];
    for (const [what, url, options, status] of cases) {
      const answer = await send(url, options);
      expect({ what, status: answer.status }).toEqual({ what, status });
      expect({
        what,
        'x-content-type-options': answer.headers['x-content-type-options'],
        'x-frame-options': answer.headers['x-frame-options'],
        'referrer-policy': answer.headers['referrer-policy'],
        'strict-transport-security': answer.headers['strict-transport-security'],
        'cross-origin-resource-policy': answer.headers['cross-origin-resource-policy'],
        'content-security-policy': answer.headers['content-security-policy'],
        'x-request-id': typeof answer.headers['x-request-id'],
      }).toEqual({
        what,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=15552000; includeSubDomains',
        'cross-origin-resource-policy': 'same-origin',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'x-request-id': 'string',
      });
    }
  });
});
