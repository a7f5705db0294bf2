import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { createRedactor, type Logger } from '@enterprise-mcp/core';

export type ServerLogger = PinoLogger;

/** Subtrees blanked whole, whatever their fields are called. */
const REDACTED_SUBTREES = ['config'];

/**
 * Every line's fields with credentials blanked before it is written: any
 * field, at any depth, whose name looks like a secret (core's `isSecretName`:
 * authorization, api keys, tokens, passwords, secrets, cookies, credentials…)
 * and everything under `config`. Credentials are never logged on purpose; this
 * is the net under that rule. Core's copy-on-write walk leaves a clean line
 * unallocated, where pino's path redaction parsed its paths again for every
 * line (a fifth of a tool call's allocations). A pino child's bindings are
 * not passed through it: the server binds only ids (component, request, tenant).
 */
const redactLogFields = createRedactor({ paths: REDACTED_SUBTREES }) as (fields: Record<string, unknown>) => Record<string, unknown>;

/**
 * A request's logger: its bindings are merged into each line written through
 * the parent, and a pino child is made only when one is asked for, since a
 * child per request is measurable at high rates.
 */
export function lazyChild(parent: ServerLogger, bindings: Record<string, unknown>): Logger {
  let child: ServerLogger | undefined;
  const get = () => (child ??= parent.child(bindings));
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object, msg?: string) => {
    if (parent.isLevelEnabled(level)) parent[level]({ ...bindings, ...obj }, msg);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => get().child(more),
    isLevelEnabled: (level) => parent.isLevelEnabled(level),
  };
}

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Where JSON lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Logs for stdio mode must go to stderr: stdout carries the protocol. */
  toStderr?: boolean;
}

/**
 * pino's `isoTime`, formatted once per millisecond: under load several lines
 * share a millisecond, and formatting the date was a measurable part of a line.
 */
function isoTimeOncePerMs(): () => string {
  let last = 0;
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== last) [last, field] = [now, `,"time":"${new Date(now).toISOString()}"`];
    return field;
  };
}

/** Longest a buffered log line waits before it is written. */
const LOG_FLUSH_INTERVAL_MS = 250;

export function createLogger(options: LoggerOptions): ServerLogger {
  const base = {
    level: options.level,
    formatters: { log: redactLogFields },
    base: { service: 'enterprise-mcp' },
    timestamp: isoTimeOncePerMs(),
  };
  if (options.destination) return pino(base, options.destination);
  if (options.format === 'pretty') {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, destination: options.toStderr ? 2 : 1, translateTime: 'SYS:HH:MM:ss.l' },
      },
    });
  }
  // Lines are written in 4 KiB batches (one write per batch, not per line); exit and flush() drain the rest,
  // and a timer does too, so a quiet server's lines (start-up, outages) are never held back for long.
  const destination = pino.destination({ fd: options.toStderr ? 2 : 1, sync: false, minLength: options.toStderr ? 0 : 4096 });
  setInterval(() => destination.flush(), LOG_FLUSH_INTERVAL_MS).unref();
  return pino(base, destination);
}
