import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomNetwork } from '../testing/random-input.js';
import { EpochInputError } from './errors.js';
import { toU16Matrix, toU16Rows } from './matrix.js';
import { epoch } from './run.js';
import type { EpochInput } from './types.js';

function withState(base: EpochInput, patch: Record<string, unknown>): unknown {
  return { params: base.params, state: { ...base.state, ...patch } };
}

function rejects(input: unknown, field: RegExp): void {
  assert.throws(
    () => epoch(input as EpochInput),
    (error: unknown) =>
      error instanceof EpochInputError && error.code === 'EPOCH_INPUT' && field.test(error.field),
    `expected an EpochInputError on ${String(field)}`,
  );
}

const base = randomNetwork(11);
const n = base.state.alphaStake.length;

test('ragged per-uid vectors name the vector and the expected length', () => {
  rejects(withState(base, { lastUpdate: base.state.lastUpdate.slice(1) }), /^state\.lastUpdate$/);
  rejects(
    withState(base, { validatorPermits: [...base.state.validatorPermits, true] }),
    /^state\.validatorPermits$/,
  );
  rejects(withState(base, { weights: toU16Rows(base.state.weights).slice(0, -1) }), /^state\.weights$/);
});

test('uids at or beyond n, duplicate uids and non-u16 weights are refused', () => {
  const rows = (row: readonly (readonly [number, number])[]) => [
    row,
    ...Array.from({ length: n - 1 }, () => []),
  ];
  rejects(withState(base, { weights: rows([[n, 1]]) }), /^state\.weights\[0\]\[0\]\.uid$/);
  rejects(withState(base, { weights: rows([[0, 65_536]]) }), /^state\.weights\[0\]\[0\]\.value$/);
  rejects(withState(base, { weights: rows([[0, -1]]) }), /^state\.weights\[0\]\[0\]\.value$/);
  rejects(withState(base, { weights: rows([[0, 0.5]]) }), /^state\.weights\[0\]\[0\]\.value$/);
  rejects(
    withState(base, {
      bonds: rows([
        [0, 1],
        [0, 2],
      ]),
    }),
    /^state\.bonds\[0\]\[1\]\.uid$/,
  );
  const matrix = toU16Matrix(rows([[0, 1]]));
  rejects(
    withState(base, { weights: { ...matrix, uids: Uint16Array.of(n) } }),
    /^state\.weights\.uids\[0\]$/,
  );
  rejects(
    withState(base, { weights: { ...matrix, start: matrix.start.slice(1) } }),
    /^state\.weights\.start$/,
  );
});

test('U16Matrix rows: duplicates and out-of-range uids are found in any row order', () => {
  const matrix = (row: number[]) => {
    const start = new Uint32Array(n + 1).fill(row.length);
    start[0] = 0;
    return { start, uids: Uint16Array.from(row), values: Uint16Array.from(row, () => 1) };
  };
  // Ascending rows pass; the first offending entry is named otherwise.
  assert.doesNotThrow(() => epoch(withState(base, { weights: matrix([0, 1, n - 1]) }) as EpochInput));
  rejects(withState(base, { weights: matrix([0, 2, 2]) }), /^state\.weights\.uids\[2\]$/);
  rejects(withState(base, { weights: matrix([3, 1, 3]) }), /^state\.weights\.uids\[2\]$/);
  rejects(withState(base, { weights: matrix([0, n, n + 1]) }), /^state\.weights\.uids\[1\]$/);
  rejects(withState(base, { bonds: matrix([n + 2, 1]) }), /^state\.bonds\.uids\[0\]$/);
});

test('negative or non-bigint stake and unknown fields are refused', () => {
  rejects(
    withState(base, { alphaStake: base.state.alphaStake.map((s, i) => (i === 0 ? -1n : s)) }),
    /^state\.alphaStake\[0\]$/,
  );
  rejects(
    withState(base, { alphaStake: base.state.alphaStake.map((s, i) => (i === 0 ? 5 : s)) }),
    /^state\.alphaStake\[0\]$/,
  );
  rejects(withState(base, { taoStake: base.state.taoStake.map(() => 2n ** 64n) }), /^state\.taoStake\[0\]$/);
  rejects(withState(base, { extra: [] }), /^state\.extra$/);
  rejects({ ...base, params: { ...base.params, kappaa: 1 } }, /^params\.kappaa$/);
  rejects({ ...base, params: { ...base.params, kappa: 70_000 } }, /^params\.kappa$/);
  rejects({ ...base, params: { ...base.params, currentBlock: 5 } }, /^params\.currentBlock$/);
  rejects({ ...base, params: { ...base.params, ownerUid: n } }, /^params\.ownerUid$/);
  rejects(
    { ...base, params: { ...base.params, alphaSigmoidSteepness: 40_000 } },
    /^params\.alphaSigmoidSteepness$/,
  );
});

test('error messages quote the offending value', () => {
  try {
    epoch(withState(base, { lastUpdate: base.state.lastUpdate.map(() => 'soon') }) as EpochInput);
    assert.fail('accepted a string block');
  } catch (error) {
    assert.match((error as Error).message, /state\.lastUpdate\[0\].*"soon"/);
  }
});
