import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { LengthMismatchError } from './errors.js';
import { MovingAverageScores, dummyReward, l1NormalizeScores, updateScores } from './moving-average.js';

const subnet = JSON.parse(
  readFileSync(new URL('../../../../vectors/sdk-subnet.json', import.meta.url), 'utf8'),
) as {
  template_moving_average: {
    alpha: number;
    initial: number[];
    steps: { uids: number[]; rewards: number[]; scores_after: number[] }[];
    l1_normalized_raw_weights: number[];
  };
};
const vector = subnet.template_moving_average;

void describe('template moving average (vector, bit for bit in float32)', () => {
  void it('updateScores steps and the L1-normalised raw weights', () => {
    let scores: Float32Array = Float32Array.from(vector.initial);
    for (const step of vector.steps) {
      scores = updateScores(scores, step.uids, step.rewards, vector.alpha);
      assert.deepEqual(Array.from(scores), step.scores_after);
    }
    assert.deepEqual(Array.from(l1NormalizeScores(scores)), vector.l1_normalized_raw_weights);
  });

  void it('the MovingAverageScores class gives the same numbers', () => {
    const table = new MovingAverageScores(['a', 'b', 'c', 'd'], vector.alpha);
    for (const step of vector.steps) table.update(step.uids, step.rewards);
    assert.deepEqual(Array.from(table.scores), vector.steps.at(-1)?.scores_after);
    assert.deepEqual(Array.from(table.rawWeights()), vector.l1_normalized_raw_weights);
  });
});

void describe('updateScores edge cases (template semantics)', () => {
  const start = Float32Array.from([0.5, 0.5, 0.5]);
  void it('NaN rewards count as 0; unqueried uids decay', () => {
    const out = updateScores(start, [0, 1], [NaN, 1], 0.5);
    assert.deepEqual(Array.from(out), [0.25, 0.75, 0.25]);
  });
  void it('empty uids or rewards leave the scores unchanged (a copy)', () => {
    const out = updateScores(start, [], [], 0.5);
    assert.deepEqual(out, start);
    assert.notEqual(out, start);
    assert.deepEqual(updateScores(start, [1], [], 0.5), start);
  });
  void it('a repeated uid keeps its last reward (numpy fancy assignment)', () => {
    assert.deepEqual(Array.from(updateScores(new Float32Array(2), [1, 1], [1, 0.5], 1)), [0, 0.5]);
  });
  void it('errors name the field', () => {
    assert.throws(() => updateScores(start, [0, 1], [1], 0.1), LengthMismatchError);
    assert.throws(() => updateScores(start, [3], [1], 0.1), { field: 'uids[0]' });
    assert.throws(() => updateScores(start, [-1], [1], 0.1), { field: 'uids[0]' });
    assert.throws(() => updateScores(start, [0], [1], 1.5), { field: 'alpha' });
  });
  void it('property: scores stay in [0, 1] for rewards in [0, 1], and α = 1 replaces queried uids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.float({ min: 0, max: 1, noNaN: true })), { maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (initial, pairs, alpha) => {
          const uids = pairs.map(([u]) => u % initial.length);
          const rewards = pairs.map(([, r]) => r);
          const out = updateScores(Float32Array.from(initial), uids, rewards, alpha);
          assert.ok(out.every((s) => s >= 0 && s <= 1));
          const replaced = updateScores(Float32Array.from(initial), uids, rewards, 1);
          const last = new Map(uids.map((u, i) => [u, rewards[i] as number]));
          for (const [u, r] of last) assert.equal(replaced[u], Math.fround(r));
        },
      ),
    );
  });
});

void describe('l1NormalizeScores', () => {
  void it('keeps all-zero scores as zeros (norm taken as 1)', () => {
    assert.deepEqual(Array.from(l1NormalizeScores(new Float32Array(3))), [0, 0, 0]);
  });
  void it('NaN scores make the norm 1, as in the template', () => {
    const out = l1NormalizeScores(Float32Array.from([NaN, 0.5]));
    assert.ok(Number.isNaN(out[0]));
    assert.equal(out[1], 0.5);
  });
});

void describe('MovingAverageScores resync and persistence', () => {
  void it('zeroes replaced hotkeys, grows with the subnet, and restores from a snapshot', () => {
    const table = new MovingAverageScores(['a', 'b'], 0.5);
    table.update([0, 1], [1, 1]);
    table.resync(['a', 'x', 'c']);
    assert.deepEqual(Array.from(table.scores), [0.5, 0, 0]);
    assert.deepEqual(table.hotkeys, ['a', 'x', 'c']);
    const restored = MovingAverageScores.restore(table.snapshot(), 0.5);
    restored.update([2], [1]);
    assert.deepEqual(Array.from(restored.scores), [0.25, 0, 0.5]);
  });
  void it('rejects a snapshot whose scores and hotkeys disagree', () => {
    assert.throws(
      () => MovingAverageScores.restore({ scores: [1], hotkeys: ['a', 'b'] }),
      LengthMismatchError,
    );
  });
});

void describe('dummyReward', () => {
  void it('1 when the miner doubled the query', () => {
    assert.equal(dummyReward(5, 10), 1);
    assert.equal(dummyReward(5, 11), 0);
    assert.equal(dummyReward(5, null), 0);
  });
});
