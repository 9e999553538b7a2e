import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CaseResult, formatResult } from './result.js';
import { expandPaths, runDocument, runFile, summarize } from './run.js';

const vectors = fileURLToPath(new URL('../vectors', import.meta.url));

let all: CaseResult[] | undefined;
/** Every bundled vector, run once for the tests that read the results. */
function allResults(): CaseResult[] {
  all ??= expandPaths([vectors]).flatMap((p) => runFile(p));
  return all;
}

test('every math, epoch, halving, schedule, registration and weights vector passes bit-exact', () => {
  const results = allResults();
  const failures = results.filter((r) => r.status === 'FAIL').map(formatResult);
  assert.deepEqual(failures, []);
  const summary = summarize(results);
  assert.ok(summary.passed >= 280, `only ${summary.passed} passed`);
  for (const r of results.filter((x) => x.status === 'SKIP'))
    assert.ok(r.detail && r.detail.length > 10, `${r.id} skipped without a reason`);
  const ran = (prefix: string) =>
    results.filter((r) => r.id.startsWith(prefix) && r.status === 'PASS').length;
  assert.equal(ran('epoch.json#'), 52);
  assert.equal(ran('math.json#'), 102);
});

test('registration, weights, halving and owner-cut vectors also run through the runtime and pass', () => {
  const ran = (file: string) => allResults().filter((r) => r.id.startsWith(`${file}#runtime/`));
  const expected: Record<string, number> = {
    // 5 asserted (+1 RegistrationsThisBlock), 13 decay factors, 13 sequences, 7 legacy, 3 pruning
    'registration.json': 42,
    // 4 version keys, 2 self weights, 1 stored row, 2 commit hashes
    'weights.json': 9,
    // 43 table rows, the 100-step issuance bound, 10 halving thresholds
    'emission_halving.json': 54,
    'coinbase.json': 2,
  };
  for (const [file, count] of Object.entries(expected)) {
    const results = ran(file);
    assert.deepEqual(
      results.filter((r) => r.status !== 'PASS').map(formatResult),
      [],
      `${file} runtime cases`,
    );
    assert.equal(results.length, count, `${file} runtime cases`);
  }
  const split = ['coinbase.json#test_root_proportion', 'coinbase.json#emit_to_subnets_split'];
  for (const id of split) assert.equal(allResults().find((r) => r.id === id)?.status, 'PASS', id);
});

test('a runtime-driven case fails on a wrong expectation, naming the chain state it read', () => {
  const doc = { asserted: [{ test: 'bump', mult: 3, initial_burn: 1000, after_bump: 3001 }] };
  const results = runDocument('mine.json', doc);
  const runtime = results.find((r) => r.id === 'mine.json#runtime/bump');
  assert.equal(runtime?.status, 'FAIL');
  assert.match(runtime?.detail ?? '', /after_bump: block 1 S\.Burn: expected 3001, got 3000/);
});

test('new cases in a known format run without code changes, and a wrong expectation fails with a path', () => {
  const doc = {
    cases: [
      { function: 'vec_mul', input: { a: [2.0, 3.0], b: [0.5, 2.0] }, expected: [1.0, 6.0], epsilon: 0 },
      { function: 'vec_mul', input: { a: [2.0, 3.0], b: [0.5, 2.0] }, expected: [1.0, 7.0], epsilon: 0 },
      { function: 'not_a_function', input: {}, expected: 1 },
    ],
  };
  const [ok, wrong, unknown] = runDocument('mine.json', doc);
  assert.equal(ok?.status, 'PASS');
  assert.equal(wrong?.status, 'FAIL');
  assert.match(wrong?.detail ?? '', /\[1\]: expected 7, got 6/);
  assert.equal(unknown?.status, 'SKIP');
});

test('an epoch scenario with a wrong expectation fails on that step and skips the rest with a reason', () => {
  const scenario = {
    name: 'tiny',
    params: { n: 2, tempo: 10, activity_cutoff_blocks: 100 },
    initial_state: {
      block_at_registration: [0, 0],
      last_update: [0, 0],
      alpha_stake: [1, 1],
      validator_permits: [false, false],
      weights: [[], []],
      bonds: [[], []],
    },
    steps: [
      { block: 1, actions: [], expected: { emission: { '0': 1 } } },
      { block: 2, actions: [] },
    ],
  };
  const results = runDocument('tiny.json', { scenarios: [scenario] });
  assert.equal(results[0]?.status, 'FAIL');
  assert.match(results[0]?.detail ?? '', /expected\.emission\[0\]: expected 1, got 500000000/);
  assert.equal(results[1]?.status, 'SKIP');
});

test('unreadable or unrecognised files fail instead of passing silently', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tao-vectors-'));
  writeFileSync(join(dir, 'broken.json'), '{"cases": [');
  writeFileSync(join(dir, 'other.json'), '{"something": 1}');
  const results = expandPaths([dir]).flatMap((p) => runFile(p));
  assert.deepEqual(
    results.map((r) => r.status),
    ['FAIL', 'FAIL'],
  );
});
