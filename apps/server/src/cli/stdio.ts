import { Command } from 'commander';
import { serveStdio } from '../stdio/serve-stdio.js';
import { logAuditSink } from '../stdio/log-audit.js';
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
      const { closed } = await serveStdio({ config, logger, audit: logAuditSink(logger.child({ component: 'audit' })) }).catch((error: unknown) =>
        exitOnStartFailure('stdio', error, logger),
      );
      await closed;
      logger.flush();
    });
}
