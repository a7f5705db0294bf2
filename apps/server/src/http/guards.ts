import type { MiddlewareHandler } from 'hono';
import { jsonRpcError } from './json-rpc.js';

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface OriginPolicy {
  /** Host header values (with or without port) accepted; undefined: any. */
  allowedHosts?: string[];
  /** Origins (scheme://host[:port]) accepted from browsers. */
  allowedOrigins?: string[];
  /** On by default for local binds: only local Host/Origin names pass unless listed. */
  dnsRebindingProtection: boolean;
}

/**
 * DNS-rebinding and cross-origin guard. A page on evil.example that resolves
 * to 127.0.0.1 still sends `Host: evil.example`, so a local server checks the
 * Host name; browsers add Origin, which must be one the operator allowed.
 */
export function originGuard(policy: OriginPolicy): MiddlewareHandler {
  const hosts = policy.allowedHosts?.map((host) => host.toLowerCase());
  const origins = new Set(policy.allowedOrigins ?? []);
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!hostAllowed(host, hosts, policy.dnsRebindingProtection)) {
      return c.json(jsonRpcError(null, -32000, `Host "${host}" is not allowed; add it to ALLOWED_HOSTS`), 403);
    }
    const origin = c.req.header('origin');
    if (origin && !originAllowed(origin, origins, policy.dnsRebindingProtection)) {
      return c.json(jsonRpcError(null, -32000, `Origin "${origin}" is not allowed; add it to ALLOWED_ORIGINS`), 403);
    }
    await next();
  };
}

function hostAllowed(host: string, hosts: string[] | undefined, protect: boolean): boolean {
  if (hosts?.length) return hosts.includes(host) || hosts.includes(stripPort(host));
  return !protect || LOCAL_HOSTNAMES.has(stripPort(host));
}

function originAllowed(origin: string, origins: Set<string>, protect: boolean): boolean {
  if (origins.size > 0) return origins.has(origin);
  if (!protect) return true;
  try {
    return LOCAL_HOSTNAMES.has(new URL(origin).hostname.toLowerCase()) || new URL(origin).hostname === '::1';
  } catch {
    return false;
  }
}

function stripPort(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}
