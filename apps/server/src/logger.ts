import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

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

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Where JSON lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Logs for stdio mode must go to stderr: stdout carries the protocol. */
  toStderr?: boolean;
}

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
  return pino(base, pino.destination({ fd: options.toStderr ? 2 : 1, sync: false }));
}
