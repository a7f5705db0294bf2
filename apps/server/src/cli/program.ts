import { Command, type CommanderError } from 'commander';
import { approvalsCommand } from './approvals.js';
import { auditCommand } from './audit.js';
import { bridgeCommand } from './bridge.js';
import { connectCommand, connectionsCommand } from './connections.js';
import { credentialsCommand } from './credentials.js';
import { dbCommand } from './db.js';
import { demoCommand } from './demo.js';
import { keysCommand } from './keys.js';
import { serveCommand } from './serve.js';
import { stdioCommand } from './stdio.js';
import { tenantsCommand } from './tenants.js';
import { usersCommand } from './users.js';

/** Exit code for bad command-line input (EX_USAGE), distinct from a failed operation (1). */
export const EXIT_USAGE = 64;

/**
 * The `enterprise-mcp` command line. Each command group lives in its own file
 * and is added here with one line.
 */
export function buildProgram(): Command {
  const program = new Command('enterprise-mcp')
    .description('Enterprise MCP Server: serve MCP tools, and manage tenants, API keys, users, OAuth connections and the audit trail.')
    .showHelpAfterError('(add --help for usage)')
    .addCommand(serveCommand())
    .addCommand(demoCommand())
    .addCommand(stdioCommand())
    .addCommand(bridgeCommand())
    .addCommand(tenantsCommand())
    .addCommand(keysCommand())
    .addCommand(usersCommand())
    .addCommand(credentialsCommand())
    .addCommand(connectCommand())
    .addCommand(connectionsCommand())
    .addCommand(auditCommand())
    .addCommand(approvalsCommand())
    .addCommand(dbCommand());
  return withUsageExitCode(program);
}

/** Bad input exits with EX_USAGE after commander's message naming the option and what it expects. */
function withUsageExitCode(command: Command): Command {
  command.exitOverride((error: CommanderError) => {
    if (error.exitCode === 0) process.exit(0);
    process.exit(error.code === 'commander.executeSubCommandAsync' ? error.exitCode : EXIT_USAGE);
  });
  command.showHelpAfterError('(add --help for usage)');
  for (const sub of command.commands) withUsageExitCode(sub);
  return command;
}
