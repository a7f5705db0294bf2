import { Command } from 'commander';
import { closeOnSignals, startServer } from '../server.js';
import { configFromEnvironment, loggerFor } from './shared.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the production server from the environment (and .env): POST /mcp, GET /healthz, GET /readyz.')
    .action(async () => {
      const config = configFromEnvironment();
      const logger = loggerFor(config);
      try {
        const server = await startServer(config, logger);
        closeOnSignals(server, logger);
      } catch (error) {
        logger.fatal({ err: error }, 'start-up failed');
        logger.flush();
        process.stderr.write(`enterprise-mcp serve: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
    });
}
