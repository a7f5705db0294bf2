import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool } from '@enterprise-mcp/core';
import { captureLogger, connectClient } from '../../test/support/harness.js';
import { ecosystems } from '../ecosystems.js';
import { startDemo, type RunningDemo } from './demo.js';

/** Read tools a model can call with no arguments at all: what a demo visitor tries first. */
function callableWithNoArguments(tool: Tool): boolean {
  return tool.annotations?.readOnlyHint === true && (tool.inputSchema.required ?? []).length === 0;
}

describe('demo mode serves every tool', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emcp-demo-tools-'));
  let demo: RunningDemo;
  let client: Client;
  let listed: Tool[];

  beforeAll(async () => {
    demo = await startDemo({ env: { PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'json' }, logger: captureLogger().logger, launcher: 'enterprise-mcp' });
    client = await connectClient(demo.server.mcpUrl, { authorization: `Bearer ${demo.apiKey}` });
    listed = (await client.listTools()).tools;
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every tool of every ecosystem', () => {
    const expected = ecosystems.flatMap((ecosystem) => (ecosystem.tools as AnyTool[]).map((tool) => tool.name)).sort();
    expect(listed.map((tool) => tool.name).sort()).toEqual(expected);
  });

  it('answers every read tool that needs no argument, called with {}', async () => {
    const called = listed.filter(callableWithNoArguments);
    // Each ecosystem has some.
    for (const ecosystem of ecosystems) expect(called.some((tool) => tool.name.startsWith(`${ecosystem.id}_`))).toBe(true);
    const failures: string[] = [];
    for (const tool of called) {
      const result = await client.callTool({ name: tool.name, arguments: {} });
      // The SDK client has already checked structuredContent against the tool's output schema.
      if (result.isError) failures.push(`${tool.name}: ${JSON.stringify(result.content)}`);
      else if (tool.outputSchema && !result.structuredContent) failures.push(`${tool.name}: no structured content`);
    }
    expect(failures).toEqual([]);
    // The tools this covers today; a new argument-free read tool joins the calls above and must be added here.
    expect(called.map((tool) => tool.name).sort()).toEqual([
      'amazon_get_seller_account',
      'amazon_list_inventory',
      'amazon_list_marketplace_participations',
      'amazon_list_report_types',
      'amazon_search_listings',
      'amazon_search_orders',
      'cloudflare_list_zones',
      'cloudflare_verify_token',
      'ghl_get_location',
      'ghl_list_calendars',
      'ghl_list_custom_fields',
      'ghl_list_lost_reasons',
      'ghl_list_pipelines',
      'ghl_list_users',
      'ghl_search_contacts',
      'ghl_search_conversations',
      'ghl_search_opportunities',
      'godaddy_list_domains',
      'google_list_calendars',
      'google_list_events',
      'google_list_labels',
      'google_search_files',
      'google_search_messages',
      'google_search_threads',
      'quickbooks_get_company_info',
      'quickbooks_list_bills',
      'quickbooks_list_estimates',
      'quickbooks_list_invoices',
      'quickbooks_list_payments',
      'quickbooks_list_sales_receipts',
      'quickbooks_search_accounts',
      'quickbooks_search_customers',
      'quickbooks_search_items',
      'quickbooks_search_vendors',
    ]);
  }, 60_000);
});
