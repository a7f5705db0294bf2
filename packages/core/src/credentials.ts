/**
 * Credentials as providers: a client asks for an access token per call and
 * reports a token the platform rejected, so an OAuth platform refreshes once
 * and retries once, and an API-key platform simply gets its static token.
 */

/** A token and, when the issuer says, when it stops working. */
export interface AccessToken {
  value: string;
  expiresAt?: Date;
}

export interface TokenRequest {
  /** The tool call's signal: a caller that gives up stops waiting (a shared refresh goes on for the others). */
  signal?: AbortSignal;
}

export interface TokenProvider {
  /** A token for this call. */
  getToken(request?: TokenRequest): Promise<string>;
  /**
   * The platform answered 401 to `token`. The next `getToken` refreshes, once
   * however many calls report the same token; `false` when nothing can be
   * refreshed (a static token), so the caller does not retry.
   */
  invalidate(token: string): boolean;
}

/** What a package used alone accepts: a token string or a provider. */
export type TokenSource = string | TokenProvider;

/** A fixed token: an API key, a private-integration token. Nothing to refresh. */
export function staticToken(value: string): TokenProvider {
  return { getToken: async () => value, invalidate: () => false };
}

export function tokenProviderOf(source: TokenSource): TokenProvider {
  return typeof source === 'string' ? staticToken(source) : source;
}

export interface RefreshingTokenOptions {
  /** Refresh this long before `expiresAt` (default 60 s), so a token never expires mid-call. */
  refreshMarginMs?: number;
  now?: () => number;
}

/**
 * A token fetched by `fetchToken` (an OAuth refresh, a JWT bearer grant, a
 * vault read) and kept until shortly before it expires or until the platform
 * rejects it. One fetch at a time: concurrent callers share it. `fetchToken`
 * gets the request of the caller that started the fetch, so that its log
 * lines can name that call (`callLogger(logger, request.signal)`); it must not
 * cancel on that signal, since the others wait for the same fetch.
 */
export function refreshingToken(fetchToken: (request: TokenRequest) => Promise<AccessToken>, options: RefreshingTokenOptions = {}): TokenProvider {
  const margin = options.refreshMarginMs ?? 60_000;
  const now = options.now ?? Date.now;
  let current: AccessToken | undefined;
  let fetching: Promise<AccessToken> | undefined;

  const fresh = (token: AccessToken | undefined): token is AccessToken =>
    token !== undefined && (token.expiresAt === undefined || token.expiresAt.getTime() - margin > now());

  const fetchOnce = (request: TokenRequest): Promise<AccessToken> =>
    (fetching ??= fetchToken(request)
      .then((token) => (current = token))
      .finally(() => (fetching = undefined)));

  return {
    async getToken(request = {}) {
      request.signal?.throwIfAborted();
      if (fresh(current)) return current.value;
      return (await untilAborted(fetchOnce(request), request.signal)).value;
    },
    invalidate(token) {
      if (current?.value === token) current = undefined;
      return true;
    },
  };
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
