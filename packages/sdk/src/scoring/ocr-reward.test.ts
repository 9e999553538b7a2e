import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { maxWeightAssignment } from './assignment.js';
import {
  type OcrLabel,
  type OcrPrediction,
  fontReward,
  levenshtein,
  ocrReward,
  positionReward,
  textReward,
} from './ocr-reward.js';

const subnet = JSON.parse(
  readFileSync(new URL('../../../../vectors/sdk-subnet.json', import.meta.url), 'utf8'),
) as {
  ocr_reward: {
    labels: OcrLabel[];
    predictions: OcrPrediction[];
    assignment: number[];
    section_rewards: { text: number; position: number; font: number; total: number }[];
    prediction_reward_mean: number;
    time_reward_if_time_elapsed_0: number;
    'total_reward_if_alpha_prediction=alpha_time=1': number;
  };
};

void describe('ocrReward (vector)', () => {
  const v = subnet.ocr_reward;
  void it('matches assignment, section rewards, mean and total', () => {
    const r = ocrReward(v.labels, v.predictions);
    assert.deepEqual(r.assignment, v.assignment);
    assert.deepEqual(r.sections, v.section_rewards);
    assert.equal(r.prediction, v.prediction_reward_mean);
    assert.equal(r.time, v.time_reward_if_time_elapsed_0);
    assert.equal(r.total, v['total_reward_if_alpha_prediction=alpha_time=1']);
  });
  void it('a null response scores 0; missing predictions are padded and score 0', () => {
    assert.equal(ocrReward(v.labels, null).total, 0);
    const r = ocrReward(v.labels, []);
    assert.deepEqual(
      r.sections.map((s) => s.total),
      [0, 0],
    );
  });
  void it('the time reward falls linearly to 0 at the timeout', () => {
    assert.equal(ocrReward(v.labels, v.predictions, { timeElapsed: 5, timeout: 10 }).time, 0.5);
    assert.equal(ocrReward(v.labels, v.predictions, { timeElapsed: 20, timeout: 10 }).time, 0);
  });
});

void describe('OCR reward parts (reference quirks kept)', () => {
  void it('levenshtein over code points', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('😀a', '😀b'), 1);
  });
  void it('empty or missing fields score 0', () => {
    assert.equal(textReward('abc', ''), 0);
    assert.equal(textReward('abc', null), 0);
    assert.equal(positionReward([0, 0, 1, 1], []), 0);
    assert.equal(fontReward({ family: 'Helvetica', size: 10 }, undefined), 0);
  });
  void it('IoU with +1 terms inflates overlaps of normalised boxes', () => {
    // The true IoU of these boxes is 0.0025 / 0.03 ≈ 0.083; the +1 terms give 1.1025 / 1.43.
    assert.ok(Math.abs(positionReward([0, 0, 0.1, 0.1], [0.05, 0.05, 0.2, 0.2]) - 1.1025 / 1.43) < 1e-12);
    assert.equal(positionReward([0, 0, 0.1, 0.1], [0, 0, 0.1, 0.1]), 1);
  });
});

function bruteForceBest(m: number[][]): number {
  const rows = m.length;
  const cols = (m[0] ?? []).length;
  let best = -Infinity;
  const used = new Array<boolean>(cols).fill(false);
  const go = (r: number, acc: number): void => {
    if (r === rows) {
      best = Math.max(best, acc);
      return;
    }
    for (let c = 0; c < cols; c++) {
      if (used[c]) continue;
      used[c] = true;
      go(r + 1, acc + (m[r]?.[c] as number));
      used[c] = false;
    }
  };
  go(0, 0);
  return best;
}

void describe('maxWeightAssignment', () => {
  void it('matches scipy linear_sum_assignment(maximize=True) on a 6×9 matrix', () => {
    const m = [
      [0.512, 0.95, 0.144, 0.949, 0.312, 0.423, 0.828, 0.409, 0.55],
      [0.028, 0.754, 0.538, 0.33, 0.788, 0.303, 0.453, 0.134, 0.403],
      [0.203, 0.262, 0.75, 0.28, 0.485, 0.981, 0.962, 0.725, 0.541],
      [0.277, 0.161, 0.97, 0.516, 0.116, 0.623, 0.777, 0.613, 0.917],
      [0.04, 0.529, 0.459, 0.062, 0.641, 0.853, 0.593, 0.26, 0.84],
      [0.509, 0.511, 0.753, 0.148, 0.82, 0.683, 0.787, 0.192, 0.802],
    ];
    assert.deepEqual(maxWeightAssignment(m), [1, 4, 6, 2, 5, 8]);
  });
  void it('property: optimal (equals brute force) and a valid matching', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((rows) =>
          fc.integer({ min: rows, max: 6 }).chain((cols) =>
            fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: cols, maxLength: cols }), {
              minLength: rows,
              maxLength: rows,
            }),
          ),
        ),
        (m) => {
          const a = maxWeightAssignment(m);
          assert.equal(new Set(a).size, a.length);
          const total = a.reduce((s, c, r) => s + (m[r]?.[c] as number), 0);
          assert.equal(total, bruteForceBest(m));
        },
      ),
    );
  });
  void it('rejects more rows than columns', () => {
    assert.throws(() => maxWeightAssignment([[1], [2]]), { field: 'weights' });
  });
});
