/**
 * Entry of the bundled CLI (see bin/build.mjs): the command modules arrive as a list fixed at build time,
 * and workspace packages, whose sources are TypeScript, become importable only when a command that needs
 * them runs, by registering tsx then.
 */
import { runCli } from './cli.js';
import { processIo } from './framework/io.js';
import type { CommandModule } from './framework/spec.js';

let loaderRegistered = false;

async function loadWorkspace(): Promise<void> {
  if (loaderRegistered) return;
  loaderRegistered = true;
  const { register } = await import('tsx/esm/api');
  register();
}

let serving = false;

/** Whether the command that ran keeps serving (see CommandSpec.daemon). */
export function isServing(): boolean {
  return serving;
}

export async function runBundled(
  modules: readonly CommandModule[],
  argv: readonly string[],
): Promise<number> {
  return runCli(argv, {
    modules,
    io: processIo(),
    loadWorkspace,
    onServing: () => {
      serving = true;
    },
  });
}
