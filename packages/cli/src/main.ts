/** The `tao` command. */
import { Command } from 'commander';
import { TaoError } from '@tao-ts/primitives';
import { nodeCommand } from './commands/node.js';

const program = new Command('tao')
  .description('tao-ts: the Bittensor network in TypeScript')
  .version('0.1.0')
  .option('--debug', 'show stack traces for errors');
program.addCommand(nodeCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const debug = program.opts<{ debug?: boolean }>().debug === true;
  if (error instanceof TaoError && !debug) {
    process.stderr.write(`error: ${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
}
