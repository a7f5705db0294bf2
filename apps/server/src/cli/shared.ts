import { loadConfig, loadEnvFile, type ServerConfig } from '../config.js';
import { ecosystems } from '../ecosystems.js';
import { createLogger, type ServerLogger } from '../logger.js';
import { EXIT_CONFIG, explainStartupError } from '../startup-errors.js';

/** Loads `.env` and validates the environment; a bad value ends the process with the list of problems. */
export function configFromEnvironment(command: string): ServerConfig {
  try {
    loadEnvFile();
    return loadConfig(process.env, ecosystems);
  } catch (error) {
    return exitOnStartFailure(command, error);
  }
}

/**
 * Every configuration or start-up failure ends the same way: one message that
 * names the variable and the fix, exit 78, and the stack only at LOG_LEVEL=debug.
 */
export function exitOnStartFailure(command: string, error: unknown, logger?: ServerLogger): never {
  const explained = explainStartupError(error);
  process.stderr.write(`enterprise-mcp ${command}: ${explained.message}\n`);
  if (/^(debug|trace)$/.test(process.env['LOG_LEVEL'] ?? '')) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  logger?.flush();
  process.exit(EXIT_CONFIG);
}

/** The logger for a command; stdio-speaking commands log to stderr. */
export function loggerFor(config: ServerConfig, options: { toStderr?: boolean } = {}): ServerLogger {
  return createLogger({ level: config.LOG_LEVEL, format: config.logFormat, toStderr: options.toStderr });
}
