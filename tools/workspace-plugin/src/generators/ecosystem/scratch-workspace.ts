import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../../../..');

/** What a scratch workspace needs from the real one: root config, core, and the tools. */
const ROOT_FILES = ['package.json', 'nx.json', 'tsconfig.base.json', 'jest.preset.js', 'eslint.config.js', 'LICENSE'];
const DIRECTORIES = ['packages/core', 'tools/scripts', 'tools/workspace-plugin'];
const SKIPPED = new Set(['node_modules', 'dist', '.nx', 'coverage', 'tmp']);

export interface ScratchWorkspace {
  root: string;
  /** Links a package of the scratch workspace into its node_modules, as `npm install` would. */
  link(packageDir: string, name: string): void;
  remove(): void;
}

/**
 * A copy of the workspace in the OS temp folder that shares the real node_modules through
 * symlinks, except our own scope, which points at the scratch copies: builds and generated
 * files never touch the real tree.
 */
export function createScratchWorkspace(): ScratchWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'emcp-generator-e2e-'));
  for (const file of ROOT_FILES) cpSync(join(WORKSPACE_ROOT, file), join(root, file));
  for (const dir of DIRECTORIES) {
    cpSync(join(WORKSPACE_ROOT, dir), join(root, dir), { recursive: true, filter: (src) => !SKIPPED.has(basename(src)) });
    // A project's own node_modules holds what npm could not hoist (core's ajv 8 beside eslint's ajv 6).
    const own = join(WORKSPACE_ROOT, dir, 'node_modules');
    if (existsSync(own)) symlinkSync(own, join(root, dir, 'node_modules'));
  }
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@enterprise-mcp'), { recursive: true });
  for (const entry of readdirSync(join(WORKSPACE_ROOT, 'node_modules'))) {
    if (entry === '@enterprise-mcp' || (entry.startsWith('.') && entry !== '.bin')) continue;
    symlinkSync(join(WORKSPACE_ROOT, 'node_modules', entry), join(modules, entry));
  }
  const link = (packageDir: string, name: string) =>
    symlinkSync(join(root, packageDir), join(modules, '@enterprise-mcp', name.replace('@enterprise-mcp/', '')));
  link('packages/core', '@enterprise-mcp/core');
  link('tools/workspace-plugin', '@enterprise-mcp/workspace-plugin');
  return { root, link, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface CommandResult {
  code: number;
  output: string;
}

/**
 * Runs a command in the scratch workspace. Nx variables of the outer run (this test may itself
 * run under Nx) are dropped, so the inner Nx sees only the scratch workspace, and so is
 * TEST_RESULTS_DIR, so the scratch package's tests do not count in the workspace's totals.
 */
export function runIn(cwd: string, command: string, args: string[], timeoutMs = 150_000): Promise<CommandResult> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && key !== 'TEST_RESULTS_DIR'),
  );
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? 1, output });
    });
  });
}

export function expectSuccess(result: CommandResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output.slice(-6000)}`);
}
