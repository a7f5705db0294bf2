import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ConfigError, loadEnvFile } from '../config.js';
import { startDemo } from '../demo/demo.js';
import { closeOnSignals } from '../server.js';

/** The launcher a Claude Desktop config should run (this package's bin). */
export const LAUNCHER = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));

export function demoCommand(): Command {
  return new Command('demo')
    .description('Run the server on fake platforms with seeded data, embedded PGlite and a demo API key; prints how to connect.')
    .action(async () => {
      loadEnvFile();
      try {
        const demo = await startDemo({ env: process.env, launcher: LAUNCHER });
        process.stdout.write(`${demo.banner}\n`);
        closeOnSignals(demo, demo.logger);
      } catch (error) {
        process.stderr.write(`enterprise-mcp demo: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(error instanceof ConfigError ? 78 : 1);
      }
    });
}
