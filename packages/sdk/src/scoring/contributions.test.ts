import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  contributionsToU16Weights,
  contributionsToWeights,
  leaveOneOut,
  leaveOneOutSync,
  oneIn,
  oneInSync,
} from './contributions.js';
import { shapleySync } from './shapley.js';

// Each model adds its quality once, however many players serve it; D makes the ensemble worse.
const quality: Record<string, number> = { m1: 6, m2: 3, bad: -1 };
const model: Record<string, string> = { A: 'm1', A2: 'm1', B: 'm2', D: 'bad' };
const ensemble = (s: readonly string[]): number =>
  [...new Set(s.map((p) => model[p] as string))].reduce((acc, m) => acc + (quality[m] as number), 0);
const players = ['A', 'A2', 'B', 'D'];

void describe('leave-one-out and one-in contributions', () => {
  void it('leave-one-out pays duplicates nothing; one-in pays each the full standalone value', () => {
    const loo = leaveOneOutSync(players, ensemble);
    assert.deepEqual(loo.values, [0, 0, 3, -1]);
    assert.equal(loo.evaluations, players.length + 2);
    const alone = oneInSync(players, ensemble);
    assert.deepEqual(alone.values, [6, 6, 3, -1]);
    // Shapley sits between: the duplicates split model m1.
    assert.deepEqual(shapleySync(players, ensemble).values, [3, 3, 3, -1]);
  });

  void it('async variants agree', async () => {
    const v = (s: readonly string[]): Promise<number> => Promise.resolve(ensemble(s));
    assert.deepEqual((await leaveOneOut(players, v, { concurrency: 2 })).values, [0, 0, 3, -1]);
    assert.deepEqual((await oneIn(players, v)).values, [6, 6, 3, -1]);
  });
});

void describe('contributionsToWeights', () => {
  void it('clips negatives and NaN to 0 and L1-normalises', () => {
    assert.deepEqual(contributionsToWeights([3, 3, 3, -1]), [1 / 3, 1 / 3, 1 / 3, 0]);
    assert.deepEqual(contributionsToWeights([NaN, 2, 2]), [0, 0.5, 0.5]);
    assert.deepEqual(contributionsToWeights([-1, 0]), [0, 0]);
    assert.deepEqual(contributionsToWeights([1, 2], { power: 2 }), [0.2, 0.8]);
  });
  void it('rejects infinite scores and a bad power', () => {
    assert.throws(() => contributionsToWeights([1, Infinity]), { field: 'scores[1]' });
    assert.throws(() => contributionsToWeights([1], { power: 0 }), { field: 'power' });
  });
  void it('to u16: the best player gets 65535, negative contributors are dropped', () => {
    assert.deepEqual(contributionsToU16Weights([10, 11, 12, 13], [3, 3, 1.5, -1]), {
      uids: [10, 11, 12],
      values: [65535, 65535, 32768],
    });
    assert.deepEqual(contributionsToU16Weights([1, 2], [-1, -2]), { uids: [], values: [] });
  });
  void it('property: weights are non-negative and sum to 1 (or are all 0)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true })), (scores) => {
        const w = contributionsToWeights(scores);
        assert.ok(w.every((x) => x >= 0));
        const total = w.reduce((a, b) => a + b, 0);
        assert.ok(total === 0 || Math.abs(total - 1) < 1e-9);
      }),
    );
  });
});
