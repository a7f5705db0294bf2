import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

let echo: net.Server;
let proxy: TcpProxy;

beforeAll(async () => {
  echo = net.createServer((socket) => socket.on('error', () => {}).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await startTcpProxy({ host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port });
});
afterAll(async () => {
  await proxy.stop();
  await new Promise((resolve) => echo.close(resolve));
});

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(proxy.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `text` and resolves with what comes back before `settle` resolves, or the error that ended the socket. */
async function roundTrip(socket: net.Socket, text: string, settle: Promise<unknown>): Promise<string | Error> {
  let received = '';
  socket.on('data', (chunk) => (received += String(chunk)));
  const ended = new Promise<Error>((resolve) => socket.once('error', resolve).once('close', () => resolve(new Error('closed'))));
  socket.write(text);
  const first = await Promise.race([ended, settle.then(() => received)]);
  return first;
}

const echoed = (socket: net.Socket, text: string) =>
  new Promise<string>((resolve) => {
    let received = '';
    socket.on('data', (chunk) => {
      received += String(chunk);
      if (received.length >= text.length) resolve(received);
    });
    socket.write(text);
  });

describe('startTcpProxy', () => {
  it('forwards, cuts (resetting open and new connections), blackholes silently and restores', async () => {
    const first = await connect();
    expect(await echoed(first, 'ping')).toBe('ping');

    proxy.cut();
    const reset = await new Promise<Error>((resolve) => first.once('error', resolve));
    expect((reset as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(proxy.port, '127.0.0.1');
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      socket.once('data', () => resolve('answered'));
      socket.write('hello?');
    });
    expect(refused).toBe('ECONNRESET');

    proxy.restore();
    const held = await connect();
    expect(await echoed(held, 'before')).toBe('before');
    proxy.blackhole();
    // A silent peer: the write leaves, nothing comes back, nothing fails, until the echo of a later connection proves time passed.
    const probe = (async () => {
      const late = await connect();
      return roundTrip(late, 'x', new Promise((resolve) => setTimeout(resolve, 200)));
    })();
    expect(await roundTrip(held, 'lost', probe)).toBe('');
    expect(await probe).toBe('');
    expect(proxy.connections).toBeGreaterThanOrEqual(2);

    const heldEnds = new Promise<Error>((resolve) => held.once('error', resolve));
    proxy.restore();
    expect(((await heldEnds) as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    const after = await connect();
    expect(await echoed(after, 'back')).toBe('back');
    after.destroy();
  });
});
