/**
 * The refresh journal: a provider's answer to a refresh, sealed, on local disk
 * (fsync'd) before the database commit that stores it. With rotating refresh
 * tokens the old token is dead as soon as the provider answers; a crash
 * between that answer and the commit would lose the connection. At start-up
 * (and at the next refresh of the connection) an entry whose refresh token is
 * still the row's is applied; any other entry was committed or superseded and
 * is dropped. One file per entry: written to a temporary name, fsync'd,
 * renamed, and the folder fsync'd, so an entry is either whole or absent.
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Sealed } from '@enterprise-mcp/tenancy';

const FOLDER = 'oauth-refresh-journal';
const ENTRY = /^[\w-]+\.\d+\.[0-9a-f]+\.json$/;
/** Entries are named by a time that never goes back within a process, so replay keeps their order. */
let lastStamp = 0;
function stamp(): number {
  lastStamp = Math.max(lastStamp + 1, Date.now() * 1000);
  return lastStamp;
}

export interface JournalEntry {
  connectionId: string;
  tenantId: string;
  ecosystem: string;
  /** SHA-256 of the refresh token the refresh used: the entry applies while the row still holds it. */
  usedRefreshDigest: string;
  receivedAt: string;
  /** The new tokens, sealed exactly as the row would hold them. */
  sealed: Sealed;
  accessExpiresAt?: string;
  refreshExpiresAt?: string;
  refreshHardExpiresAt?: string;
  scopes?: string[];
}

export interface JournaledEntry {
  path: string;
  entry: JournalEntry;
}

interface StoredEntry extends Omit<JournalEntry, 'sealed'> {
  v: 1;
  sealed: { ciphertext: string; iv: string; authTag: string; keyId: string };
}

export class RefreshJournal {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, FOLDER);
  }

  /** Durably records an entry; resolves once it is on disk. */
  async write(entry: JournalEntry): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const name = `${entry.connectionId}.${stamp()}.${randomBytes(4).toString('hex')}.json`;
    const path = join(this.dir, name);
    const temporary = `${path}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(toStored(entry)));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    await syncFolder(this.dir);
    return path;
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  /** Every whole entry, oldest first; a torn temporary file from a crash mid-write is deleted. */
  async entries(): Promise<JournaledEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    for (const name of names.filter((candidate) => candidate.endsWith('.tmp'))) await rm(join(this.dir, name), { force: true });
    const entries: JournaledEntry[] = [];
    for (const name of names.filter((candidate) => ENTRY.test(candidate)).sort(byTime)) {
      const path = join(this.dir, name);
      entries.push({ path, entry: fromStored(JSON.parse(await readFile(path, 'utf8')) as StoredEntry) });
    }
    return entries;
  }

  /** The entries of one connection, oldest first. */
  async entriesOf(connectionId: string): Promise<JournaledEntry[]> {
    return (await this.entries()).filter(({ entry }) => entry.connectionId === connectionId);
  }
}

function byTime(a: string, b: string): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}

function toStored(entry: JournalEntry): StoredEntry {
  const { sealed } = entry;
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return { v: 1, ...entry, sealed: { ciphertext: base64(sealed.ciphertext), iv: base64(sealed.iv), authTag: base64(sealed.authTag), keyId: sealed.keyId } };
}

function fromStored(stored: StoredEntry): JournalEntry {
  const { v: _version, sealed, ...rest } = stored;
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
  return { ...rest, sealed: { ciphertext: bytes(sealed.ciphertext), iv: bytes(sealed.iv), authTag: bytes(sealed.authTag), keyId: sealed.keyId } };
}

/** A rename is durable only once the folder that holds it is flushed. */
async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
