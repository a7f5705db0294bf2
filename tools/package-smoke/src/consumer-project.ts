import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bin, run, type RunResult, type WorkspacePackage } from './workspace.js';

/** The SDK lines (1.x and v2) and zod a user of the README snippets installs next to our packages. */
export const CONSUMER_DEPENDENCIES = [
  '@modelcontextprotocol/sdk@1.32.2',
  '@modelcontextprotocol/server@2.4.0',
  '@modelcontextprotocol/client@2.4.0',
  'zod@4',
  '@types/node@20',
];

export interface ConsumerProject {
  dir: string;
  remove(): void;
}

/** `npm pack`s a package into `destination` and returns the tarball path. */
export async function pack(pkg: WorkspacePackage, destination: string): Promise<string> {
  const result = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: pkg.dir });
  expectOk(result, `npm pack ${pkg.name}`);
  const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
  return join(destination, basename(info!.filename));
}

/** An empty ESM project in the OS temp folder, outside the workspace, with the tarballs installed. */
export async function createConsumerProject(tarballs: string[]): Promise<ConsumerProject> {
  const dir = mkdtempSync(join(tmpdir(), 'emcp-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', types: ['node'] },
      include: ['*.ts'],
    }),
  );
  const install = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...CONSUMER_DEPENDENCIES],
    { cwd: dir },
  );
  expectOk(install, 'npm install in the consumer project');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Type-checks the script against the published .d.ts files, compiles it and runs it. */
export async function runConsumerScript(project: ConsumerProject, script: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  copyFileSync(script, join(project.dir, 'consumer.ts'));
  const compile = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: project.dir });
  expectOk(compile, 'tsc in the consumer project');
  return run(process.execPath, [join(project.dir, 'out', 'consumer.js')], { cwd: project.dir, env });
}

export function expectOk(result: RunResult, what: string): void {
  if (result.code !== 0) {
    throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  }
}
