import { existsSync, readdirSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { noopLogger, type AuditSink, type Logger, type RedactOptions, type ToolExecutionRecord } from '@enterprise-mcp/core';
import { DEFAULT_ROW_OPTIONS, toAuditRow, type AuditRow, type RowOptions } from './row.js';
import { insertChained } from './insert.js';
import { toAuditSql, type AuditSql, type AuditStore } from './sql.js';
import { readSpill, SpillFile } from './spill.js';

export interface AuditWriterOptions {
  /** Rows per INSERT (default 500). */
  batchSize?: number;
  /** A partial batch waits at most this long (default 200 ms). */
  flushIntervalMs?: number;
  /** Records held in memory while the database is slow or down (default 20,000); beyond it they spill. */
  maxBuffer?: number;
  /** Folder of the append-only spill file. Without it, the memory buffer is all there is. */
  spillDir?: string;
  /** Most bytes the spill files may hold (default 1 GiB); with `onFailure: 'refuse'`, beyond it `accepting()` turns false. */
  spillMaxBytes?: number;
  /**
   * When the buffer and the spill are both full (or the spill folder cannot be written):
   * `refuse` (default) makes `accepting()` false, so the server refuses new tool calls rather
   * than run them unaudited; `spill` keeps accepting and spills past `spillMaxBytes`, until
   * the disk itself refuses (then records are lost, counted and logged).
   */
  onFailure?: AuditFailurePolicy;
  logger?: Logger;
  /** Extra argument paths to redact, and the longest string kept (default 1,000 characters). */
  redact?: RedactOptions;
  /** Backoff of failed writes: doubles from `initialDelayMs` (default 100) up to `maxDelayMs` (default 5,000), with jitter. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  /**
   * How long `flush()`/`close()` keep retrying before moving what is left to the spill file
   * (default 10,000 ms; at most 1,000 ms when writes were already failing before the flush).
   */
  flushTimeoutMs?: number;
}

export type AuditFailurePolicy = 'refuse' | 'spill';

export const DEFAULT_SPILL_MAX_BYTES = 1024 ** 3;
/** How long flush() keeps trying when writes were already failing before it began. */
const OUTAGE_FLUSH_MS = 1_000;

export interface AuditStats {
  /** Rows the database accepted (a replayed row already present counts too). */
  written: number;
  /** Failed write attempts (each is retried). */
  failed: number;
  /** Records moved to the spill file. */
  spilled: number;
  /** Rows read back from spill files and written. */
  replayed: number;
  /** Records lost: the spill file could not be written, or the database was down at close with no spill folder. */
  dropped: number;
  /** Records the database refused as invalid data (logged, and kept in `audit-rejected.jsonl` with a spill folder). */
  rejected: number;
  /** Records in memory, waiting or being written. */
  buffered: number;
  /** Bytes in the spill files. */
  spillBytes: number;
  /** True while writes are failing and being retried. */
  retrying: boolean;
  /** False while new tool calls should be refused (see `onFailure`). */
  accepting: boolean;
}

export interface AuditWriter extends Required<AuditSink> {
  /** Flushes (see `flushTimeoutMs`) and stops the timer; call at shutdown. */
  close(): Promise<void>;
  stats(): AuditStats;
}


/**
 * The database audit sink: `record()` only queues; each batch is appended to its
 * tenants' hash chains in one transaction (rows already stored are skipped, so
 * retries are idempotent); failures are
 * retried with backoff; overflow goes to an append-only JSONL file that is
 * replayed once the database is back.
 */
export function createAuditWriter(store: AuditStore, options: AuditWriterOptions = {}): AuditWriter {
  return new BatchingAuditWriter(toAuditSql(store), options);
}

class BatchingAuditWriter implements AuditWriter {
  private readonly batchSize: number;
  private readonly maxBuffer: number;
  private readonly logger: Logger;
  private readonly rowOptions: RowOptions;
  private readonly spill: SpillFile | undefined;
  private readonly timer: NodeJS.Timeout;
  private queue: ToolExecutionRecord[] = [];
  private inflight: AuditRow[] | undefined;
  private running: Promise<void> | undefined;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private overflowing = false;
  private refusing = false;
  private spillWaiting: boolean;
  private stopped = false;
  private readonly counters = { written: 0, failed: 0, spilled: 0, replayed: 0, dropped: 0, rejected: 0 };
  private readonly spillMaxBytes: number;

  constructor(
    private readonly sql: AuditSql,
    private readonly options: AuditWriterOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBuffer = Math.max(options.maxBuffer ?? 20_000, this.batchSize);
    this.logger = options.logger ?? noopLogger;
    this.spillMaxBytes = options.spillMaxBytes ?? DEFAULT_SPILL_MAX_BYTES;
    this.rowOptions = { redact: { ...DEFAULT_ROW_OPTIONS.redact, ...options.redact } };
    this.spill = options.spillDir
      ? new SpillFile(options.spillDir, (error, rows) => {
          this.counters.dropped += rows;
          this.logger.error({ err: error.message, records: rows, dir: options.spillDir }, 'audit: could not append to the spill file; records lost');
        })
      : undefined;
    // A previous process may have left rows behind: replay them once the database answers.
    this.spillWaiting = !!options.spillDir && hasLeftovers(options.spillDir);
    this.timer = setInterval(() => this.kick(), options.flushIntervalMs ?? 200);
    this.timer.unref();
  }

  record(record: ToolExecutionRecord): void {
    if (this.memoryFull()) return this.overflow(record);
    this.queue.push(record);
    if (this.queue.length >= this.batchSize && !this.scheduled && !this.running && !this.retryTimer) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.kick();
      });
    }
  }

  async flush(): Promise<void> {
    const timeout = this.options.flushTimeoutMs ?? 10_000;
    // Writes already failing: one more try, then the spill file (safe on disk, replayed later), so a
    // shutdown in an outage ends quickly, well within a supervisor's grace period.
    const deadline = Date.now() + (this.attempt > 0 ? Math.min(timeout, OUTAGE_FLUSH_MS) : timeout);
    // Spilled rows are safe on disk: wait for their replay only while the database takes writes.
    while ((this.queue.length || this.inflight || (this.spillWaiting && this.attempt === 0)) && Date.now() < deadline) {
      if (this.retryTimer) await sleep(Math.min(20, deadline - Date.now()));
      else await this.kick();
    }
    await this.spillLeftovers();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.stopped = true;
  }

  accepting(): boolean {
    const full = this.options.onFailure !== 'spill' && this.memoryFull() && !this.spillHasRoom();
    if (full !== this.refusing) {
      this.refusing = full;
      if (full) this.logger.error({ maxBuffer: this.maxBuffer, spillBytes: this.spill?.bytes ?? 0, spillMaxBytes: this.spill ? this.spillMaxBytes : 0 }, 'audit: buffer and spill full; refusing new tool calls until the database catches up');
      else this.logger.info({}, 'audit: accepting tool calls again');
    }
    return !full;
  }

  stats(): AuditStats {
    return {
      ...this.counters,
      buffered: this.memoryUsed() + (this.spill?.queued ?? 0),
      spillBytes: this.spill?.bytes ?? 0,
      retrying: this.attempt > 0,
      accepting: this.options.onFailure === 'spill' || !this.memoryFull() || this.spillHasRoom(),
    };
  }

  private memoryUsed(): number {
    return this.queue.length + (this.inflight?.length ?? 0);
  }

  private memoryFull(): boolean {
    return this.memoryUsed() >= this.maxBuffer;
  }

  private spillHasRoom(): boolean {
    return !!this.spill && !this.spill.broken && this.spill.bytes < this.spillMaxBytes;
  }

  private kick(): Promise<void> {
    if (this.retryTimer || this.stopped) return Promise.resolve();
    this.running ??= this.pump()
      .catch((error: Error) => {
        // Only the spill folder can fail here (database errors are handled in write): keep going without replay.
        this.spillWaiting = false;
        this.logger.error({ err: error.message }, 'audit: spill folder unusable; replay skipped');
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (!this.inflight) {
        if (this.queue.length === 0) break;
        this.inflight = this.queue.splice(0, this.batchSize).map((r) => toAuditRow(r, this.rowOptions));
      }
      if (!(await this.write(this.inflight))) return;
      this.inflight = undefined;
    }
    if (this.spillWaiting && this.queue.length < this.batchSize) await this.replay();
  }

  private async write(rows: AuditRow[]): Promise<boolean> {
    try {
      const rejected = await this.insertOrIsolate(rows);
      this.counters.written += rows.length - rejected;
      if (this.attempt > 0) this.logger.info({ attempts: this.attempt }, 'audit: database writes recovered');
      this.attempt = 0;
      return true;
    } catch (error) {
      this.counters.failed++;
      this.attempt++;
      const log = this.attempt === 1 ? this.logger.warn : this.logger.debug;
      log.call(this.logger, { err: (error as Error).message, attempt: this.attempt, buffered: this.stats().buffered }, 'audit: write failed, retrying');
      this.scheduleRetry();
      return false;
    }
  }

  /**
   * Writes a batch; when the database refuses its data (not its availability),
   * halves it until the offending rows are alone, and sets those aside, so one
   * bad record never blocks the trail. Returns how many rows were set aside.
   */
  private async insertOrIsolate(rows: AuditRow[]): Promise<number> {
    try {
      await this.sql.transaction((query) => insertChained(query, rows));
      return 0;
    } catch (error) {
      if (!isDataError(error)) throw error;
      if (rows.length === 1) return this.reject(rows[0]!, error);
      const middle = rows.length >> 1;
      return (await this.insertOrIsolate(rows.slice(0, middle))) + (await this.insertOrIsolate(rows.slice(middle)));
    }
  }

  private reject(row: AuditRow, error: unknown): number {
    this.counters.rejected++;
    this.logger.error(
      { id: row.id, tenantId: row.tenantId, toolName: row.toolName, err: (error as Error).message },
      'audit: the database refused a record as invalid; set aside',
    );
    if (this.spill) void appendFile(join(this.spill.dir, 'audit-rejected.jsonl'), `${JSON.stringify(row)}\n`, { mode: 0o600 }).catch(() => {});
    return 1;
  }

  private scheduleRetry(): void {
    const initial = this.options.retry?.initialDelayMs ?? 100;
    const max = this.options.retry?.maxDelayMs ?? 5_000;
    const delay = Math.min(max, initial * 2 ** (this.attempt - 1)) * (0.5 + Math.random() / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  private overflow(record: ToolExecutionRecord): void {
    const policy = this.options.onFailure ?? 'refuse';
    if (!this.spill || (policy === 'refuse' && !this.spillHasRoom())) {
      // Calls already running when refusals began still bring their records: held in memory, up to a hard stop.
      if (this.memoryUsed() < 2 * this.maxBuffer) return void this.queue.push(record);
      this.counters.dropped++;
      if (!this.overflowing) this.logger.error({ maxBuffer: this.maxBuffer }, 'audit: buffer full twice over with nowhere to spill; dropping records');
      this.overflowing = true;
      return;
    }
    if (!this.overflowing) this.logger.warn({ maxBuffer: this.maxBuffer, file: this.spill.path }, 'audit: buffer full; spilling records to file until the database catches up');
    this.overflowing = true;
    this.spill.append([toAuditRow(record, this.rowOptions)]);
    this.counters.spilled++;
    this.spillWaiting = true;
  }

  private async replay(): Promise<void> {
    if (!this.spill) return;
    this.overflowing = false;
    for (const file of await this.spill.claimForReplay()) {
      const badLine = (line: number) => this.logger.warn({ file, line }, 'audit: unreadable line in spill file skipped');
      for await (const rows of readSpill(file, this.batchSize, badLine)) {
        if (!(await this.write(rows))) return;
        this.counters.replayed += rows.length;
      }
      await this.spill.remove(file);
      this.logger.info({ file }, 'audit: spill file replayed');
    }
    this.spillWaiting = this.spill.queued > 0 || (await this.spill.hasWaiting());
  }

  /** After a flush that ran out of time: what is still in memory goes to the spill file, or is reported lost. */
  private async spillLeftovers(): Promise<void> {
    // Nothing may start writing (or claim the spill file) while leftovers move to it.
    const wasStopped = this.stopped;
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.running;
    const rows = [...(this.inflight ?? []), ...this.queue.map((r) => toAuditRow(r, this.rowOptions))];
    this.inflight = undefined;
    this.queue = [];
    if (rows.length && this.spill) {
      this.spill.append(rows);
      this.counters.spilled += rows.length;
      this.spillWaiting = true;
      this.logger.warn({ records: rows.length, file: this.spill.path }, 'audit: database unavailable at flush; records kept in the spill file');
    } else if (rows.length) {
      this.counters.dropped += rows.length;
      this.logger.error({ records: rows.length }, 'audit: database unavailable at flush and no spill folder; records lost');
    }
    await this.spill?.settled();
    this.stopped = wasStopped;
  }
}

function hasLeftovers(dir: string): boolean {
  try {
    return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('audit-spill.'));
  } catch {
    return false;
  }
}

/**
 * PostgreSQL data exceptions (22…) and integrity violations (23…): retrying the same rows cannot help.
 * Prisma wraps the SQLSTATE; the drivers (pg, PGlite) give it as `code`.
 */
function isDataError(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta?.driverAdapterError?.cause;
  const code = typeof cause?.originalCode === 'string' ? cause.originalCode : (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
