/**
 * weighted_median_col_sparse on numbers: the same deterministic mid-pivot quickselect as
 * subtensor, over a column-major score table of the validators with positive stake.
 */
import { divFx, sumFx } from './arith.js';
import type { Rows } from './rows.js';

/** Normalize (x / Σx unless Σx = 0), as inplace_normalize. */
export function normalizeFx(x: Float64Array): Float64Array {
  const total = sumFx(x);
  if (total === 0) return x.slice();
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = divFx(x[i] as number, total);
  return out;
}

class Partitions {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
  constructor(size: number) {
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.c = new Int32Array(size);
  }
}

function weightedMedian(
  stake: Float64Array,
  score: Float64Array,
  offset: number,
  count: number,
  minority: number,
  stakeSum: number,
  p: Partitions,
): number {
  let current = p.a;
  let lower = p.b;
  let upper = p.c;
  let m = count;
  for (let i = 0; i < m; i++) current[i] = i;
  let lo = 0;
  let hi = stakeSum;
  for (let iteration = 0; ;) {
    if (m === 0) return 0;
    if (m === 1) return score[offset + (current[0] as number)] as number;
    const pivot = score[offset + (current[m >> 1] as number)] as number;
    let loStake = 0;
    let hiStake = 0;
    let nl = 0;
    let nu = 0;
    for (let k = 0; k < m; k++) {
      const idx = current[k] as number;
      const s = score[offset + idx] as number;
      if (s === pivot) continue;
      if (s < pivot) {
        loStake += stake[idx] as number;
        lower[nl++] = idx;
      } else {
        hiStake += stake[idx] as number;
        upper[nu++] = idx;
      }
    }
    if (minority < lo + loStake && nl > 0) {
      hi = lo + loStake;
      const spare = current;
      current = lower;
      lower = spare;
      m = nl;
    } else if (hi - hiStake <= minority && nu > 0) {
      lo = hi - hiStake;
      const spare = current;
      current = upper;
      upper = spare;
      m = nu;
    } else {
      return pivot;
    }
    iteration += 1;
    if (iteration > count) return 0;
  }
}

/** Consensus: per column, the stake-weighted median of the positive-stake rows' weights. */
export function weightedMedianColumns(
  stake: Float64Array,
  weights: Rows,
  columns: number,
  majority: number,
): Float64Array {
  const positive: number[] = [];
  for (let i = 0; i < stake.length; i++) if ((stake[i] as number) > 0) positive.push(i);
  const useStake = normalizeFx(Float64Array.from(positive, (i) => stake[i] as number));
  const stakeSum = sumFx(useStake);
  const minority = stakeSum - majority;
  const v = useStake.length;
  // Column-major: score[c * v + k] is row k's (k-th positive-stake uid's) weight on column c.
  const score = new Float64Array(columns * v);
  positive.forEach((i, k) => {
    if (i >= weights.rowCount) return;
    for (let e = weights.start[i] as number, end = weights.start[i + 1] as number; e < end; e++) {
      score[(weights.col[e] as number) * v + k] = weights.val[e] as number;
    }
  });
  const partitions = new Partitions(v);
  const median = new Float64Array(columns);
  for (let c = 0; c < columns; c++) {
    median[c] = weightedMedian(useStake, score, c * v, v, minority, stakeSum, partitions);
  }
  return median;
}
