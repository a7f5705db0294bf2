/**
 * Where people reach this server: PUBLIC_URL, else the listen address once
 * the server listens (before that, the configured HOST and PORT). Connect
 * links, OAuth redirect URIs and reconnect URLs start here.
 */
export class PublicUrl {
  private listening: string | undefined;

  constructor(
    private readonly configured: string | undefined,
    private readonly host: string,
    private readonly port: number,
  ) {}

  get(): string {
    return (this.configured ?? this.listening ?? `http://${displayHost(this.host)}:${this.port}`).replace(/\/+$/, '');
  }

  /** PUBLIC_URL was set; otherwise the listen address stands in for it. */
  get isConfigured(): boolean {
    return this.configured !== undefined;
  }

  get isHttps(): boolean {
    return this.get().startsWith('https:');
  }

  /** Called once the server listens: without PUBLIC_URL, its address (with the real port) is the public one. */
  listeningAt(url: string): void {
    this.listening = url;
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
