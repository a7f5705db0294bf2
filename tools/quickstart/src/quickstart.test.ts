import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { localize, runnableBlocks } from './blocks.js';

const repo = resolve(import.meta.dirname, '../../..');
const guide = readFileSync(join(repo, 'QUICK_START.md'), 'utf8');
const dataDir = mkdtempSync(join(tmpdir(), 'quickstart-'));
const STARTUP_MS = 90_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/** Starts a background block and resolves with its output once the demo has printed its key. */
function startBackground(script: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('bash', ['-ec', script], { cwd: repo, env, detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo did not print its key in ${STARTUP_MS} ms:\n${output}`)), STARTUP_MS);
    const poll = setInterval(() => {
      if (/API key\s+emcp_\S+/.test(output)) {
        clearInterval(poll);
        clearTimeout(timer);
        done({ child, output: () => output });
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      fail(new Error(`demo exited (${code}) before printing its key:\n${output}`));
    });
  });
}

let demo: ChildProcess | undefined;

afterAll(async () => {
  // The block runs in its own process group (bash → npm → node): end the whole group it started,
  // and wait, so the embedded database is closed before its folder is removed.
  const child = demo;
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

describe('QUICK_START.md', () => {
  const blocks = runnableBlocks(guide);
  const [demoBlock, curlBlock] = blocks;

  it('marks the demo and the curl checks runnable', () => {
    expect(blocks.map((b) => b.background)).toEqual([true, false]);
  });

  it('runs as written: the demo prints the MCP URL and a key, and curl lists the tools and calls one', async () => {
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_FORMAT: 'json' as const };
    const started = await startBackground(localize(demoBlock?.script ?? '', port, dataDir), env);
    demo = started.child;
    expect(started.output()).toContain(`MCP URL   http://127.0.0.1:${port}/mcp`);
    const key = started.output().match(/API key\s+(emcp_\S+)/)?.[1];
    expect(readFileSync(join(dataDir, 'demo-api-key'), 'utf8').trim()).toBe(key);

    const curl = spawnSync('bash', ['-ec', localize(curlBlock?.script ?? '', port, dataDir)], { cwd: repo, env, encoding: 'utf8', timeout: 30_000 });
    expect(curl.status).toBe(0);
    // The two answers are printed back to back: tools/list (id 1), then the tool call (id 2).
    const [list = '', call = ''] = curl.stdout.split('"id":1}');
    expect(list.includes('"name":"cloudflare_list_zones"')).toBe(true);
    expect(call).toContain('"structuredContent":{"zones":[{');
    expect(call).toContain('"name":"example.com"');
    expect(call).not.toContain('"isError":true');
  }, STARTUP_MS + 40_000);
});
