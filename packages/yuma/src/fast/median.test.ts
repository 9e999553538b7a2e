import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { weightedMedianColSparse } from '../math/median.js';
import { Arena } from './arena.js';
import { weightedMedianColumns } from './median.js';
import type { Rows } from './rows.js';

const ONE = 2 ** 32;

/** CSR rows from [column, value] lists (columns ascending when `sorted`). */
function toRows(rows: [number, number][][], sorted: boolean): Rows {
  const start = new Int32Array(rows.length + 1);
  const entries = rows.flat();
  rows.forEach((row, i) => (start[i + 1] = (start[i] as number) + row.length));
  return {
    rowCount: rows.length,
    start,
    col: Int32Array.from(entries, ([c]) => c),
    val: Float64Array.from(entries, ([, v]) => v),
    sorted,
  };
}

const network = fc.record({
  // Past 32 validators the bucketed selection runs; below, the plain quickselect. Past ~128
  // (or with ties) the chosen bucket holds 32 pairs or more and is split a second time.
  validators: fc.oneof(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 128, max: 300 })),
  columns: fc.integer({ min: 1, max: 40 }),
  // A few distinct scores make ties (and empty buckets) common; raw ones spread out.
  palette: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(0)),
  majority: fc.oneof(fc.integer({ min: 0, max: ONE }), fc.constantFrom(0, ONE / 2, ONE - 1, ONE, ONE + 1)),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  density: fc.double({ min: 0.2, max: 1, noNaN: true }),
  // Equal stakes with minority a whole number of them: running stakes land exactly on it.
  equal: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 3 }),
});

test('bucketed consensus equals the bigint weighted median (ties, zero stakes, extreme kappa)', () => {
  fc.assert(
    fc.property(network, ({ validators, columns, palette, seed, density, equal, ...rest }) => {
      const unit = Math.floor(ONE / validators);
      const majority = equal === null ? rest.majority : (validators - Math.floor(equal * validators)) * unit;
      let state = seed;
      const next = (): number => {
        state = (state * 48_271) % 2_147_483_647;
        return state / 2_147_483_647;
      };
      const stake = Array.from({ length: validators }, () => {
        if (equal !== null) return 1000;
        const r = next();
        // Zero stakes drop the row; tiny ones normalize to zero but stay in the table.
        return r < 0.1 ? 0 : r < 0.2 ? 1 : Math.floor(next() * 2 ** 40);
      });
      const rows: [number, number][][] = stake.map(() => {
        const row: [number, number][] = [];
        for (let c = 0; c < columns; c++) {
          if (next() > density) continue;
          const v = palette === 0 ? Math.floor(next() * ONE) : Math.floor(next() * palette) * (ONE / 4);
          row.push([c, v]);
        }
        return row;
      });
      const expected = weightedMedianColSparse(
        stake.map(BigInt),
        rows.map((row) => row.map(([c, v]) => [c, BigInt(v)] as const)),
        columns,
        BigInt(majority),
      );
      for (const sorted of [true, false]) {
        const got = weightedMedianColumns(
          Float64Array.from(stake),
          toRows(rows, sorted),
          columns,
          majority,
          new Arena(1024),
        );
        assert.deepEqual(Array.from(got, BigInt), expected, `sorted ${sorted}`);
      }
    }),
    { numRuns: 300 },
  );
});
