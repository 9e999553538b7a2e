import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { alphaSigmoid } from '../math/sigmoid.js';
import { AlphaSigmoid } from './sigmoid.js';

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
