/**
 * npm run bench [subject...] — runs the named benchmark subjects (all when none is given) and
 * prints one JSON object per line.
 */
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
const emit = (line: object): void => console.log(JSON.stringify(line));
for (const name of requested.length > 0 ? requested : Object.keys(subjects)) {
  const subject = await (subjects[name] as Subject)();
  await subject.run(emit);
}
