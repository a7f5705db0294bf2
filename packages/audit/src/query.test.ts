import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { execution } from '../test/support.js';
import { createAuditWriter, queryAudit } from './index.js';

// The query from the original plan; it must run exactly as written.
const LAST_24H = `SELECT tool_name, status, duration_ms, timestamp FROM tool_executions WHERE timestamp > NOW() - INTERVAL '24 hours' ORDER BY timestamp DESC;`;

let t: TestDatabase;
const now = Date.now();
beforeAll(async () => {
  t = await openTestDatabase();
  const w = createAuditWriter(t.db.prisma);
  w.record(execution({ id: 'lookalike', timestamp: new Date(now - 27 * 3600_000), toolName: 'cloudflareXlist_zones' }));
  w.record(execution({ id: 'old', timestamp: new Date(now - 26 * 3600_000), toolName: 'cloudflare_list_zones' }));
  w.record(execution({ id: 'a', timestamp: new Date(now - 3_000), tenantId: 'acme', toolName: 'cloudflare_list_zones', durationMs: 10, cached: true }));
  w.record(execution({ id: 'b', timestamp: new Date(now - 2_000), tenantId: 'acme', toolName: 'cloudflare_purge_cache', status: 'denied', durationMs: 1 }));
  w.record(execution({ id: 'c', timestamp: new Date(now - 1_000), tenantId: 'globex', ecosystem: 'ghl', toolName: 'ghl_get_contact', status: 'upstream_error', durationMs: 300 }));
  await w.close();
});
afterAll(() => t.cleanup());

describe('the audit trail', () => {
  it("answers the plan's verbatim last-24-hours query (on PostgreSQL when TEST_DATABASE_URL is set)", async () => {
    const rows = await t.db.withSession((s) => s.query(LAST_24H));
    expect(rows.map((r) => [r['tool_name'], r['status'], r['duration_ms']])).toEqual([
      ['ghl_get_contact', 'upstream_error', 300],
      ['cloudflare_purge_cache', 'denied', 1],
      ['cloudflare_list_zones', 'ok', 10],
    ]);
  });

  it('filters by time, tenant, tool (exact or prefix*) status and cached, newest first', async () => {
    const since = new Date(now - 24 * 3600_000);
    const ids = async (q: Parameters<typeof queryAudit>[1]) => (await queryAudit(t.db.prisma, q)).map((r) => r.id);
    expect(await ids({ since })).toEqual(['c', 'b', 'a']);
    expect(await ids({})).toEqual(['c', 'b', 'a', 'old', 'lookalike']);
    expect(await ids({ since, tenantId: 'acme' })).toEqual(['b', 'a']);
    expect(await ids({ toolName: 'cloudflare_*' })).toEqual(['b', 'a', 'old']);
    expect(await ids({ toolName: 'ghl_get_contact' })).toEqual(['c']);
    expect(await ids({ status: 'denied' })).toEqual(['b']);
    expect(await ids({ limit: 1 })).toEqual(['c']);
    expect(await ids({ since, cached: true })).toEqual(['a']);
    expect(await ids({ since, cached: false })).toEqual(['c', 'b']);
  });
});
