/**
 * `tao` from the TypeScript sources (through tsx): discovers the command files and runs. bin/tao.mjs
 * normally runs a cached bundle instead and only falls back to this.
 */
import { runCli } from './cli.js';
import { discoverCommands } from './framework/discover.js';
import { processIo } from './framework/io.js';

let serving = false;
process.exitCode = await runCli(process.argv.slice(2), {
  modules: await discoverCommands(),
  io: processIo(),
  onServing: () => {
    serving = true;
  },
});

/** Whether the command that ran keeps serving (see CommandSpec.daemon). */
export function isServing(): boolean {
  return serving;
}
