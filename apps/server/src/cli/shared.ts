import { ConfigError, loadConfig, loadEnvFile, type ServerConfig } from '../config.js';
import { ecosystems } from '../ecosystems.js';
import { createLogger, type ServerLogger } from '../logger.js';

/** Loads `.env` and validates the environment; a bad value ends the process with the list of problems. */
export function configFromEnvironment(): ServerConfig {
  loadEnvFile();
  try {
    return loadConfig(process.env, ecosystems);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** The logger for a command; stdio-speaking commands log to stderr. */
export function loggerFor(config: ServerConfig, options: { toStderr?: boolean } = {}): ServerLogger {
  return createLogger({ level: config.LOG_LEVEL, format: config.logFormat, toStderr: options.toStderr });
}
