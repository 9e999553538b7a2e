/**
 * Finds command modules from the source tree: every `src/commands/<group>/<name>.ts` that is not a test
 * and does not start with `_` (helpers). The bundled CLI gets the same list at build time
 * (bin/build.mjs applies the same rule), so adding a command is adding a file.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandModule } from './spec.js';

/** Same rule as bin/build.mjs `isCommandFile`. */
export function isCommandFile(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]*\.ts$/.test(name) && !name.endsWith('.test.ts');
}

export function commandsDir(): string {
  return new URL('../commands/', import.meta.url).pathname;
}

/** `[group, file]` pairs under `dir`, sorted for a stable order. */
export function listCommandFiles(
  dir: string = commandsDir(),
): { group: string; file: string; path: string }[] {
  const out: { group: string; file: string; path: string }[] = [];
  for (const group of readdirSync(dir).sort()) {
    const groupDir = join(dir, group);
    if (group.startsWith('_') || !statSync(groupDir).isDirectory()) continue;
    for (const name of readdirSync(groupDir).sort()) {
      if (isCommandFile(name)) out.push({ group, file: name.slice(0, -3), path: join(groupDir, name) });
    }
  }
  return out;
}

/** Imports every command module under `dir` (source mode: needs the TypeScript loader). */
export async function discoverCommands(dir: string = commandsDir()): Promise<CommandModule[]> {
  const files = listCommandFiles(dir);
  return Promise.all(
    files.map(async ({ group, file, path }) => ({
      group,
      file,
      module: (await import(pathToFileURL(path).href)) as { default?: unknown },
    })),
  );
}
