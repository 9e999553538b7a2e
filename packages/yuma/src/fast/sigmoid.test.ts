import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { alphaSigmoid, expSafe } from '../math/sigmoid.js';
import { Rng } from '../testing/random-input.js';
import { AlphaSigmoid, exactSeries, seriesFour } from './sigmoid.js';

const ONE = 2 ** 32;
const proportion = fc.integer({ min: 0, max: ONE });

test('the bounded liquid-alpha sigmoid equals the exact bigint one', () => {
  fc.assert(
    fc.property(
      proportion,
      proportion,
      proportion,
      fc.integer({ min: 0, max: 65_535 }),
      fc.integer({ min: 0, max: 65_535 }),
      fc.oneof(fc.constant(1000), fc.integer({ min: -32_768, max: 32_767 })),
      (c, w, b, lowU16, highU16, steepness) => {
        const low = Math.floor((lowU16 * ONE) / 65_535);
        const high = Math.floor((highU16 * ONE) / 65_535);
        const fast = new AlphaSigmoid(low, high, steepness * ONE).alpha(c, w, b);
        const exact = alphaSigmoid(
          BigInt(c),
          BigInt(w),
          BigInt(b),
          BigInt(low),
          BigInt(high),
          BigInt(steepness) << 32n,
        );
        assert.equal(BigInt(fast), exact);
      },
    ),
    { numRuns: 20_000 },
  );
});

test('near-boundary and extreme exponents: small diffs, diff = 1/2, saturated inputs', () => {
  const low = Math.floor((45_875 * ONE) / 65_535);
  const high = Math.floor((58_982 * ONE) / 65_535);
  for (const steepness of [1000, 1, -1, 100, 32_767, -32_768]) {
    const sigmoid = new AlphaSigmoid(low, high, steepness * ONE);
    for (const diff of [0, 1, ONE / 2 - 1, ONE / 2, ONE / 2 + 1, ONE - 1, ONE, ONE + 5]) {
      const exact = alphaSigmoid(
        BigInt(diff),
        BigInt(diff) * 2n,
        0n,
        BigInt(low),
        BigInt(high),
        BigInt(steepness) << 32n,
      );
      assert.equal(BigInt(sigmoid.alpha(diff, diff * 2, 0)), exact, `steepness ${steepness}, diff ${diff}`);
    }
  }
});

test('batched alphas (both signs, every band cell, four-lane series) equal the bigint sigmoid', () => {
  const low = Math.floor((45_875 * ONE) / 65_535);
  const high = Math.floor((58_982 * ONE) / 65_535);
  // 1000: the usual integer factor (|x| <= 5); 2400: |x| up to 12, the table's end; 333 and
  // -100: a non-integer factor and a factor of exactly 1 (diffs 0 and 1 give |x| = 1/2, whose
  // series has exact-integer steps the doubles must hand to the exact path).
  for (const steepness of [1000, 2400, 333, -100]) {
    const sigmoid = new AlphaSigmoid(low, high, steepness * ONE);
    // Uniform diffs reach every cell of the table; fast-check's add its edge cases.
    const rng = new Rng(steepness);
    const diffs = Array.from({ length: 1000 }, () => rng.next() + (rng.next() & 1));
    diffs.push(...fc.sample(proportion, { numRuns: 300, seed: steepness }));
    diffs.push(0, ONE, ONE / 2, ONE / 2 + 1, ONE / 2 - 1);
    const values = Float64Array.from(diffs);
    const index = Int32Array.from(diffs, (_, i) => i);
    const out = new Float64Array(diffs.length);
    sigmoid.fill(values, index, diffs.length, out);
    diffs.forEach((d, i) => {
      const exact = alphaSigmoid(0n, BigInt(d), 0n, BigInt(low), BigInt(high), BigInt(steepness) << 32n);
      assert.equal(BigInt(out[i] as number), exact, `steepness ${steepness}, diff ${d}`);
    });
  }
});

test('the four-lane double series equals the exact series or defers to it', () => {
  const lanes = new Float64Array(4);
  let settled = 0;
  // Up to |x| = 8 nearly every lane settles (toward 12 the terms near 2^46 leave less room).
  const rng = new Rng(5);
  const operands = Array.from({ length: 2000 }, () => 1 + rng.next() * 8 + (rng.next() % 8));
  // Exact-integer quotients (2^31: term 2 is 2^29 exactly) must be deferred, never misfloored.
  operands.push(ONE / 2, ONE * 2, ONE * 3, 1, 12 * ONE);
  for (let k = 0; k < operands.length; k += 4) {
    const [a = 1, b = a, c = a, d = a] = operands.slice(k, k + 4);
    seriesFour(a, b, c, d, lanes, 0);
    [a, b, c, d].forEach((operand, lane) => {
      const got = lanes[lane] as number;
      if (got !== -1) {
        assert.equal(got, exactSeries(operand), `operand ${operand}`);
        settled += 1;
      }
    });
  }
  assert.ok(settled > operands.length * 0.97, `only ${settled} of ${operands.length} settled`);
  seriesFour(ONE / 2, ONE / 2, ONE / 2, ONE / 2, lanes, 0);
  assert.equal(lanes[0], -1);
});

test('the exact series equals the crate exp on the operands the fast path takes', () => {
  const operands = fc.sample(fc.integer({ min: 1, max: 12 * ONE }), { numRuns: 300, seed: 9 });
  for (const operand of [...operands, ONE / 2, 12 * ONE]) {
    // exp(-x) = 1 / series(x): compare through the bigint exp of a negative input.
    const exact = expSafe(-BigInt(operand));
    assert.equal(BigInt(Math.floor((ONE * ONE) / exactSeries(operand))) - exact, 0n, `operand ${operand}`);
  }
});

test('batches of every size around the scratch capacity settle every bond', () => {
  const low = Math.floor((45_875 * ONE) / 65_535);
  const high = Math.floor((58_982 * ONE) / 65_535);
  const rng = new Rng(11);
  // Diffs near 1/2 with steepness 1000 keep |x| small, where many bonds are queued; a diff of
  // exactly 1/2 (x = 0) always is, so a queue shorter than the batch would lose bonds.
  const near = Array.from({ length: 280 }, () => ONE / 2 + (rng.next() % 50_000_000) - 25_000_000);
  const half = Array.from({ length: 280 }, () => ONE / 2);
  for (const diffs of [near, half]) {
    const exact = diffs.map((d) => alphaSigmoid(0n, BigInt(d), 0n, BigInt(low), BigInt(high), 1000n << 32n));
    const sigmoid = new AlphaSigmoid(low, high, 1000 * ONE);
    for (const count of [60, 64, 65, 68, 69, 129, 132, 133, 134, 135, 136, 137, 140, 264, 268, 269, 280]) {
      const values = Float64Array.from(diffs);
      // Reversed order: queue slots and bond indices differ.
      const index = Int32Array.from({ length: count }, (_, t) => count - 1 - t);
      const out = new Float64Array(diffs.length);
      sigmoid.fill(values, index, count, out);
      for (let k = 0; k < count; k++) {
        assert.equal(BigInt(out[k] as number), exact[k], `count ${count}, bond ${k}`);
      }
    }
  }
});
