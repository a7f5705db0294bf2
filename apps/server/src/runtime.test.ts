import { describe, expect, it } from '@jest/globals';
import type { ToolExecutionRecord } from '@enterprise-mcp/core';
import { notesEcosystem, startNotesFake } from '../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../test/support/harness.js';

const KEY = 'emcp_shutdown_key';

describe.each([true, false])('graceful shutdown (JSON responses: %s)', (jsonResponse) => {
  it('stops accepting, lets in-flight calls finish, then flushes the audit sink', async () => {
    const fake = await startNotesFake(['tok']);
    fake.setLatency(400);
    const events: string[] = [];
    const records: ToolExecutionRecord[] = [];
    const server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('t', 'k') }),
      credentials: memoryCredentials({ t: { notes: { apiToken: 'tok', baseUrl: fake.url } } }),
      settings: { MCP_RESPONSE_MODE: jsonResponse ? 'json' : 'sse', SHUTDOWN_TIMEOUT_MS: 5000 },
      audit: {
        record: (record) => {
          events.push('record');
          records.push(record);
        },
        flush: async () => void events.push('flush'),
      },
    });
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {} } };
    const inFlight = postMcp(server.mcpUrl, call, { authorization: `Bearer ${KEY}` });
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const closing = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = jsonResponse ? text : text.split('\n').find((line) => line.startsWith('data: '))!.slice(6);
    expect(JSON.parse(body)).toMatchObject({ id: 1, result: { structuredContent: { notes: [] } } });
    await closing;
    expect(events).toEqual(['record', 'flush']);
    expect(records[0]?.status).toBe('ok');
    await expect(postMcp(server.mcpUrl, call, { authorization: `Bearer ${KEY}` })).rejects.toThrow();
    await fake.close();
  });
});
