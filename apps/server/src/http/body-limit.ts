import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses bodies over `maxBytes`. A request that declares its length is
 * judged by its Content-Length header alone; only a chunked one goes through
 * hono's counting reader. hono's middleware reads `request.body` first, which
 * makes @hono/node-server build a full web Request with a stream over the
 * socket for every call (measured at about a tenth of a tool call's CPU);
 * without that the body is later read straight from Node's request.
 */
export function limitBody(maxBytes: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const counting = bodyLimit({ maxSize: maxBytes, onError });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    if (Number(length) > maxBytes) return onError(c);
    await next();
  };
}
