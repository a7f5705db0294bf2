import { ConfigurationError, type ConfigProblem } from '@enterprise-mcp/core';
import { DataDirInUseError } from '@enterprise-mcp/database';
import { ConfigError } from './config.js';

/** Exit status of every configuration or start-up failure (sysexits' EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** Network codes of a database that cannot be reached at all, with what to check. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections there: start PostgreSQL or correct the host and port',
  ENOTFOUND: 'the host name does not resolve: correct the host',
  EAI_AGAIN: 'the host name could not be resolved right now: check DNS and the host',
  ETIMEDOUT: 'the connection timed out: check the host, port and firewall',
  EHOSTUNREACH: 'the host is unreachable: check the host and network',
  ECONNRESET: 'the server closed the connection: check that it is PostgreSQL and accepts this client (TLS settings)',
};

/** PostgreSQL SQLSTATEs a wrong URL produces at connect time. */
const REFUSED: Record<string, string> = {
  '28P01': 'the password was not accepted: correct the user or password',
  '28000': 'the server refused this user: correct the user or pg_hba.conf',
  '3D000': 'the database does not exist: create it or correct its name',
};

/**
 * Turns what failed at start-up into one ConfigError that names the variable
 * and the fix; an unknown failure keeps its own message.
 */
export function explainStartupError(error: unknown): ConfigurationError {
  const known = knownStartupProblem(error);
  if (known) return known;
  const message = error instanceof Error ? error.message : String(error);
  return new ConfigError([{ variable: '(start-up)', message }], 'Run with LOG_LEVEL=debug for the full error.', 'Start-up failed');
}

/** A failure whose cause is the configuration or the machine (a variable, a folder, a port), if it is one. */
export function knownStartupProblem(error: unknown): ConfigurationError | undefined {
  if (error instanceof ConfigurationError) return error;
  if (error instanceof DataDirInUseError) {
    return new ConfigError([{ variable: 'DATA_DIR', message: error.message }], 'Stop the other process or point DATA_DIR at another folder.', 'Cannot open the database');
  }
  const database = databaseProblem(error);
  return database ? new ConfigError([database], 'Fix DATABASE_URL (see .env.example) and start again.', 'Cannot open the database') : undefined;
}

/** The listening socket's failure, named by HOST or PORT. */
export function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): ConfigError {
  const at = `${host}:${port}`;
  const problems: Record<string, ConfigProblem> = {
    EADDRINUSE: { variable: 'PORT', message: `${port} is already in use on ${host}: stop the process listening there, or set PORT to a free port (PORT=0 picks one)` },
    EACCES: { variable: 'PORT', message: `${port} needs privileges this process lacks on ${host}: use a port above 1023` },
    EADDRNOTAVAIL: { variable: 'HOST', message: `${host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its interfaces` },
    ENOTFOUND: { variable: 'HOST', message: `${host} does not resolve: use an IP address or a resolvable name` },
  };
  const problem = problems[error.code ?? ''] ?? { variable: 'HOST/PORT', message: `cannot listen on ${at}: ${error.message}` };
  return new ConfigError([problem], `Change ${problem.variable} (see .env.example) and start again.`, 'Cannot listen');
}

function databaseProblem(error: unknown): ConfigProblem | undefined {
  const code = errorCode(error);
  const reason = code ? (UNREACHABLE[code] ?? REFUSED[code]) : undefined;
  return reason ? { variable: 'DATABASE_URL', message: `cannot open the database (${code}): ${reason}` } : undefined;
}

/** The first errno or SQLSTATE code on the error, its causes or its aggregated errors. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (code in UNREACHABLE || code in REFUSED)) return code;
  const nested = Array.isArray(errors) ? errors : [];
  for (const inner of [cause, ...nested]) {
    const found = errorCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}
