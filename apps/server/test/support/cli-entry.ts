// Test-only entry: runs the server's stdio-speaking commands the way the real CLI does.
import { Command } from 'commander';
import { bridgeCommand } from '../../src/cli/bridge.js';
import { stdioCommand } from '../../src/cli/stdio.js';

await new Command('enterprise-mcp').addCommand(stdioCommand()).addCommand(bridgeCommand()).parseAsync();
