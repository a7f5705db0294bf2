import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadEnvFile } from '../config.js';
import { exitOnStartFailure } from './shared.js';

/** The launcher a Claude Desktop config should run (this package's bin). */
export const LAUNCHER = fileURLToPath(new URL('../../bin/enterprise-mcp', import.meta.url));

export function demoCommand(): Command {
  return new Command('demo')
    .description('Run the server on fake platforms with seeded data, embedded PGlite and a demo API key; prints how to connect.')
    .action(async () => {
      try {
        loadEnvFile();
        const [{ startDemo }, { closeOnSignals }] = await Promise.all([import('../demo/demo.js'), import('../server.js')]);
        const demo = await startDemo({ env: process.env, launcher: LAUNCHER });
        process.stdout.write(`${demo.banner}\n`);
        closeOnSignals(demo, demo.logger);
      } catch (error) {
        exitOnStartFailure('demo', error);
      }
    });
}
