import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Logger } from '@enterprise-mcp/core';

export type ServerLogger = PinoLogger;

/**
 * Paths pino blanks before a line is written. Credentials are never logged on
 * purpose; this list is the net under that rule (headers, keys, tokens, passwords).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  'apiKey',
  'token',
  'password',
  '*.authorization',
  '*.apiKey',
  '*.apiToken',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.key',
  'config.*',
  'credentials',
  '*.credentials',
];

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
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => get().child(more) };
}

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Where JSON lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Logs for stdio mode must go to stderr: stdout carries the protocol. */
  toStderr?: boolean;
}

/** Longest a buffered log line waits before it is written. */
const LOG_FLUSH_INTERVAL_MS = 250;

export function createLogger(options: LoggerOptions): ServerLogger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    base: { service: 'enterprise-mcp' },
    timestamp: pino.stdTimeFunctions.isoTime,
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
