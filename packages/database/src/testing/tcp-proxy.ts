import net from 'node:net';

export type ProxyMode = 'open' | 'cut' | 'blackhole';

/** A TCP proxy in front of a database server that fault tests switch between working, cut and silent. */
export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  /** Connections currently held open (forwarding or blackholed). */
  readonly connections: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  /** A network outage: every connection is reset, and new ones are reset as they arrive. */
  cut(): void;
  /**
   * A half-open network: connections stay open but nothing passes either way,
   * and new ones are accepted and then hang, as when a peer or a NAT vanished.
   */
  blackhole(): void;
  /** Back to normal: held (blackholed) connections are reset, as a silent peer's finally are, and new ones forward. */
  restore(): void;
  stop(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
}

/**
 * Starts the proxy on an OS-chosen loopback port. It keeps listening in every
 * mode (a cut resets instead of refusing), so the port never has to be bound again.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'open';

  const reset = (pair: Pair) => {
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
    pairs.delete(pair);
  };
  const silence = (pair: Pair) => {
    pair.client.unpipe();
    pair.upstream?.unpipe();
    // Read and discard: the peer sees its bytes leave and never an answer.
    for (const socket of [pair.client, pair.upstream]) socket?.removeAllListeners('data').on('data', () => {});
  };

  const server = net.createServer((client) => {
    const pair: Pair = { client };
    client.on('error', () => {});
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (mode === 'cut') return void client.resetAndDestroy();
    pairs.add(pair);
    if (mode === 'blackhole') return silence(pair);
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => {});
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get mode() {
      return mode;
    },
    get connections() {
      return pairs.size;
    },
    urlFor(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cut() {
      mode = 'cut';
      for (const pair of [...pairs]) reset(pair);
    },
    blackhole() {
      mode = 'blackhole';
      for (const pair of pairs) silence(pair);
    },
    restore() {
      if (mode === 'blackhole') for (const pair of [...pairs]) reset(pair);
      mode = 'open';
    },
    async stop() {
      for (const pair of [...pairs]) reset(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
