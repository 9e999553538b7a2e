import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { randomSalt, weightCommitHash } from './commit-hash.js';
import { LengthMismatchError, ValueRangeError } from './errors.js';
import { float32L1Norm, float32Sum } from './float32.js';
import {
  U16_MAX,
  convertWeightsAndUidsForEmit,
  maxUpscaledWeights,
  normalizeMaxWeight,
  processWeights,
  pythonRound,
  quantileLinear,
  u16NormalizedFloat,
  weightRowFromChain,
} from './weights.js';

interface EmitCase {
  uids: number[];
  weights: number[];
  unrounded: number[];
  weight_uids: number[];
  weight_vals: number[];
}
const misc = JSON.parse(
  readFileSync(new URL('../../../../vectors/sdk-misc.json', import.meta.url), 'utf8'),
) as {
  convert_weights_and_uids_for_emit: EmitCase[];
  u16_normalized_float: Record<string, number>;
  commit_weight_hash: {
    address: string;
    netuid: number;
    uids: number[];
    values: number[];
    salt: number[];
    version_key: number;
    preimage_hex: string;
    hash: string;
  };
};

const close = (actual: readonly number[], expected: readonly number[], tol: number): void => {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) =>
    assert.ok(Math.abs(a - (expected[i] as number)) <= tol, `[${i}] ${a} vs ${expected[i]}`),
  );
};

void describe('convertWeightsAndUidsForEmit', () => {
  for (const [i, c] of misc.convert_weights_and_uids_for_emit.entries()) {
    void it(`vector ${i}: ${JSON.stringify(c.weights)}`, () => {
      assert.deepEqual(convertWeightsAndUidsForEmit(c.uids, c.weights), {
        uids: c.weight_uids,
        values: c.weight_vals,
      });
      assert.deepEqual(maxUpscaledWeights(c.weights), c.unrounded);
    });
  }

  void it('rounds half to even like Python round', () => {
    assert.deepEqual(
      [0.5, 1.5, 2.5, 3.5, 2.4999999999999996, 32767.5, 65534.5, 7].map(pythonRound),
      [0, 2, 2, 4, 2, 32768, 65534, 7],
    );
    // 32767.5 and 2.5 are the vector's ties; the emitted values follow them.
    assert.deepEqual(convertWeightsAndUidsForEmit([1, 2], [2, 1]).values, [65535, 32768]);
  });

  void it('all-zero weights emit nothing; a single uid gets 65535', () => {
    assert.deepEqual(convertWeightsAndUidsForEmit([0, 1], [0, 0]), { uids: [], values: [] });
    assert.deepEqual(convertWeightsAndUidsForEmit([], []), { uids: [], values: [] });
    assert.deepEqual(convertWeightsAndUidsForEmit([42], [1e-9]), { uids: [42], values: [65535] });
  });

  void it('drops weights that round to zero', () => {
    // 5e-6 * 65535 = 0.33 rounds to 0 and is dropped; 1e-5 * 65535 = 0.66 rounds to 1 and stays.
    assert.deepEqual(convertWeightsAndUidsForEmit([3, 4, 5], [1, 5e-6, 1e-5]), {
      uids: [3, 5],
      values: [65535, 1],
    });
  });

  void it('rejects mismatched lengths, negatives, NaN and out-of-range uids with named fields', () => {
    assert.throws(
      () => convertWeightsAndUidsForEmit([0, 1, 2], [0.5, 0.5]),
      (e: unknown) =>
        e instanceof LengthMismatchError && e.code === 'SCORING_LENGTH_MISMATCH' && e.field === 'uids',
    );
    assert.throws(
      () => convertWeightsAndUidsForEmit([0, 1], [0.5, -0.1]),
      (e: unknown) => e instanceof ValueRangeError && e.field === 'weights[1]' && /-0\.1/.test(e.message),
    );
    assert.throws(() => convertWeightsAndUidsForEmit([0], [NaN]), {
      code: 'SCORING_VALUE_RANGE',
      field: 'weights[0]',
    });
    assert.throws(() => convertWeightsAndUidsForEmit([-1], [1]), { field: 'uids[0]' });
    assert.throws(() => convertWeightsAndUidsForEmit([0, 65536], [1, 1]), { field: 'uids[1]' });
  });

  void it('property: max value is 65535, values in [1, 65535], and the chain row round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (weights) => {
          const uids = weights.map((_, i) => i);
          const { uids: out, values } = convertWeightsAndUidsForEmit(uids, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum === 0) return out.length === 0;
          assert.equal(Math.max(...values), U16_MAX);
          assert.ok(values.every((v) => Number.isInteger(v) && v >= 1 && v <= U16_MAX));
          const row = weightRowFromChain(weights.length, out, values);
          const rowSum = values.reduce((a, b) => a + b, 0);
          const max = Math.max(...weights);
          // Each entry is within half a u16 step of the exact ratio (plus float32 rounding).
          weights.forEach((w, i) => {
            const exact = ((w / max) * U16_MAX) / rowSum;
            assert.ok(Math.abs((row[i] as number) - exact) <= 0.5 / rowSum + 1e-6);
          });
          return true;
        },
      ),
    );
  });
});

void describe('u16NormalizedFloat', () => {
  void it('vector', () => {
    for (const [x, expected] of Object.entries(misc.u16_normalized_float)) {
      assert.equal(u16NormalizedFloat(Number(x)), expected);
    }
  });
  void it('rejects non-u16 input', () => {
    for (const bad of [-1, 65536, 1.5, NaN]) assert.throws(() => u16NormalizedFloat(bad), { field: 'x' });
  });
});

void describe('numpy float32 sums', () => {
  // Reference values from numpy 2.4 (np.float32 arrays of (i*0.37) % 1.3), written out exactly.
  const series = (n: number): number[] => Array.from({ length: n }, (_, i) => (i * 0.37) % 1.3);
  void it('pairwise summation matches np.sum / np.linalg.norm(ord=1)', () => {
    assert.equal(float32Sum(series(300)), 197.600006103515625);
    assert.equal(float32L1Norm(series(300)), 197.600006103515625);
    assert.equal(float32Sum(series(37)), 25.4199981689453125);
  });
  void it('is exact on small integers, any length', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 600 }), (xs) => {
        return float32Sum(xs) === xs.reduce((a, b) => a + b, 0);
      }),
    );
  });
});

void describe('normalizeMaxWeight', () => {
  void it('matches bittensor on a capped example (numpy float64 run)', () => {
    // The reference input went through a float32 array first.
    const x = [0.5, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.04, 0.03, 0.02, 0.01].map(Math.fround);
    close(
      normalizeMaxWeight(x, 0.2),
      [
        0.19999983999996862, 0.1600000331920994, 0.1600000331920994, 0.0800000165960497, 0.0800000165960497,
        0.0800000165960497, 0.0800000165960497, 0.06400001089265352, 0.048000008169490134,
        0.03200000544632676, 0.01600000272316338,
      ],
      1e-15,
    );
  });
  void it('uniform when the limit cannot be met or everything is zero', () => {
    assert.deepEqual(normalizeMaxWeight([1, 2, 3], 0.2), [1 / 3, 1 / 3, 1 / 3]);
    assert.deepEqual(normalizeMaxWeight([0, 0, 0, 0], 0.5), [0.25, 0.25, 0.25, 0.25]);
    assert.deepEqual(normalizeMaxWeight([], 0.5), []);
    // Subnormal weights: the cutoff underflows; uniform, never NaN.
    assert.deepEqual(normalizeMaxWeight([0, 0, 5e-324], 0.3333333333333334), [1 / 3, 1 / 3, 1 / 3]);
  });
  void it('property: sums to 1 and keeps the order, for any non-negative weights (subnormal ones too)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (xs, limit) => {
          const y = normalizeMaxWeight(xs, limit);
          assert.ok(Math.abs(y.reduce((a, b) => a + b, 0) - 1) < 1e-9);
          for (let i = 0; i < xs.length; i++)
            for (let j = 0; j < xs.length; j++)
              if ((xs[i] as number) < (xs[j] as number))
                assert.ok((y[i] as number) <= (y[j] as number) + 1e-12);
        },
      ),
    );
  });
  void it("property: respects the limit where bittensor's epsilon (1e-7 of the total) is negligible", () => {
    // With weights some 1e-7 of the total or smaller, bittensor's formula (and so this one) can
    // leave the largest entry above the limit; scores in [1, 100] or 0 keep every share >= 2e-4.
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1, max: 100, noNaN: true })), {
          minLength: 1,
          maxLength: 50,
        }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (xs, limit) => {
          fc.pre(xs.length * limit > 1 && xs.some((v) => v > 0));
          const y = normalizeMaxWeight(xs, limit);
          assert.ok(Math.max(...y) <= limit + 1e-6, `max ${Math.max(...y)} > ${limit}`);
        },
      ),
    );
  });
});

void describe('processWeights', () => {
  const uids = Array.from({ length: 12 }, (_, i) => i);
  void it('quantile exclusion then max-weight cap (bittensor numpy run)', () => {
    const w = [0, 0.3, 0.01, 0.2, 0, 0.05, 0.15, 0.002, 0.1, 0.08, 0.04, 0.068];
    const out = processWeights(uids, w, {
      numNeurons: 12,
      minAllowedWeights: 4,
      maxWeightLimit: 0.25,
      excludeQuantile: Math.trunc(0.2 * 65535),
    });
    assert.deepEqual(out.uids, [1, 3, 5, 6, 8, 9, 10, 11]);
    close(
      out.weights,
      [
        0.24999988079071045, 0.21802328526973724, 0.05450582131743431, 0.16351746022701263,
        0.10901164263486862, 0.0872093066573143, 0.04360465332865715, 0.0741279199719429,
      ],
      2e-6, // bittensor computes in float32
    );
  });
  void it('pads with 1e-5 when fewer than min_allowed_weights are positive', () => {
    const w = [0, 0.9, 0, 0, 0.1, 0, 0, 0, 0, 0, 0, 0];
    const out = processWeights(uids, w, { numNeurons: 12, minAllowedWeights: 4, maxWeightLimit: 0.25 });
    assert.deepEqual(out.uids, uids);
    const [small, big] = [0.05010021244670474, 0.2494989377664763];
    close(
      out.weights,
      uids.map((uid) => (uid === 1 || uid === 4 ? big : small)),
      1e-12,
    );
  });
  void it('uniform over all neurons when nothing is positive', () => {
    const out = processWeights([0, 1, 2, 3], [0, 0, 0, 0], {
      numNeurons: 4,
      minAllowedWeights: 1,
      maxWeightLimit: 1,
    });
    assert.deepEqual(out, { uids: [0, 1, 2, 3], weights: [0.25, 0.25, 0.25, 0.25] });
  });
  void it('numpy linear quantile', () => {
    assert.equal(quantileLinear([1, 2, 3, 4], 0.25), 1.75);
    assert.ok(Math.abs(quantileLinear([0.1, 0.5, 0.2], 0.3) - 0.16) < 1e-15);
    assert.ok(Math.abs(quantileLinear([0.3, 0.1, 0.7, 0.2, 0.9], 0.63) - 0.508) < 1e-15);
  });
});

void describe('weightCommitHash (commit-reveal v2)', () => {
  const v = misc.commit_weight_hash;
  const input = {
    address: v.address,
    netuid: v.netuid,
    uids: v.uids,
    values: v.values,
    salt: v.salt,
    versionKey: v.version_key,
  };
  void it('vector preimage and hash', () => {
    const { preimage, hash } = weightCommitHash(input);
    assert.equal(Buffer.from(preimage).toString('hex'), v.preimage_hex);
    assert.equal(hash, v.hash);
  });
  void it('a different salt or version key changes the hash', () => {
    assert.notEqual(weightCommitHash({ ...input, salt: [9, ...v.salt.slice(1)] }).hash, v.hash);
    assert.notEqual(weightCommitHash({ ...input, versionKey: 2n }).hash, v.hash);
  });
  void it('names the bad field', () => {
    assert.throws(() => weightCommitHash({ ...input, values: [1, 2] }), { code: 'SCORING_LENGTH_MISMATCH' });
    assert.throws(() => weightCommitHash({ ...input, salt: [70000] }), { field: 'salt[0]' });
    assert.throws(() => weightCommitHash({ ...input, versionKey: -1 }), { field: 'versionKey' });
    assert.throws(() => weightCommitHash({ ...input, address: 'nope' }), { field: 'address' });
  });
  void it('randomSalt gives u16 words', () => {
    const salt = randomSalt();
    assert.equal(salt.length, 8);
    assert.ok(salt.every((s) => Number.isInteger(s) && s >= 0 && s <= 65535));
  });
});
