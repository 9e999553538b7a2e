import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { referenceEpoch } from '../epoch/reference.js';
import { isU16Matrix } from '../epoch/matrix.js';
import type { EpochInput } from '../epoch/types.js';
import { denseNetwork } from '../testing/random-input.js';
import { fastEpoch } from './epoch.js';

/**
 * Dense Yuma3 subnets with liquid alpha: re-registered uids (registered after the last tempo)
 * drop their bond columns, and bond rows with missing entries leave weights without a bond.
 */
test('dense liquid-alpha epochs with dropped bond columns equal the bigint reference', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.integer({ min: 8, max: 40 }),
      fc.uniqueArray(fc.nat({ max: 39 }), { maxLength: 6 }),
      fc.boolean(),
      (seed, n, reRegistered, thinBonds) => {
        const base = denseNetwork({
          n,
          validators: Math.max(2, n >> 2),
          yuma3: true,
          liquidAlpha: true,
          seed,
        });
        // After the last tempo (9_640) but before the validators' last update (9_900).
        const blockAtRegistration = base.state.blockAtRegistration.map((b, uid) =>
          reRegistered.includes(uid) ? 9_800n : b,
        );
        let bonds = base.state.bonds;
        if (thinBonds && isU16Matrix(bonds)) {
          // Drop the first entry of every other bond row.
          const matrix = bonds;
          const keep: number[] = [];
          const start = new Uint32Array(matrix.start.length);
          for (let i = 0; i + 1 < matrix.start.length; i++) {
            for (let k = matrix.start[i] as number; k < (matrix.start[i + 1] as number); k++) {
              if (i % 2 === 0 && k === matrix.start[i]) continue;
              keep.push(k);
            }
            start[i + 1] = keep.length;
          }
          bonds = {
            start,
            uids: Uint16Array.from(keep, (k) => matrix.uids[k] as number),
            values: Uint16Array.from(keep, (k) => matrix.values[k] as number),
          };
        }
        const input: EpochInput = {
          params: base.params,
          state: { ...base.state, blockAtRegistration, bonds },
        };
        assert.deepEqual(fastEpoch(input), referenceEpoch(input));
      },
    ),
    { numRuns: 40 },
  );
});
