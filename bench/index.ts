/**
 * npm run bench [subject...] — runs the named benchmark subjects (all when none is given) and
 * prints one JSON object per line.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Each subject module exports run(emit); lines are plain JSON objects.
type Subject = () => Promise<{ run: (emit: (line: object) => void) => void | Promise<void> }>;

const subjects: Record<string, Subject> = {
  yuma: () => import('./yuma.js'),
  runtime: () => import('./runtime.js'),
  primitives: () => import('./primitives.js'),
  trie: () => import('./trie.js'),
  node: () => import('./node.js'),
  sdk: () => import('./sdk.js'),
  cli: () => import('./cli.js'),
};

const requested = process.argv.slice(2).filter((a) => a !== '--');
const unknown = requested.filter((s) => !(s in subjects));
if (unknown.length > 0) {
  console.error(
    `bench: unknown subject(s) ${unknown.join(', ')}; known: ${Object.keys(subjects).join(', ')}`,
  );
  process.exit(2);
}
/** Subjects that run a node in this process measure it with the V8 flags `tao node` runs with. */
const WITH_NODE_FLAGS = new Set(['node']);

/** Runs one subject in a child started with the node's V8 flags; its lines pass straight through. */
function runWithNodeFlags(name: string, flags: readonly string[]): Promise<void> {
  const child = spawn(
    process.execPath,
    [...flags, ...process.execArgv, fileURLToPath(import.meta.url), name],
    { stdio: 'inherit' },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`bench ${name}: exited with ${signal ?? code}`)),
    );
  });
}

const emit = (line: object): void => console.log(JSON.stringify(line));
for (const name of requested.length > 0 ? requested : Object.keys(subjects)) {
  if (WITH_NODE_FLAGS.has(name)) {
    const { NODE_V8_FLAGS, hasNodeV8Flags } = await import('../packages/node/src/v8-flags.js');
    if (!hasNodeV8Flags()) {
      await runWithNodeFlags(name, NODE_V8_FLAGS);
      continue;
    }
  }
  const subject = await (subjects[name] as Subject)();
  await subject.run(emit);
}
