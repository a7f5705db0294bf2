import { Command } from 'commander';
import { configFromEnvironment, exitOnStartFailure, loggerFor } from './shared.js';

export function stdioCommand(): Command {
  return new Command('stdio')
    .description(
      'Serve the tools over stdio for a local MCP client (Claude Desktop "command" config). ' +
        'Tenant: STDIO_TENANT_ID; platform credentials: the environment; audit records go to stderr as JSON lines.',
    )
    .action(async () => {
      const config = configFromEnvironment('stdio');
      // stdout carries the protocol: every log line goes to stderr.
      const logger = loggerFor(config, { toStderr: true });
      // Loaded when used, like every command's implementation that `serve` does not need.
      const [{ serveStdio }, { logAuditSink }] = await Promise.all([import('../stdio/serve-stdio.js'), import('../stdio/log-audit.js')]);
      const { closed } = await serveStdio({ config, logger, audit: logAuditSink(logger.child({ component: 'audit' })) }).catch((error: unknown) =>
        exitOnStartFailure('stdio', error, logger),
      );
      await closed;
      logger.flush();
    });
}
