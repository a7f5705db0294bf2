import { connect, createServer, type Socket } from 'node:net';

export interface ResettingServer {
  /** `http://127.0.0.1:<port>`: a URL whose connections are accepted, then reset. */
  url: string;
  port: number;
  /** Connections accepted so far (each one was reset, or forwarded once `forwardTo` was called). */
  readonly connections: number;
  /** From now on, pipe new connections to this loopback port instead of resetting them. */
  forwardTo(port: number): void;
  close(): Promise<void>;
}

/**
 * A loopback port that is held open but answers every connection with a TCP
 * reset: "the platform cannot be reached", without dialling a port that some
 * other process may be listening on (127.0.0.1:1, :9), and without the race of
 * closing a probed port and hoping nothing takes it before it is used. The
 * port stays bound until `close()`; `forwardTo` turns it into a plain TCP
 * proxy, for "unreachable, then reachable at the same address".
 */
export async function startResettingServer(): Promise<ResettingServer> {
  let target: number | undefined;
  let connections = 0;
  const open = new Set<Socket>();
  const server = createServer((socket) => {
    connections += 1;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    if (target === undefined) {
      socket.resetAndDestroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    forwardTo(to) {
      target = to;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
