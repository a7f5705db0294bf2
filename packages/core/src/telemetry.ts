/**
 * The telemetry seam: packages report what happened, the host decides what to
 * count. Core knows no metrics library, so a package used alone pays nothing
 * (the default sink ignores everything) and the server plugs in Prometheus.
 * Labels are bounded by construction: platform and ecosystem names are fixed
 * sets, statuses are numbers; never a tenant, a URL or an argument.
 */
export interface TelemetrySink {
  /** One upstream answer (or a network failure, status 0), per platform display name. */
  upstreamResponse?(platform: string, status: number): void;
  /** One retry of an upstream request (after a 429, 5xx or network error). */
  upstreamRetry?(platform: string, status: number): void;
  /** An outbound request refused by this server's own limiter before it went out. */
  outboundRefused?(platform: string): void;
  /** An OAuth token refresh of an ecosystem, and whether it worked. */
  tokenRefresh?(ecosystem: string, outcome: 'ok' | 'failed'): void;
}

let current: TelemetrySink = {};

/** Installs the process's sink (the server does, once, at start); `{}` turns reporting off again. */
export function setTelemetrySink(sink: TelemetrySink): void {
  current = sink;
}

/**
 * The process's sink. A sink that throws never fails the work it reports on:
 * callers use `report`, which swallows the error.
 */
export function telemetry(): TelemetrySink {
  return current;
}

/** Reports through the current sink; a failing sink is ignored, since counting must never break a call. */
export function report(emit: (sink: TelemetrySink) => void): void {
  try {
    emit(current);
  } catch {
    // Deliberately silent: a broken metrics sink must not turn into a failed tool call.
  }
}
