import { Command } from 'commander';
import { configFromEnvironment, exitOnStartFailure, loggerFor } from './shared.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the production server from the environment (and .env): POST /mcp, GET /healthz, GET /readyz.')
    .action(async () => {
      const config = configFromEnvironment('serve');
      const logger = loggerFor(config);
      try {
        // Loaded here, not at the top: every other command starts without the server's module graph.
        const { closeOnSignals, startServer } = await import('../server.js');
        const server = await startServer(config, logger);
        closeOnSignals(server, logger);
      } catch (error) {
        exitOnStartFailure('serve', error, logger);
      }
    });
}
