import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'emcp.pid';

/** The embedded database's folder is held by another live process. */
export class DataDirInUseError extends Error {
  readonly code = 'data_dir_in_use' as const;
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${holderPid}. PGlite serves one process: stop that process, ` +
        'or set DATABASE_URL to a PostgreSQL database to share data between processes.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder
 * would corrupt it. A pid file turns that into a clear error; a stale file
 * (its process gone) is taken over.
 */
export function acquireDataDirLock(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const holder = readHolder(path);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new DataDirInUseError(dir, holder);
  }
  writeFileSync(path, String(process.pid));
  return () => {
    if (readHolder(path) === process.pid) rmSync(path, { force: true });
  };
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
