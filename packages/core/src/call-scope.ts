import type { Logger } from './logger.js';

/** Most upstream request ids one call keeps: a tool that pages through thousands of requests keeps its first ones. */
export const MAX_UPSTREAM_REQUEST_IDS = 50;

/** What one tool call's upstream requests report to. */
export interface CallScope {
  /** Filled with the platform's id of every upstream response the call causes, in order (retries included). */
  upstreamRequestIds: string[];
  /** The call's logger: upstream lines go here rather than to the long-lived client's, so they carry the call's request id. */
  logger?: Logger;
}

/*
 * Clients are long-lived and shared by many calls, so a request cannot find
 * its call through the client. It finds it through its AbortSignal: every
 * request of a tool call carries the call's signal for cancellation anyway.
 * Keyed by the signal rather than held in an AsyncLocalStorage, because an
 * AsyncLocalStorage in use makes Node 20 run a hook for every promise of the
 * process, which cost this server about a sixth of its CPU per call.
 */
const scopes = new WeakMap<AbortSignal, CallScope>();

/**
 * Runs `work` with `scope` as the call scope of `signal`: every upstream
 * request made with that signal records its request id in the scope and logs
 * through its logger until `work` settles. `signal` must not already carry a
 * scope (two calls sharing one signal would mix their ids): `scopedSignal`
 * gives a call a signal of its own.
 */
export async function withCallScope<T>(signal: AbortSignal, scope: CallScope, work: () => Promise<T>): Promise<T> {
  if (scopes.has(signal)) throw new Error('withCallScope: this AbortSignal already carries a call scope; pass scopedSignal(signal)');
  scopes.set(signal, scope);
  try {
    return await work();
  } finally {
    scopes.delete(signal);
  }
}

/** `signal` itself when no call scope is bound to it, else a signal of its own that aborts with it. */
export function scopedSignal(signal: AbortSignal): AbortSignal {
  return scopes.has(signal) ? AbortSignal.any([signal]) : signal;
}

/** The call scope a request's signal carries, if any. */
export function callScopeOf(signal: AbortSignal | null | undefined): CallScope | undefined {
  return signal ? scopes.get(signal) : undefined;
}

/** The logger for a line about a request made with `signal`: its call's, else `fallback`. */
export function callLogger(fallback: Logger, signal: AbortSignal | null | undefined): Logger {
  return callScopeOf(signal)?.logger ?? fallback;
}

/** Records a response's request id (the header's value as received) for the call its signal belongs to. */
export function noteUpstreamRequestId(signal: AbortSignal | null | undefined, header: string | string[] | undefined): void {
  const ids = callScopeOf(signal)?.upstreamRequestIds;
  const value = Array.isArray(header) ? header[0] : header;
  if (ids && value && ids.length < MAX_UPSTREAM_REQUEST_IDS) ids.push(value);
}
