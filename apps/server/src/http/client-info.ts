import { CLIENT_INFO_META_KEY } from '@modelcontextprotocol/server';

/**
 * Client name and version for the audit trail. Stateless Streamable HTTP has
 * no session, so the `initialize` handshake and later calls arrive as separate
 * requests: the handshake's clientInfo is remembered per API key, and an
 * `Mcp-Client: name/version` header (the bridge sends it) or User-Agent fills in.
 * A 2026-07-28 client names itself in every request's `_meta` envelope.
 */
export interface ClientInfo {
  name: string | null;
  version: string | null;
}

export class ClientInfoMemory {
  private readonly byKey = new Map<string, ClientInfo>();

  constructor(private readonly capacity = 10_000) {}

  rememberFromBody(keyId: string, body: unknown): void {
    for (const message of Array.isArray(body) ? body : [body]) {
      const info = initializeClientInfo(message);
      if (!info) continue;
      if (this.byKey.size >= this.capacity) this.byKey.delete(this.byKey.keys().next().value as string);
      this.byKey.set(keyId, info);
    }
  }

  resolve(keyId: string, headers: { get(name: string): string | null | undefined }, body?: unknown): ClientInfo {
    const declared = parseProduct(headers.get('mcp-client'));
    if (declared) return declared;
    const enveloped = Array.isArray(body) ? undefined : infoOf((body as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta?.[CLIENT_INFO_META_KEY]);
    if (enveloped) return enveloped;
    const remembered = this.byKey.get(keyId);
    if (remembered) return remembered;
    return parseProduct(headers.get('user-agent')) ?? { name: null, version: null };
  }
}

function initializeClientInfo(message: unknown): ClientInfo | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const { method, params } = message as { method?: unknown; params?: { clientInfo?: { name?: unknown; version?: unknown } } };
  if (method !== 'initialize') return undefined;
  return infoOf(params?.clientInfo);
}

function infoOf(value: unknown): ClientInfo | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { name, version } = value as { name?: unknown; version?: unknown };
  return { name: typeof name === 'string' ? name.slice(0, 200) : null, version: typeof version === 'string' ? version.slice(0, 100) : null };
}

/** `name/version (comment)` as in User-Agent; the first product token only. */
export function parseProduct(value: string | null | undefined): ClientInfo | undefined {
  const token = value?.trim().split(/\s+/)[0];
  if (!token) return undefined;
  const slash = token.indexOf('/');
  if (slash < 0) return { name: token.slice(0, 200), version: null };
  return { name: token.slice(0, slash).slice(0, 200) || null, version: token.slice(slash + 1).slice(0, 100) || null };
}
