import { appendFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { rowFromJson, type AuditRow } from './row.js';

const ACTIVE = 'audit-spill.jsonl';
const REPLAY_PATTERN = /^audit-spill\.\d+\.replaying\.jsonl$/;

/**
 * An append-only JSONL file of rows the database could not take in time.
 * Appends are serialised; replay first renames the file, so new spills go to
 * a fresh one while the old one is read back.
 */
export class SpillFile {
  private pending: Array<{ text: string; rows: number }> = [];
  private appending = 0;
  private writing: Promise<void> | undefined;
  private size: number;
  /** Set when an append failed (disk full, folder not writable); cleared by the next one that works. */
  broken = false;
  readonly path: string;

  constructor(
    readonly dir: string,
    /** Rows that could not be appended (disk full, folder not writable): the writer logs and counts them. */
    private readonly onLost: (error: Error, rows: number) => void,
  ) {
    this.path = join(dir, ACTIVE);
    this.size = existingBytes(dir);
  }

  /** Bytes in spill files, on disk or being appended, leftovers of earlier processes included. */
  get bytes(): number {
    return this.size;
  }

  append(rows: AuditRow[]): void {
    const text = rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    this.pending.push({ text, rows: rows.length });
    this.size += Buffer.byteLength(text);
    this.writing ??= this.drain();
  }

  /** Resolves when everything appended so far is on disk. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Rows handed to `append` and not yet on disk. */
  get queued(): number {
    return this.pending.reduce((sum, chunk) => sum + chunk.rows, 0) + this.appending;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const chunks = this.pending;
      this.pending = [];
      const text = chunks.map((chunk) => chunk.text).join('');
      this.appending = chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
      try {
        await mkdir(this.dir, { recursive: true });
        await appendFile(this.path, text, { mode: 0o600 });
        this.broken = false;
      } catch (error) {
        this.broken = true;
        this.size -= Buffer.byteLength(text);
        this.onLost(error as Error, this.appending);
      } finally {
        this.appending = 0;
      }
    }
    this.writing = undefined;
  }

  /** Files waiting to be replayed: earlier replays that did not finish, then the active file (renamed). */
  async claimForReplay(): Promise<string[]> {
    await this.settled();
    if (!existsSync(this.dir)) return [];
    if (existsSync(this.path)) {
      await rename(this.path, join(this.dir, `audit-spill.${Date.now()}.replaying.jsonl`));
    }
    const files = (await readdir(this.dir)).filter((name) => REPLAY_PATTERN.test(name)).sort();
    return files.map((name) => join(this.dir, name));
  }

  /** Deletes a file that has been replayed. */
  async remove(path: string): Promise<void> {
    const size = existsSync(path) ? statSync(path).size : 0;
    await rm(path, { force: true });
    this.size = Math.max(0, this.size - size);
  }

  async hasWaiting(): Promise<boolean> {
    if (this.pending.length > 0 || existsSync(this.path)) return true;
    if (!existsSync(this.dir)) return false;
    return (await readdir(this.dir)).some((name) => REPLAY_PATTERN.test(name));
  }
}

/** Reads a spill file in batches; a torn last line (crash mid-append) is reported, not fatal. */
export async function* readSpill(path: string, batchSize: number, onBadLine: (line: number) => void): AsyncGenerator<AuditRow[]> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let batch: AuditRow[] = [];
  let number = 0;
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    try {
      batch.push(rowFromJson(line));
    } catch {
      onBadLine(number);
      continue;
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function existingBytes(dir: string): number {
  try {
    return readdirSync(dir)
      .filter((name) => name === ACTIVE || REPLAY_PATTERN.test(name))
      .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  } catch {
    return 0;
  }
}
