import { executeTool, noopLogger, type AnyTool } from '@enterprise-mcp/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GodaddyClient } from './client.js';
import { createGodaddyItem, listGodaddyItems } from './items.tools.js';
import { startGodaddyFake, type GodaddyFake } from './testing/index.js';

describe('GoDaddy item tools', () => {
  let fake: GodaddyFake;
  let client: GodaddyClient;
  const run = (tool: AnyTool<GodaddyClient>, args: unknown) =>
    executeTool(tool, args, {
      client,
      tenantId: 'test',
      logger: noopLogger,
      signal: new AbortController().signal,
      reportProgress: async () => {},
    });

  beforeAll(async () => {
    fake = await startGodaddyFake();
    client = new GodaddyClient({ apiKey: fake.apiKey, baseUrl: fake.url, retries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.seed({}));

  it('godaddy_list_items returns a page as structured content', async () => {
    const { result, status } = await run(listGodaddyItems, { limit: 1 });
    expect(status).toBe('ok');
    expect(result.structuredContent).toMatchObject({ items: [{ id: 'item_1' }], nextCursor: 'item_1' });
  });

  it('godaddy_list_items rejects an out-of-range limit before calling the platform', async () => {
    const before = fake.requests.length;
    const { result } = await run(listGodaddyItems, { limit: 500 });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('limit');
    expect(fake.requests.length).toBe(before);
  });

  it('godaddy_create_item creates the item', async () => {
    const { result } = await run(createGodaddyItem, { name: 'From a tool' });
    expect(result.isError).toBeUndefined();
    expect(fake.inspect().items.some((item) => item.name === 'From a tool')).toBe(true);
  });

  it('godaddy_create_item explains a platform failure to the model', async () => {
    fake.failNext({ status: 503, method: 'POST', body: { error: { code: 'maintenance', message: 'Down for maintenance' } } });
    const { result, status } = await run(createGodaddyItem, { name: 'Another' });
    expect(status).toBe('upstream_error');
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('Down for maintenance');
  });
});
