/**
 * Permission levels per key: an ecosystem's levels decide which of its tools a
 * key sees and calls (Google's read, draft, send…), and reach the tool as
 * `ctx.permissions` to gate data (Amazon's buyers' personal data).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { amazonEcosystem } from '@enterprise-mcp/amazon';
import { startFake as startAmazonFake } from '@enterprise-mcp/amazon/testing';
import type { AnyEcosystem } from '@enterprise-mcp/core';
import { googleEcosystem, googleToolsForLevels } from '@enterprise-mcp/google';
import { startFake as startGoogleFake } from '@enterprise-mcp/google/testing';
import { callTool } from '../../test/support/connections.js';
import { keyVerifier, postMcp, startTestServer, verified } from '../../test/support/harness.js';

const KEYS = {
  everything: 'emcp_levels_default',
  reader: 'emcp_levels_google_read',
  personal: 'emcp_levels_amazon_personal',
};

let google: Awaited<ReturnType<typeof startGoogleFake>>;
let amazon: Awaited<ReturnType<typeof startAmazonFake>>;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  [google, amazon] = await Promise.all([startGoogleFake(), startAmazonFake()]);
  const configs: Record<string, Record<string, unknown>> = {
    google: { mode: 'serviceAccount', ...google.configs.serviceAccount },
    amazon: { mode: 'refreshToken', ...amazon.configs.refreshToken, allowPersonalData: true },
  };
  server = await startTestServer({
    ecosystems: [googleEcosystem, amazonEcosystem] as AnyEcosystem[],
    verifier: keyVerifier({
      [KEYS.everything]: verified('acme', 'key-default'),
      [KEYS.reader]: verified('acme', 'key-reader', { permissions: { google: ['read'] } }),
      [KEYS.personal]: verified('acme', 'key-personal', { permissions: { amazon: ['personal_data'] } }),
    }),
    credentials: { configFor: async (_tenant, ecosystem) => configs[ecosystem] },
    // The cache must not hand one key's answer to another: it is on, as in production.
    settings: { API_CACHE_TTL_SECONDS: 30 },
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await Promise.all([google?.close(), amazon?.close()]);
});

async function listedTools(key: string): Promise<string[]> {
  const response = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: `Bearer ${key}` });
  const body = (await response.json()) as { result: { tools: Array<{ name: string }> } };
  return body.result.tools.map((tool) => tool.name);
}

describe('permission levels per key', () => {
  it("shows a key granted google:read only Google's read tools, and refuses the others when called", async () => {
    const google = (await listedTools(KEYS.reader)).filter((name) => name.startsWith('google_'));
    expect(google.sort()).toEqual(googleToolsForLevels(['read']).sort());
    const refused = await callTool(server.mcpUrl, KEYS.reader, 'google_send_message', { to: ['a@example.com'], subject: 's', body: 'b' });
    expect(refused).toEqual({ isError: true, text: expect.stringContaining('is not available with this API key') });
  });

  it("gives a key that names no Google level every level's tools", async () => {
    expect(await listedTools(KEYS.everything)).toEqual(expect.arrayContaining(['google_send_message', 'google_share_file', 'google_search_messages']));
  });

  it("releases Amazon buyers' data only to the key granted amazon:personal_data, and never from the other key's cache", async () => {
    const args = { createdAfter: new Date(Date.now() - 7 * 86_400_000).toISOString(), includedData: ['BUYER'], limit: 1 };
    const granted = await callTool(server.mcpUrl, KEYS.personal, 'amazon_search_orders', args);
    expect(granted).toEqual({ isError: false, text: expect.stringContaining('buyerName') });
    const other = await callTool(server.mcpUrl, KEYS.everything, 'amazon_search_orders', args);
    expect(other).toEqual({ isError: true, text: expect.stringContaining('amazon:personal_data') });
  });
});
