import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

  async initialize(name = 'spawn-test'): Promise<Record<string, unknown>> {
    const answer = await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name, version: '0.0.1' },
    });
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
