import { AuthenticationError, ConflictError, RateLimitedError, ValidationError } from '@enterprise-mcp/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GodaddyClient } from './client.js';
import { startGodaddyFake, type GodaddyFake } from './testing/index.js';

describe('GodaddyClient against the fake', () => {
  let fake: GodaddyFake;
  let client: GodaddyClient;

  beforeAll(async () => {
    fake = await startGodaddyFake();
    client = new GodaddyClient({ apiKey: fake.apiKey, baseUrl: fake.url, retries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.seed({}));

  it('sends the credential and pages through items with the cursor', async () => {
    const first = await client.listItems({ limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(['item_1', 'item_2']);
    expect(first.nextCursor).toBe('item_2');
    const second = await client.listItems({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((item) => item.id)).toEqual(['item_3']);
    expect(second.nextCursor).toBeNull();
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('creates an item the fake then holds', async () => {
    const item = await client.createItem({ name: 'New item', description: 'made in a test' });
    expect(item).toMatchObject({ name: 'New item', description: 'made in a test' });
    expect(fake.inspect().items.map((i) => i.id)).toContain(item.id);
  });

  it('maps a bad credential to AuthenticationError', async () => {
    const wrong = new GodaddyClient({ apiKey: 'wrong', baseUrl: fake.url, retries: 0 });
    await expect(wrong.listItems()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('maps field errors to ValidationError with the fields named', async () => {
    const error = await client.createItem({ name: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('maps a duplicate to ConflictError with the platform code', async () => {
    const error = await client.createItem({ name: 'First item' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).platformCode).toBe('duplicate_name');
  });

  it('maps 429 to RateLimitedError with the Retry-After delay', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'rate_limited', message: 'Slow down' } } });
    const error = await client.listItems().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(1);
  });
});
