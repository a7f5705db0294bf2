import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirInUseError } from './errors.js';

const LOCK_FILE = 'emcp.pid';

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
