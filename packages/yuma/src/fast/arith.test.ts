import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mulProportions } from './arith.js';

const ONE = 2 ** 32;
const LIMIT = ONE + 2 ** 16;
const exact = (a: number, b: number): number => Number((BigInt(a) * BigInt(b)) >> 32n);

test('mulProportions floors a·b / 2^32 exactly over its whole domain', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: LIMIT }), fc.integer({ min: 0, max: LIMIT }), (a, b) => {
      assert.equal(mulProportions(a, b), exact(a, b));
    }),
    { numRuns: 20_000 },
  );
});

test('mulProportions: exact multiples and products just off a multiple take the exact route', () => {
  // A stored bond of 65535 is the proportion 2^32, so (1 - alpha)·bond is a multiple of 2^32.
  const cases: [number, number][] = [
    [0, ONE],
    [ONE, ONE],
    [LIMIT, LIMIT],
    [3 * 2 ** 20, 2 ** 12],
  ];
  fc.sample(fc.integer({ min: 1, max: ONE }), { numRuns: 200, seed: 3 }).forEach((a) => {
    cases.push([a, ONE], [ONE, a], [a, ONE - 1], [a, ONE + 1]);
    // b near 977·2^32 / a puts a·b within a of a multiple of 2^32.
    const b = Math.floor((977 * ONE) / a);
    for (const d of [-1, 0, 1]) if (b + d >= 0 && b + d <= LIMIT) cases.push([a, b + d]);
  });
  for (const [a, b] of cases) assert.equal(mulProportions(a, b), exact(a, b), `${a} · ${b}`);
});
