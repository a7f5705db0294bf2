import { Command, Option } from 'commander';
import { createLogger } from '../logger.js';

export function bridgeCommand(): Command {
  return new Command('bridge')
    .description('Connect a local stdio MCP client to a remote Enterprise MCP server over Streamable HTTP.')
    .requiredOption('--url <url>', 'the remote MCP endpoint, e.g. https://mcp.example.com/mcp')
    .addOption(new Option('--api-key <key>', 'an emcp_ API key of the remote server').env('EMCP_API_KEY'))
    .option('--retries <n>', 'attempts per message after a network error', (value) => Number.parseInt(value, 10), 5)
    .addOption(new Option('--log-level <level>', 'stderr log level').default('info').env('LOG_LEVEL'))
    .action(async (options: { url: string; apiKey?: string; retries: number; logLevel: string }) => {
      const logger = createLogger({ level: options.logLevel, format: 'json', toStderr: true });
      if (!options.apiKey) {
        process.stderr.write('enterprise-mcp bridge: an API key is required: pass --api-key emcp_… or set EMCP_API_KEY\n');
        process.exit(64);
      }
      try {
        new URL(options.url);
      } catch {
        process.stderr.write(`enterprise-mcp bridge: --url "${options.url}" is not a URL; use e.g. https://mcp.example.com/mcp\n`);
        process.exit(64);
      }
      // Loaded when used: `serve` should not carry the bridge's HTTP client in memory.
      const { runBridge } = await import('../bridge/bridge.js');
      const { closed } = await runBridge({ url: options.url, apiKey: options.apiKey, retries: options.retries, logger });
      await closed;
      logger.flush();
    });
}
