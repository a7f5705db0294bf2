import { describe, expect, it } from '@jest/globals';
import { MemoryToolState } from './tool-state.js';

describe('MemoryToolState', () => {
  it('gives a value back once, as it was when put', async () => {
    const store = new MemoryToolState();
    const value = { sku: 'A-1', patches: [{ op: 'replace' }] };
    const { id, expiresAt } = await store.put(value, 60);
    value.sku = 'changed later';
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await store.take(id)).toEqual({ sku: 'A-1', patches: [{ op: 'replace' }] });
    expect(await store.take(id)).toBeUndefined();
    expect(await store.take('not-an-id')).toBeUndefined();
  });

  it('forgets a value after its lifetime, and the oldest when full', async () => {
    let now = 1_000_000;
    const store = new MemoryToolState(2, () => now);
    const expiring = await store.put('soon', 10);
    now += 10_000;
    expect(await store.take(expiring.id)).toBeUndefined();
    const first = await store.put(1, 60);
    const second = await store.put(2, 60);
    const third = await store.put(3, 60);
    expect(await store.take(first.id)).toBeUndefined();
    expect([await store.take(second.id), await store.take(third.id)]).toEqual([2, 3]);
  });
});
