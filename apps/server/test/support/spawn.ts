import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The real `enterprise-mcp` launcher (runs the sources through tsx in a checkout). */
export const CLI_ENTRY = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));

/** A child process speaking newline-delimited JSON-RPC on stdio. */
export class JsonRpcChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: string[] = [];
  private readonly pending = new Map<number | string, (message: Record<string, unknown>) => void>();
  readonly notifications: Array<Record<string, unknown>> = [];
  private nextId = 1;

  constructor(script: string, args: string[], env: Record<string, string | undefined>) {
    this.child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env['PATH'], NODE_ENV: 'test', LOG_FORMAT: 'json', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      const id = message['id'] as number | undefined;
      const resolve = id === undefined ? undefined : this.pending.get(id);
      if (resolve) {
        this.pending.delete(id!);
        resolve(message);
      } else this.notifications.push(message);
    });
    createInterface({ input: this.child.stderr }).on('line', (line) => this.stderr.push(line));
  }

  request(method: string, params: Record<string, unknown> = {}, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs} ms; stderr:\n${this.stderr.join('\n')}`)), timeoutMs);
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  async initialize(name = 'spawn-test', timeoutMs?: number): Promise<Record<string, unknown>> {
    const answer = await this.request(
      'initialize',
      { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name, version: '0.0.1' } },
      timeoutMs,
    );
    this.notify('notifications/initialized');
    return answer;
  }

  /** Ends stdin and resolves with the exit code. */
  close(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      this.child.stdin.end();
    });
  }
}

/** Polls until `check` passes (log lines are written asynchronously). */
export async function eventually<T>(check: () => T, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

export interface SpawnedServer {
  child: ChildProcess;
  pid: number;
  /** Base URL read from the server's 'enterprise-mcp listening' log line. */
  url: string;
  mcpUrl: string;
  /** Every stdout/stderr line so far (JSON log lines, npm's chatter). */
  lines: string[];
  /** The JSON log entries so far. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals the whole process group, as Ctrl-C, `timeout` and `docker stop` of a shell-started tree do. */
  signalGroup(signal: NodeJS.Signals): void;
  /** SIGKILL to the group if it is still running (test clean-up). */
  kill(): Promise<void>;
}

/**
 * Starts a server process (by default `enterprise-mcp serve`) in a process group
 * of its own, and resolves once it logs that it listens. `PORT` is 0: the OS
 * picks the port and the log line tells it.
 */
export function spawnServer(
  env: Record<string, string | undefined>,
  options: { command?: string; args?: string[]; cwd?: string; startTimeoutMs?: number } = {},
): Promise<SpawnedServer> {
  const child = spawn(options.command ?? process.execPath, options.args ?? [CLI_ENTRY, 'serve'], {
    cwd: options.cwd,
    detached: true,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'test', LOG_FORMAT: 'json', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const logs = () =>
    lines.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error('did not log that it listens')), options.startTimeoutMs ?? 120_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`server ${error.message}; output:\n${lines.join('\n')}`));
    };
    const onLine = (line: string) => {
      lines.push(line);
      if (settled || !line.includes('enterprise-mcp listening')) return;
      const url = (JSON.parse(line) as { url: string }).url.replace(/\/mcp$/, '');
      settled = true;
      clearTimeout(timer);
      resolve({
        child,
        pid: child.pid!,
        url,
        mcpUrl: `${url}/mcp`,
        lines,
        logs,
        exited,
        signalGroup: (signal) => process.kill(-child.pid!, signal),
        kill: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            return;
          }
          await exited;
        },
      });
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then(({ code, signal }) => fail(new Error(`exited (code ${code}, signal ${signal}) before listening`)));
  });
}
