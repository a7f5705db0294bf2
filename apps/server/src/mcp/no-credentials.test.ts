import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAuditWriter, queryAudit, type AuditWriter } from '@enterprise-mcp/audit';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { notesEcosystem } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, postMcp, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_nocredsprfx_s3cretpart';

describe('a tenant without credentials for a platform', () => {
  let database: TestDatabase;
  let audit: AuditWriter;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    database = await openTestDatabase();
    audit = createAuditWriter(database.db.prisma, { flushIntervalMs: 10 });
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      audit,
      verifier: keyVerifier({ [KEY]: verified('tenant-no-creds', 'key-no-creds') }),
      credentials: memoryCredentials({}),
    });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await audit.close();
    await database.cleanup();
  });

  it('is told an operator must store them, and the call is audited as no_credentials, not upstream_error', async () => {
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'notes_list_notes', arguments: {} } };
    const response = await postMcp(server.mcpUrl, call, { authorization: `Bearer ${KEY}` });
    const answer = (await response.json()) as { result: { isError: boolean; content: Array<{ text: string }> } };
    expect(answer.result.isError).toBe(true);
    expect(answer.result.content[0]!.text).toBe(
      'Notes has no stored credentials for this tenant: an operator stores them with `enterprise-mcp credentials set --tenant <tenant> --ecosystem notes`',
    );
    await audit.flush();
    const rows = await queryAudit(database.db.prisma, { tenantId: 'tenant-no-creds', status: 'no_credentials' });
    expect(rows.map((row) => [row.toolName, row.status, row.errorCode])).toEqual([['notes_list_notes', 'no_credentials', 'credentials_missing']]);
  });
});
