import { randomUUID } from 'node:crypto';

/**
 * Listing changes validated but not yet sent, keyed by a preview id: the
 * write runs only when the caller comes back with that id, and only with
 * exactly the change Amazon validated. Kept in the client's memory for a short
 * while; an expired or unknown id means "preview again".
 */
export class PreviewStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps `value` and returns its new id. */
  put(value: T): { id: string; expiresAt: Date } {
    this.sweep();
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const id = randomUUID();
    const expiresAt = this.now() + this.ttlMs;
    this.entries.set(id, { value, expiresAt });
    return { id, expiresAt: new Date(expiresAt) };
  }

  /** The value of a live id. */
  get(id: string): T | undefined {
    this.sweep();
    return this.entries.get(id)?.value;
  }

  /** Forgets an id once its change was sent, so it cannot be sent twice. */
  delete(id: string): void {
    this.entries.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
