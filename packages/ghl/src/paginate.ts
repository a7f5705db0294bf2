/**
 * GoHighLevel paginates every list differently (page numbers in search bodies,
 * startAfter/startAfterId cursors in `meta`, lastMessageId, skip/limit). Each
 * endpoint supplies one `fetchPage`; callers only see an async iterator.
 */
export interface Page<T, TCursor> {
  items: T[];
  /** Where the next page starts; undefined when this was the last page. */
  next?: TCursor;
  /** How many items the platform says match in all, when it says. */
  total?: number;
}

/** After each page: how many items have been read so far and, when known, how many there are. */
export type PageListener = (read: { fetched: number; total?: number }) => void | Promise<void>;

export interface PaginateOptions {
  /** Stop after this many items in total. */
  limit?: number;
  /** Items per request; the endpoint's maximum bounds it. */
  pageSize: number;
  /** Called after every page, for progress reports on long reads. */
  onPage?: PageListener;
}

export async function* paginate<T, TCursor>(
  fetchPage: (cursor: TCursor | undefined, pageSize: number) => Promise<Page<T, TCursor>>,
  options: PaginateOptions,
): AsyncGenerator<T, void, undefined> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let cursor: TCursor | undefined;
  let yielded = 0;
  // Constant across pages: page-number pagination computes offsets from it.
  const pageSize = Math.max(1, Math.min(options.pageSize, limit));
  while (yielded < limit) {
    const page = await fetchPage(cursor, pageSize);
    await options.onPage?.({ fetched: Math.min(limit, yielded + page.items.length), ...(page.total === undefined ? {} : { total: page.total }) });
    for (const item of page.items) {
      if (yielded >= limit) return;
      yield item;
      yielded++;
    }
    if (page.next === undefined || page.items.length === 0) return;
    cursor = page.next;
  }
}

/** Collects up to `limit` items of an async iterable. */
export async function take<T>(items: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) return out;
  for await (const item of items) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

/** What every list call of the `<area>.api.ts` modules takes. */
export interface ListOptions {
  /** Stop after this many items. */
  limit?: number;
  signal?: AbortSignal;
  /** Called after every page (tools turn it into progress notifications). */
  onPage?: PageListener;
}
