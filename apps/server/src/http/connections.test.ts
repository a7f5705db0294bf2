import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notesEcosystem } from '../../test/support/notes-ecosystem.js';
import { keyVerifier, memoryCredentials, startTestServer, verified } from '../../test/support/harness.js';

const KEY = 'emcp_testprefix_s3cretpart';

/** A raw socket that records what the server sends and when it closes, for clients fetch cannot imitate. */
interface RawClient {
  socket: Socket;
  received(): string;
  closed: Promise<void>;
}

async function rawClient(port: number): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => text, closed };
}

/** Waits for a condition, failing after a bound that only a hang reaches (the machine may be loaded). */
async function until(what: string, condition: () => boolean, boundMs = 15_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function closedWithin(client: RawClient, boundMs = 15_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), boundMs)));
  try {
    return await Promise.race([client.closed.then(() => true), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Request headers for a chunked POST /mcp whose body never finishes. */
function trickleHead(port: number, extra = ''): string {
  return `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n${extra}\r\n`;
}

describe('slow and numerous connections', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const open: RawClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      ecosystems: [notesEcosystem],
      verifier: keyVerifier({ [KEY]: verified('tenant-a', 'key-a') }),
      credentials: memoryCredentials({}),
      settings: { HTTP_HEADERS_TIMEOUT_MS: 1000, HTTP_REQUEST_TIMEOUT_MS: 1500, MAX_CONNECTIONS: 3 },
    });
  });
  afterAll(async () => {
    for (const client of open) client.socket.destroy();
    await server.close();
  });

  async function client(): Promise<RawClient> {
    const made = await rawClient(server.port);
    open.push(made);
    return made;
  }

  it('answers a trickled body without a key with 401 at once and closes the connection', async () => {
    const slow = await client();
    slow.socket.write(trickleHead(server.port));
    slow.socket.write('5\r\n{"jso\r\n');
    await until('the 401', () => slow.received().includes('\r\n\r\n'));
    expect(slow.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(slow.received().toLowerCase()).toContain('connection: close');
    // The body is still unfinished: the server, not the client, ends the connection.
    expect(await closedWithin(slow)).toBe(true);
    expect(server.log.lines.map((line) => JSON.parse(line) as { msg: string; reason?: string }).find((l) => l.msg === 'API key refused')).toMatchObject({ reason: 'missing' });
  }, 30_000);

  it('logs why a key was refused, never the key', async () => {
    const wrong = 'emcp_testprefix_not-the-secret';
    const slow = await client();
    slow.socket.write(trickleHead(server.port, `Authorization: Bearer ${wrong}\r\n`));
    await until('the 401', () => slow.received().includes('\r\n\r\n'));
    expect(slow.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(server.log.text()).toContain('"reason":"unknown"');
    expect(server.log.text()).not.toContain('not-the-secret');
  }, 30_000);

  it('closes a connection with a valid key whose body does not arrive within HTTP_REQUEST_TIMEOUT_MS', async () => {
    const slow = await client();
    slow.socket.write(trickleHead(server.port, `Authorization: Bearer ${KEY}\r\n`));
    slow.socket.write('5\r\n{"jso\r\n');
    expect(await closedWithin(slow)).toBe(true);
    expect(slow.received()).not.toMatch(/^HTTP\/1\.1 200 /);
  }, 30_000);

  it('closes a connection whose headers do not arrive within HTTP_HEADERS_TIMEOUT_MS', async () => {
    const slow = await client();
    slow.socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`);
    expect(await closedWithin(slow)).toBe(true);
  }, 30_000);

  it('caps open connections at MAX_CONNECTIONS and keeps serving the ones it has', async () => {
    const health = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`;
    const held: RawClient[] = [];
    for (let i = 0; i < 3; i++) {
      const kept = await client();
      kept.socket.write(health);
      await until(`connection ${i} answered`, () => kept.received().includes('{"status":"ok"}'));
      held.push(kept);
    }
    const extra = await client();
    expect(await closedWithin(extra)).toBe(true);
    expect(extra.received()).toBe('');
    held[0]!.socket.write(health);
    await until('a second answer on a held connection', () => held[0]!.received().split('{"status":"ok"}').length === 3);
  }, 30_000);
});
