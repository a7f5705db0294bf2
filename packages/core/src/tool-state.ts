import { randomUUID } from 'node:crypto';

/**
 * Values a tool keeps from one call to a later one (a validated change
 * awaiting the caller's confirmation). The host provides it in
 * `ToolContext.pending`, scoped to the tenant, ecosystem and connection of the
 * call, and may keep it in a database so that any replica can take it back;
 * values must be JSON.
 */
export interface ToolStateStore {
  /** Keeps `value` for `ttlSeconds`; the id is new and unguessable. */
  put<T>(value: T, ttlSeconds: number): Promise<{ id: string; expiresAt: Date }>;
  /**
   * The value of a live id, removed in the same step: of two takes of one id,
   * even on two replicas, one gets it. Undefined for an unknown, expired,
   * already taken or another scope's id.
   */
  take<T>(id: string): Promise<T | undefined>;
}

/** A ToolStateStore in process memory, bounded: for a package used alone, or one process's scope. */
export class MemoryToolState implements ToolStateStore {
  private readonly entries = new Map<string, { json: string; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  async put<T>(value: T, ttlSeconds: number): Promise<{ id: string; expiresAt: Date }> {
    this.sweep();
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const id = randomUUID();
    const expiresAt = this.now() + ttlSeconds * 1000;
    // Kept as JSON, as a database would: a later change to the caller's object does not reach the kept value.
    this.entries.set(id, { json: JSON.stringify(value), expiresAt });
    return { id, expiresAt: new Date(expiresAt) };
  }

  async take<T>(id: string): Promise<T | undefined> {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    return entry && entry.expiresAt > this.now() ? (JSON.parse(entry.json) as T) : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
