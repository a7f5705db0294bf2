/** claude.ai's and claude.com's connector callbacks: allowed unless the operator says otherwise. */
export const CLAUDE_CALLBACKS = ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Which redirect URIs a client may register. A dynamically registered client
 * chooses its own redirect URIs, so an open policy would let anyone send a
 * user's authorization to a host of their choosing: only listed URIs (exact,
 * or a prefix ending in `*`; `*` alone allows any) and loopback URIs of
 * native apps (RFC 8252 §7.3) pass.
 */
export class RedirectPolicy {
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];
  private readonly any: boolean;

  constructor(allowed: string[] = CLAUDE_CALLBACKS) {
    this.any = allowed.includes('*');
    for (const entry of allowed) {
      if (entry.endsWith('*')) this.prefixes.push(entry.slice(0, -1));
      else this.exact.add(entry);
    }
  }

  allows(uri: string): boolean {
    const url = safeUrl(uri);
    if (!url || url.hash) return false;
    if (isLoopback(url)) return true;
    if (url.protocol === 'http:') return false;
    return this.any || this.exact.has(uri) || this.prefixes.some((prefix) => prefix && uri.startsWith(prefix));
  }
}

/** Whether `requested` is one of `registered`: exactly, or a loopback URI that differs only in its port (RFC 8252 §7.3). */
export function redirectMatches(requested: string, registered: string[]): boolean {
  if (registered.includes(requested)) return true;
  const url = safeUrl(requested);
  if (!url || !isLoopback(url)) return false;
  return registered.some((uri) => {
    const candidate = safeUrl(uri);
    if (!candidate || !isLoopback(candidate)) return false;
    candidate.port = url.port;
    return candidate.href === url.href;
  });
}

export function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
