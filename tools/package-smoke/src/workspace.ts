import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../..');

export interface WorkspacePackage {
  name: string;
  dir: string;
  /** Names of workspace packages it depends on (dependencies only, as npm installs them). */
  internalDependencies: string[];
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  workspaces?: string[];
  nx?: { tags?: string[] };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Every workspace package tagged `scope:publishable` (package.json `nx.tags` or project.json `tags`), dependencies first. */
export function publishablePackages(root = WORKSPACE_ROOT): WorkspacePackage[] {
  const globs = readJson<PackageJson>(join(root, 'package.json')).workspaces ?? [];
  const dirs = globs.flatMap((glob) => {
    const parent = join(root, glob.replace(/\/\*$/, ''));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json')))
      .map((entry) => join(parent, entry.name));
  });
  const packages = dirs
    .map((dir) => ({ dir, manifest: readJson<PackageJson>(join(dir, 'package.json')), tags: tagsOf(dir) }))
    .filter((p) => p.tags.includes('scope:publishable'));
  const names = new Set(packages.map((p) => p.manifest.name));
  return sortByDependencies(
    packages.map((p) => ({
      name: p.manifest.name,
      dir: p.dir,
      internalDependencies: Object.keys(p.manifest.dependencies ?? {}).filter((dep) => names.has(dep)),
    })),
  );
}

function tagsOf(dir: string): string[] {
  const fromPackage = readJson<PackageJson>(join(dir, 'package.json')).nx?.tags ?? [];
  const projectFile = join(dir, 'project.json');
  const fromProject = existsSync(projectFile) ? (readJson<{ tags?: string[] }>(projectFile).tags ?? []) : [];
  return [...fromPackage, ...fromProject];
}

function sortByDependencies(packages: WorkspacePackage[]): WorkspacePackage[] {
  const sorted: WorkspacePackage[] = [];
  const pending = [...packages];
  while (pending.length > 0) {
    const ready = pending.findIndex((p) => p.internalDependencies.every((dep) => sorted.some((s) => s.name === dep)));
    if (ready < 0) throw new Error(`dependency cycle among ${pending.map((p) => p.name).join(', ')}`);
    sorted.push(...pending.splice(ready, 1));
  }
  return sorted;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; never throws on a non-zero exit, so tests can show the output. */
export async function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NX_DAEMON: 'false', ...options.env },
      timeout: options.timeoutMs ?? 180_000,
      maxBuffer: 20 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? failed.message };
  }
}

/** Runs tasks with at most `limit` at once (the CI machine has 2 cores). */
export async function inBatches<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const bin = (name: string) => join(WORKSPACE_ROOT, 'node_modules', '.bin', name);
