import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { ghlEcosystem } from '@enterprise-mcp/ghl';
import { startFake, type GhlFake } from '@enterprise-mcp/ghl/testing';
import { connectClient, connectClientV2, keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_progress_key';
const CONTACTS = 230;

/** A sub-account with enough contacts that a search reads three pages of 100. */
function manyContacts(locationId: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `Bulk${String(i).padStart(16, '0')}`,
    locationId,
    firstName: `Person${i}`,
    email: `person${i}@example.com`,
    tags: [],
    dateAdded: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  }));
}

const searchCall = (id: number, meta?: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'ghl_search_contacts', arguments: { limit: 500 }, ...(meta ? { _meta: meta } : {}) },
});

describe('ctx.progress reaches the client as notifications/progress', () => {
  let fake: GhlFake;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const auth = { authorization: `Bearer ${KEY}` };

  beforeAll(async () => {
    fake = await startFake();
    fake.reset({ contacts: manyContacts(fake.locationId, CONTACTS), locations: fake.state.locations });
    server = await startTestServer({
      ecosystems: [ghlEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-a', 'key-a') }),
      credentials: memoryCredentials({ 'tenant-a': { ghl: { mode: 'privateIntegration', ...fake.configs.privateIntegration } } }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('streams one notification per page, in order, before the result, when the call carries a progress token', async () => {
    const client = await connectClient(server.mcpUrl, auth);
    const updates: Progress[] = [];
    const result = await client.callTool({ name: 'ghl_search_contacts', arguments: { limit: 500 } }, undefined, {
      onprogress: (update) => void updates.push(update),
    });
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ count: CONTACTS, limitReached: false });
    expect(updates).toEqual([
      { progress: 100, total: CONTACTS, message: '100 contacts read' },
      { progress: 200, total: CONTACTS, message: '200 contacts read' },
      { progress: 230, total: CONTACTS, message: '230 contacts read' },
    ]);
    const progress = updates.map((update) => update.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(updates.at(-1)).toMatchObject({ progress: CONTACTS, total: CONTACTS });
  });

  it('streams the same notifications to a 2026-07-28 client (SDK v2, server/discover)', async () => {
    const client = await connectClientV2(server.mcpUrl, auth, 'modern');
    const updates: Array<{ progress: number }> = [];
    const result = await client.callTool({ name: 'ghl_search_contacts', arguments: { limit: 500 } }, { onprogress: (update) => void updates.push(update) });
    await client.close();
    expect(result.structuredContent).toMatchObject({ count: CONTACTS });
    expect(updates.map((update) => update.progress)).toEqual([100, 200, 230]);
  });

  it('answers a request with a progress token as an event stream: the notifications, then the result', async () => {
    const response = await postMcp(server.mcpUrl, searchCall(7, { progressToken: 'page-token' }), auth);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const messages = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice('data: '.length)) as { method?: string; id?: number; params?: Progress & { progressToken: unknown } });
    expect(messages.map((message) => message.method ?? `result ${message.id}`)).toEqual([
      'notifications/progress',
      'notifications/progress',
      'notifications/progress',
      'result 7',
    ]);
    expect(messages.slice(0, 3).map((message) => [message.params!.progressToken, message.params!.progress])).toEqual([
      ['page-token', 100],
      ['page-token', 200],
      ['page-token', 230],
    ]);
  });

  it('answers the same call without a progress token with plain JSON and no notifications', async () => {
    const response = await postMcp(server.mcpUrl, searchCall(8), auth);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { id: number; result: { structuredContent: { count: number } } };
    expect(body).toMatchObject({ jsonrpc: '2.0', id: 8, result: { structuredContent: { count: CONTACTS } } });
    expect(JSON.stringify(body)).not.toContain('notifications/progress');
  });

  it('sends nothing extra to an SDK client that asks for no progress', async () => {
    const client = await connectClient(server.mcpUrl, auth);
    const errors: Error[] = [];
    client.onerror = (error) => void errors.push(error);
    const result = await client.callTool({ name: 'ghl_search_contacts', arguments: { limit: 500 } });
    await client.close();
    expect(result.structuredContent).toMatchObject({ count: CONTACTS });
    // A progress notification for a token the client never sent would surface here as an error.
    expect(errors).toEqual([]);
  });
});
