/** A server with OAuth connections on a test database and Ledger's fake (vault/testing), and tool calls over raw JSON-RPC. */
import type { AnyEcosystem } from '@enterprise-mcp/core';
import type { PrismaClient } from '@enterprise-mcp/database';
import type { CredentialKeys } from '@enterprise-mcp/tenancy';
import { createTestVault, ledgerEcosystem, type LedgerFake } from '@enterprise-mcp/vault/testing';
import { PublicUrl } from '../../src/public-url.js';
import { keyVerifier, MemoryAudit, postMcp, startTestServer, type TestServerOptions } from './harness.js';

export async function startOAuthServer(options: {
  prisma: PrismaClient;
  fake: LedgerFake;
  keys: CredentialKeys;
  verifier: ReturnType<typeof keyVerifier>;
  settings?: TestServerOptions['settings'];
}) {
  const publicUrl = new PublicUrl(undefined, '127.0.0.1', 0);
  const vault = createTestVault({ prisma: options.prisma, fake: options.fake, keys: options.keys, publicUrl: () => publicUrl.get() });
  const audit = new MemoryAudit();
  const server = await startTestServer({
    audit,
    ecosystems: [ledgerEcosystem as AnyEcosystem],
    verifier: options.verifier,
    credentials: { configFor: async (_tenant, ecosystem) => (ecosystem === 'ledger' ? options.fake.config : undefined) },
    vault,
    publicUrl,
    settings: { API_CACHE_TTL_SECONDS: 0, ...options.settings },
  });
  return { ...server, audit, vault };
}

export interface ToolAnswer {
  text: string;
  isError: boolean;
}

/** One tools/call over POST /mcp; the answer's text and whether it is an error. */
export async function callTool(mcpUrl: string, apiKey: string, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const response = await postMcp(mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }, { authorization: `Bearer ${apiKey}` });
  if (response.status !== 200) throw new Error(`POST /mcp answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { result?: { content: Array<{ text: string }>; isError?: boolean }; error?: { message: string } };
  if (!body.result) throw new Error(`tools/call failed: ${body.error?.message}`);
  return { text: body.result.content.map((part) => part.text).join(''), isError: body.result.isError ?? false };
}
