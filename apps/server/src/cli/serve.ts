import { Command } from 'commander';
import { closeOnSignals, startServer } from '../server.js';
import { configFromEnvironment, exitOnStartFailure, loggerFor } from './shared.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the production server from the environment (and .env): POST /mcp, GET /healthz, GET /readyz.')
    .action(async () => {
      const config = configFromEnvironment('serve');
      const logger = loggerFor(config);
      try {
        const server = await startServer(config, logger);
        closeOnSignals(server, logger);
      } catch (error) {
        exitOnStartFailure('serve', error, logger);
      }
    });
}
