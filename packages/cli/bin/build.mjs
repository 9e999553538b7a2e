// Bundles the CLI's own sources into one ES module (plus lazily loaded chunks) so `tao` starts without
// the TypeScript loader. The bundle is cached under node_modules/.cache/tao-cli/<key>/, keyed by the
// paths, sizes and mtimes of every source file, so an edit simply produces a new bundle on the next run;
// nothing has to be built by hand. Rules enforced here:
//   - npm packages stay external (resolved from node_modules at run time);
//   - @tao-ts/primitives is bundled tree-shaken when imported statically (only pure helpers such as
//     formatTao end up in the bundle), and left external when imported with `await import()`;
//   - any other workspace package imported statically is an error: its sources are TypeScript, so it
//     may only be imported inside a command's `run`, after the loader is registered.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(CLI_ROOT, 'src');
const FORMAT_VERSION = '1';

/** Same rule as src/framework/discover.ts `isCommandFile`. */
export function isCommandFile(name) {
  return /^[a-z0-9][a-z0-9-]*\.ts$/.test(name) && !name.endsWith('.test.ts');
}

export function listCommandFiles(dir = join(SRC, 'commands')) {
  const out = [];
  for (const group of readdirSync(dir).sort()) {
    const groupDir = join(dir, group);
    if (group.startsWith('_') || !statSync(groupDir).isDirectory()) continue;
    for (const name of readdirSync(groupDir).sort()) {
      if (isCommandFile(name)) out.push({ group, file: name.slice(0, -3), path: join(groupDir, name) });
    }
  }
  return out;
}

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
      out.push(`${relative(SRC, path)}:${st.size}:${st.mtimeMs}`);
  }
  return out;
}

/** Cache key: every source file's path, size and mtime, plus this script's own. */
export function sourceKey() {
  const self = statSync(fileURLToPath(import.meta.url));
  const lines = walk(SRC, [`build.mjs:${self.size}:${self.mtimeMs}`, `format:${FORMAT_VERSION}`]);
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 20);
}

export function cacheRoot() {
  return join(CLI_ROOT, 'node_modules', '.cache', 'tao-cli');
}

function entrySource(commands) {
  const lines = [`import { runBundled, isServing } from ${JSON.stringify(join(SRC, 'bundled.ts'))};`];
  commands.forEach((c, i) => lines.push(`import * as m${i} from ${JSON.stringify(c.path)};`));
  const list = commands.map(
    (c, i) => `{ group: ${JSON.stringify(c.group)}, file: ${JSON.stringify(c.file)}, module: m${i} }`,
  );
  lines.push(`export const modules = [${list.join(', ')}];`);
  lines.push('export { runBundled, isServing };');
  return lines.join('\n');
}

const PRIMITIVES = '@tao-ts/primitives';

function workspacePlugin(primitivesDir) {
  return {
    name: 'tao-workspace',
    setup(build) {
      build.onResolve({ filter: /^@tao-ts\// }, (args) => {
        if (args.kind === 'dynamic-import') return { path: args.path, external: true };
        if (args.path === PRIMITIVES) return { path: join(primitivesDir, 'index.ts'), sideEffects: false };
        return {
          errors: [
            {
              text: `${relative(CLI_ROOT, args.importer)} imports ${args.path} statically; use \`await import('${args.path}')\` inside run()`,
            },
          ],
        };
      });
      // Everything inside primitives is pure module code: let esbuild drop what is not used.
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer.startsWith(primitivesDir)) return undefined;
        return { path: join(dirname(args.importer), args.path.replace(/\.js$/, '.ts')), sideEffects: false };
      });
    },
  };
}

/**
 * Builds the bundle for the current sources unless the cache already has it. Returns the entry file's
 * path. Concurrent builders each write a private directory and rename it into place; the loser of the
 * race discards its copy.
 */
export async function ensureBundle() {
  const key = sourceKey();
  const root = cacheRoot();
  const dir = join(root, key);
  const entry = join(dir, 'entry.mjs');
  if (existsSync(entry)) return entry;
  const { build } = await import('esbuild');
  const tmp = join(root, `${key}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const primitivesDir = join(CLI_ROOT, '..', 'primitives', 'src') + '/';
  try {
    await build({
      stdin: {
        contents: entrySource(listCommandFiles()),
        resolveDir: SRC,
        sourcefile: 'tao-entry.ts',
        loader: 'ts',
      },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: tmp,
      entryNames: 'entry',
      chunkNames: 'chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      packages: 'external',
      plugins: [workspacePlugin(primitivesDir)],
      logLevel: 'silent',
      sourcemap: true,
    });
    writeFileSync(join(tmp, 'key'), `${key}\n`);
    try {
      renameSync(tmp, dir);
    } catch (error) {
      if (!existsSync(entry)) throw error;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  // Old bundles are dead weight. Remove those untouched for a while: a running process (a node started
  // from an older bundle) may still load chunks from its own.
  const stale = Date.now() - 15 * 60_000;
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (name !== key && statSync(path).mtimeMs < stale) rmSync(path, { recursive: true, force: true });
  }
  return entry;
}
