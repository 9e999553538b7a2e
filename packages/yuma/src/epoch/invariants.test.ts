import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { randomNetwork } from '../testing/random-input.js';
import { denseEpoch } from './dense.js';
import { toU16Rows } from './matrix.js';
import { epoch } from './run.js';
import type { EpochInput } from './types.js';

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

test('deterministic, and the input is never mutated', () => {
  fc.assert(
    fc.property(seeds, (seed) => {
      const input = randomNetwork(seed);
      const snapshot = structuredClone(input);
      assert.deepEqual(epoch(input), epoch(input));
      assert.deepEqual(input, snapshot);
    }),
    { numRuns: 60 },
  );
});

/** Below 2^62 rao of total stake the I64F64 sums cannot wrap; the chain's supply is ~2^54. */
function realisticStake(input: EpochInput): boolean {
  const total = [...input.state.alphaStake, ...input.state.taoStake].reduce((a, b) => a + b, 0n);
  return total < 2n ** 62n;
}

test('emission never exceeds the epoch budget and server + validator shares match it', () => {
  fc.assert(
    fc.property(seeds, (seed) => {
      const input = randomNetwork(seed);
      fc.pre(realisticStake(input));
      const out = epoch(input);
      const budget = input.params.raoEmission;
      const combined = out.emission.reduce((a, b) => a + b, 0n);
      assert.ok(combined <= budget, `emitted ${combined} > ${budget}`);
      const n = out.emission.length;
      const split =
        out.serverEmission.reduce((a, b) => a + b, 0n) + out.validatorEmission.reduce((a, b) => a + b, 0n);
      // Each uid's amount is floored; the two splits together lose at most 2 rao per uid.
      if (budget <= 10n ** 12n)
        assert.ok(split <= budget && split + 2n * BigInt(n) + 2n >= combined, `${split} vs ${combined}`);
    }),
    { numRuns: 150 },
  );
});

test('only uids with a new permit keep bonds; outputs are u16 proportions', () => {
  fc.assert(
    fc.property(seeds, (seed) => {
      const out = epoch(randomNetwork(seed));
      toU16Rows(out.bonds).forEach((row, i) => {
        if (!out.newValidatorPermits[i]) assert.equal(row.length, 0);
      });
      for (const v of [...out.incentive, ...out.dividends, ...out.consensus, ...out.validatorTrust]) {
        assert.ok(Number.isInteger(v) && v >= 0 && v <= 65_535);
      }
    }),
    { numRuns: 80 },
  );
});

/** The dense reference differs from production only in documented ways (see dense.ts); avoid them. */
function comparable(seed: number): EpochInput {
  const input = randomNetwork(seed);
  const n = input.state.alphaStake.length;
  const sortedRows = (rows: typeof input.state.weights) =>
    toU16Rows(rows).map((row) => row.filter(([j]) => j < n).sort((a, b) => a[0] - b[0]));
  return {
    params: { ...input.params, ownerUid: null, commitRevealEnabled: false, yuma3: false },
    state: { ...input.state, weights: sortedRows(input.state.weights), bonds: sortedRows(input.state.bonds) },
  };
}

test('the sparse production path and the dense reference agree (classic Yuma, no owner)', () => {
  fc.assert(
    fc.property(seeds, (seed) => {
      const input = comparable(seed);
      const sparse = epoch(input);
      const dense = denseEpoch(input);
      assert.deepEqual(sparse.incentive, dense.incentive);
      assert.deepEqual(sparse.dividends, dense.dividends);
      assert.deepEqual(sparse.consensus, dense.consensus);
      assert.deepEqual(sparse.validatorTrust, dense.validatorTrust);
      assert.deepEqual(sparse.emission, dense.emission);
      assert.deepEqual(sparse.newValidatorPermits, dense.newValidatorPermits);
      toU16Rows(sparse.bonds).forEach((row, i) => {
        const denseRow = dense.bonds[i];
        if (denseRow === null || denseRow === undefined) return;
        const nonZero = denseRow.flatMap((v, j) => (v > 0 ? [[j, v]] : []));
        assert.deepEqual(
          row.filter(([, v]) => v > 0),
          nonZero,
          `bonds row ${i}`,
        );
      });
    }),
    { numRuns: 120 },
  );
});
