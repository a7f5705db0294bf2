import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DataDirInUseError } from '@enterprise-mcp/database';
import { CLI_ENTRY } from '../test/support/spawn.js';
import { ConfigError, loadConfig } from './config.js';
import { EXIT_CONFIG, explainStartupError, listenProblem } from './startup-errors.js';

const dataDir = mkdtempSync(join(tmpdir(), 'emcp-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `enterprise-mcp serve` with only these variables and collects how it ends. */
function serve(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_ENTRY, 'serve'], {
      env: { PATH: process.env['PATH'], NODE_ENV: 'test', LOG_FORMAT: 'json', DATA_DIR: dataDir, ...env },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

function listening(handler?: (socket: import('node:net').Socket) => void): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(handler ?? (() => {}));
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

const STACK_LINE = /^\s+at /m;

describe('start-up errors: exit 78, one message naming the variable and the fix, no stack', () => {
  it('refuses a short CREDENTIALS_ENCRYPTION_KEY before opening the database, in single mode too', async () => {
    // A "database" that drops every connection: reaching it first would fail differently.
    const { server, port } = await listening((socket) => socket.destroy());
    const result = await serve({ CREDENTIALS_ENCRYPTION_KEY: 'c2hvcnQ=', DATABASE_URL: `postgresql://u@127.0.0.1:${port}/x` });
    server.close();
    expect(result.code).toBe(EXIT_CONFIG);
    expect(result.stderr).toContain('CREDENTIALS_ENCRYPTION_KEY: must be 32 random bytes in base64');
    expect(result.stderr).not.toContain('c2hvcnQ=');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('names DATABASE_URL for a URL without a host, hiding its password', async () => {
    const result = await serve({ DATABASE_URL: 'postgres://u:pw@' });
    expect(result.code).toBe(EXIT_CONFIG);
    expect(result.stderr).toContain('DATABASE_URL: must be a postgresql:// URL with a host');
    expect(result.stderr).not.toContain('pw');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('names PORT when the port is in use', async () => {
    const { server, port } = await listening();
    const result = await serve({ PORT: String(port) });
    server.close();
    expect(result.code).toBe(EXIT_CONFIG);
    expect(result.stderr).toContain(`PORT: ${port} is already in use on 127.0.0.1`);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).not.toContain('EADDRINUSE:');
  });

  it('shows the stack only at LOG_LEVEL=debug', async () => {
    const { server, port } = await listening();
    const result = await serve({ PORT: String(port), LOG_LEVEL: 'debug' });
    server.close();
    expect(result.code).toBe(EXIT_CONFIG);
    expect(result.stderr).toMatch(STACK_LINE);
  });
});

describe('explainStartupError', () => {
  it('names DATABASE_URL for refused, unknown and aggregated connection failures', () => {
    const refused = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''), {});
    expect(explainStartupError(refused).message).toMatch(/DATABASE_URL: cannot open the database \(ECONNREFUSED\): .*start PostgreSQL/);
    const missing = Object.assign(new Error('database "x" does not exist'), { code: '3D000' });
    expect(explainStartupError(new Error('wrapped', { cause: missing })).message).toContain('the database does not exist');
    expect(explainStartupError(Object.assign(new Error('auth'), { code: '28P01' })).message).toContain('password was not accepted');
  });

  it('names DATA_DIR when another process holds the embedded database', () => {
    expect(explainStartupError(new DataDirInUseError('/srv/data', 4242)).message).toMatch(/DATA_DIR: .*in use by process 4242/);
  });

  it('names HOST for an address this machine lacks, and keeps unknown failures as their message', () => {
    const error = listenProblem(Object.assign(new Error('listen EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' }), '10.9.9.9', 3000);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('HOST: 10.9.9.9 is not an address of this machine');
    expect(explainStartupError(new Error('boom')).message).toContain('(start-up): boom');
  });

  it('gives configuration errors a code', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'x' }, []);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'configuration_invalid', problems: [{ variable: 'PORT' }] });
  });
});
