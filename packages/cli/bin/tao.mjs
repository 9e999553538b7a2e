#!/usr/bin/env -S node --max-semi-space-size=32
// `tao`. Runs a cached esbuild bundle of the CLI's sources (built on first use and whenever a source file
// changes; see build.mjs) so that start-up does not pay for the TypeScript loader; commands that need
// workspace packages register the loader themselves. Falls back to running the sources through tsx when
// the bundle cannot be built (no esbuild, read-only install) or when TAO_CLI_SOURCE=1. The shebang carries
// the V8 flags `tao node` runs with (packages/node/src/v8-flags.ts); they cost the other commands nothing.
const argv = process.argv.slice(2);
// Stack traces through the bundle point back at the TypeScript sources (maps are only read when asked).
if (argv.includes('--debug')) process.setSourceMapsEnabled(true);

// A finished command exits at once (after its output is flushed): connections' leftover timers
// (e.g. @polkadot/api's) would otherwise hold the process open for seconds.
function exitWhenFlushed(code) {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

async function fromSource() {
  const { register } = await import('tsx/esm/api');
  register();
  const { isServing } = await import('../src/main.ts');
  if (!isServing()) exitWhenFlushed(process.exitCode ?? 0);
}

let entry;
if (process.env.TAO_CLI_SOURCE !== '1') {
  try {
    const { ensureBundle } = await import('./build.mjs');
    entry = await ensureBundle();
  } catch (error) {
    // A build error (esbuild's `errors`, e.g. a static import the bundle refuses) is a bug to fix, so it
    // is always reported; a missing esbuild or a read-only install only with --debug.
    if (Array.isArray(error?.errors) || argv.includes('--debug')) {
      process.stderr.write(`tao: running from sources (bundle unavailable: ${error?.message ?? error})\n`);
    }
  }
}
if (entry === undefined) {
  await fromSource();
} else {
  const { modules, runBundled, isServing } = await import(entry);
  const code = await runBundled(modules, argv);
  if (isServing()) process.exitCode = code;
  else exitWhenFlushed(code);
}
