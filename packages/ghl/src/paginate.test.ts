import { describe, expect, it } from '@jest/globals';
import { paginate, take } from './paginate.js';

describe('paginate', () => {
  const numbers = (total: number) => {
    const calls: Array<{ cursor: number | undefined; size: number }> = [];
    const iterator = (limit?: number, pageSize = 10) =>
      paginate<number, number>(
        async (cursor = 0, size) => {
          calls.push({ cursor, size });
          const items = Array.from({ length: Math.max(0, Math.min(size, total - cursor)) }, (_, i) => cursor + i);
          return { items, next: cursor + size < total ? cursor + size : undefined };
        },
        { limit, pageSize },
      );
    return { calls, iterator };
  };

  it('follows cursors until the last page', async () => {
    const { calls, iterator } = numbers(25);
    expect(await take(iterator())).toHaveLength(25);
    expect(calls.map((c) => c.cursor)).toEqual([0, 10, 20]);
  });

  it('stops at the limit without fetching further pages, asking for no more than needed', async () => {
    const { calls, iterator } = numbers(1000);
    expect(await take(iterator(5))).toEqual([0, 1, 2, 3, 4]);
    expect(calls).toEqual([{ cursor: 0, size: 5 }]);
  });

  it('keeps one page size for every page, so page-number offsets stay right', async () => {
    const { calls, iterator } = numbers(1000);
    await take(iterator(25));
    expect(calls.map((c) => c.size)).toEqual([10, 10, 10]);
  });

  it('take stops early on its own limit', async () => {
    const { iterator } = numbers(50);
    expect(await take(iterator(), 3)).toEqual([0, 1, 2]);
    expect(await take(iterator(), 0)).toEqual([]);
  });

  it('reports each page read, capped at the limit, with the total when the platform gives one', async () => {
    const reads: Array<{ fetched: number; total?: number }> = [];
    const pages = paginate<number, number>(
      async (cursor = 0, size) => ({ items: Array.from({ length: size }, (_, i) => cursor + i), next: cursor + size, total: cursor < 10 ? 1000 : undefined }),
      { limit: 25, pageSize: 10, onPage: (read) => void reads.push(read) },
    );
    expect(await take(pages)).toHaveLength(25);
    expect(reads).toEqual([{ fetched: 10, total: 1000 }, { fetched: 20 }, { fetched: 25 }]);
  });
});
