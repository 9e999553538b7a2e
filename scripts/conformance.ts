/**
 * npm run conformance -- [FILE|DIR ...]
 * Runs every case of the given vector files (default: the shared reference vectors, or the
 * repository's copy of them) and prints PASS/FAIL/SKIP lines, then a summary; exit 1 on failure.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expandPaths, runFile, summarize } from '../conformance/run.js';
import { formatResult } from '../conformance/result.js';

const sharedVectors = fileURLToPath(new URL('../../shared/reference/vectors', import.meta.url));
const bundledVectors = fileURLToPath(new URL('../vectors', import.meta.url));

function defaultPaths(): string[] {
  if (existsSync(sharedVectors)) return [sharedVectors];
  return [bundledVectors];
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const missing = args.filter((a) => !existsSync(a));
if (missing.length > 0) {
  console.error(`conformance: no such file or directory: ${missing.join(', ')}`);
  process.exit(2);
}
const results = expandPaths(args.length > 0 ? args : defaultPaths()).flatMap((p) => runFile(p));
for (const r of results) console.log(formatResult(r));
const s = summarize(results);
console.log(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
process.exit(s.failed > 0 ? 1 : 0);
