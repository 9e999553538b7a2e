import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OutOfFastRange } from '../fast/arith.js';
import { fastEpoch } from '../fast/epoch.js';
import { denseNetwork, randomNetwork } from '../testing/random-input.js';
import { referenceEpoch } from './reference.js';
import { epoch } from './run.js';

test('fast path equals the bigint reference on random adversarial subnets', () => {
  let fastRuns = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const input = randomNetwork(seed);
      const expected = referenceEpoch(input);
      try {
        assert.deepEqual(fastEpoch(input), expected);
        fastRuns += 1;
      } catch (error) {
        if (!(error instanceof OutOfFastRange)) throw error;
        assert.deepEqual(epoch(input), expected);
      }
    }),
    { numRuns: 400 },
  );
  // Most random inputs must take the fast path, or the comparison above proves little.
  assert.ok(fastRuns > 300, `only ${fastRuns} of 400 inputs ran on the fast path`);
});

test('fast path equals the reference on dense subnets, classic and Yuma3 with liquid alpha', () => {
  for (const yuma3 of [false, true]) {
    const input = denseNetwork({ n: 48, validators: 12, yuma3, liquidAlpha: yuma3, seed: 7 });
    assert.deepEqual(fastEpoch(input), referenceEpoch(input));
  }
});
